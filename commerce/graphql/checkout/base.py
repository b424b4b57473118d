"""What checkout and order mutations share: who may use a checkout (`can_use_checkout`, the
one rule for the checkout query and every mutation on a checkout), finding the checkout by
any of Saleor's three arguments (id, checkoutId, token) under a row lock."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError

from commerce.checkout.services import lock_checkout
from commerce.core.permissions import PermissionEnum
from commerce.core.validation import problems
from commerce.graphql.core.context import has_one_of_permissions
from commerce.graphql.core.model_mutations import decode_id
from commerce.graphql.core.mutations import BaseMutation

# Staff and apps with one of these may read and act on any checkout: Saleor's permissions for
# reading checkouts, and HANDLE_CHECKOUTS, which Saleor gives apps that drive checkouts.
CHECKOUT_ACCESS_PERMISSIONS = (
    PermissionEnum.MANAGE_CHECKOUTS,
    PermissionEnum.HANDLE_CHECKOUTS,
    PermissionEnum.HANDLE_PAYMENTS,
    PermissionEnum.IMPERSONATE_USER,
)


def may_use_checkout_of(context, owner_id, channel) -> bool:
    """The rule, for a checkout or for the order a completed checkout became. As in Saleor an
    anonymous checkout of an active channel is addressed by its ID alone (the random token is
    its bearer secret); a checkout attached to a customer is that customer's only — another
    customer or an anonymous caller holding the ID can neither read nor change it."""
    if channel.is_active:
        if owner_id is None:
            return True
        user = context.user
        if getattr(user, "is_authenticated", False) and user.pk == owner_id:
            return True
    return has_one_of_permissions(context, CHECKOUT_ACCESS_PERMISSIONS)


def can_use_checkout(context, checkout) -> bool:
    return may_use_checkout_of(context, checkout.user_id, checkout.channel)


class DomainMutation(BaseMutation):
    """Checkout and order mutations: the base's policy, with their own wording of a unique
    value taken concurrently (clients match it)."""

    unique_violation_message = "This value is already in use; try again."

    class Meta:
        abstract = True


def checkout_token_from(data: dict, field_names=("id", "checkout_id", "token")) -> uuid.UUID:
    """Saleor takes `id` (a Checkout global ID), the deprecated `checkoutId`, or `token`."""
    if data.get("token"):
        return data["token"]
    for name in ("id", "checkout_id"):
        if data.get(name):
            api_name = "checkoutId" if name == "checkout_id" else "id"
            _, pk = decode_id(data[name], "Checkout", api_name)
            try:
                return uuid.UUID(str(pk))
            except ValueError:
                raise problems([(api_name, "NOT_FOUND", f"Couldn't resolve to a node: {data[name]}")])
    raise problems([("id", "GRAPHQL_ERROR", "Provide one of: id, checkoutId, token.")])


def checkout_not_found(data: dict, token) -> ValidationError:
    return problems([("id", "NOT_FOUND", f"Couldn't resolve to a node: {data.get('id') or data.get('checkout_id') or token}")])


def get_locked_checkout(info, data: dict):
    """The checkout a mutation acts on, locked. One the caller may not use answers exactly as
    one that does not exist (Saleor's "Couldn't resolve to a node" for the ID), so a shopper's
    storefront whose cart became someone else's starts a new cart instead of failing."""
    token = checkout_token_from(data)
    checkout = lock_checkout(token)
    if checkout is None or not can_use_checkout(info.context, checkout):
        raise checkout_not_found(data, token)
    return checkout


def get_completable_checkout_token(info, data: dict) -> uuid.UUID:
    """checkoutComplete's version of get_locked_checkout: the same rule, and a replay (the
    checkout is gone, its order exists) is answered only to who could use the checkout, so the
    ID of a customer's checkout does not hand their order to someone else. The lock is taken
    in the mutation's transaction, which complete_checkout continues."""
    from commerce.order.models import Order

    token = checkout_token_from(data)
    checkout = lock_checkout(token)
    if checkout is not None:
        allowed = can_use_checkout(info.context, checkout)
    else:
        order = Order.objects.select_related("channel").filter(checkout_token=str(token)).first()
        allowed = order is not None and may_use_checkout_of(info.context, order.user_id, order.channel)
    if not allowed:
        raise checkout_not_found(data, token)
    return token
