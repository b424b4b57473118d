"""The wholesale pages' way to the core: the storefront's client (the signed-in customer's
tokens, refreshed as needed) with the wholesale documents added; and the customer as a User,
for the business domain (applications, saved lists, documents), which is ours, not Saleor's."""

from __future__ import annotations

from pathlib import Path

from saleor_client import SaleorClient

from storefront import sessions
from storefront.client import DOCUMENTS, customer_client

WHOLESALE_DOCUMENTS = [*DOCUMENTS, Path(__file__).resolve().parent / "graphql"]


def wholesale_client(request) -> SaleorClient:
    return SaleorClient(customer_client(request).transport, WHOLESALE_DOCUMENTS)


def current_user(request):
    """The signed-in customer's User, from the access token the core issued (refreshed first),
    or None."""
    from commerce.account.tokens import ACCESS, InvalidToken, decode_token, user_from_payload

    if not request.session.get(sessions.CUSTOMER_KEY):
        return None
    customer_client(request)  # renews an access token about to lapse
    customer = request.session.get(sessions.CUSTOMER_KEY)
    if not customer:
        return None
    try:
        return user_from_payload(decode_token(customer["token"], ACCESS))
    except InvalidToken:
        return None


def is_approved_buyer(request) -> bool:
    """Whether the visitor is signed in with an APPROVED business account — who may see the
    wholesale channel's prices (the core decides the same from the caller's token)."""
    from commerce.business import gate

    user = current_user(request)
    return user is not None and gate.buyer_problem(user, None) is None
