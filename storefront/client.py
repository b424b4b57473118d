"""The storefront's way to the core: its own documents, over the in-process transport by
default or over HTTP when SALEOR_API_URL points at another server (ours or a real Saleor).

Shoppers who signed in are represented by the JWTs the core issued them (kept in the session),
never by Django's own login, so the same code runs against a remote Saleor."""

from __future__ import annotations

import os
import time
from functools import lru_cache
from pathlib import Path

from saleor_client import HttpTransport, InProcessTransport, SaleorClient

DOCUMENTS = [Path(__file__).resolve().parent / "graphql"]
REFRESH_MARGIN_SECONDS = 30


def _transport(token: str | None = None):
    url = os.environ.get("SALEOR_API_URL")
    if url:
        return HttpTransport(url, token=token)
    return InProcessTransport(token=token)


@lru_cache(maxsize=1)
def shopper_client() -> SaleorClient:
    return SaleorClient(_transport(), DOCUMENTS)


def _expires_at(token: str) -> float:
    import jwt

    try:
        return float(jwt.decode(token, options={"verify_signature": False}).get("exp", 0))
    except jwt.PyJWTError:
        return 0.0


def customer_client(request) -> SaleorClient:
    """A client acting as the signed-in customer, or the anonymous one. Access tokens live five
    minutes; the refresh token (30 days) renews them before they lapse."""
    from . import sessions

    customer = request.session.get(sessions.CUSTOMER_KEY)
    if not customer:
        return shopper_client()
    if _expires_at(customer["token"]) - time.time() < REFRESH_MARGIN_SECONDS:
        data = shopper_client().request("StorefrontTokenRefresh", {"refreshToken": customer["refresh"]}).data or {}
        token = (data.get("tokenRefresh") or {}).get("token")
        if not token:
            sessions.forget_customer(request)  # refresh token revoked or expired: signed out
            return shopper_client()
        customer["token"] = token
        request.session[sessions.CUSTOMER_KEY] = customer
    return shopper_client().with_transport(_transport(customer["token"]))
