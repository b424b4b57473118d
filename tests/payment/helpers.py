"""Helpers for payment tests: signed Stripe and bank notifications, orders, IDs."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from decimal import Decimal

from graphene.relay import Node

WEBHOOK_SECRET = "whsec_ocop_test_secret"
BANK_SECRET = "bank-secret-for-tests"

_numbers = itertools.count(1000)


def make_order(channel, total=Decimal(180000), language_code="vi", email="lan@example.com"):
    from commerce.order.models import Order

    return Order.objects.create(
        number=next(_numbers),
        channel=channel,
        currency="VND",
        user_email=email,
        language_code=language_code,
        subtotal_net_amount=total,
        subtotal_gross_amount=total,
        total_net_amount=total,
        total_gross_amount=total,
        undiscounted_total_net_amount=total,
        undiscounted_total_gross_amount=total,
    )


def gid(type_name: str, pk) -> str:
    return Node.to_global_id(type_name, pk)


def sign_stripe(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def post_stripe_event(client, event: dict, secret: str = WEBHOOK_SECRET, signature: str | None = None):
    payload = json.dumps(event)
    return client.post(
        "/webhooks/stripe/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature or sign_stripe(payload, secret)
    )


def stripe_event(event_type: str, obj: dict, event_id: str | None = None) -> dict:
    """An event envelope as Stripe sends it, around an object localstripe returned."""
    return {
        "id": event_id or f"evt_test_{next(_numbers)}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "api_version": "2017-08-15",
        "livemode": False,
        "data": {"object": obj},
    }


def localstripe_event(browser_stripe, event_type: str, object_id: str) -> dict:
    """The event localstripe itself emitted for an object."""
    events = browser_stripe.v1.events.list({"type": event_type, "limit": 100}).data
    for event in events:
        event = event.to_dict()
        if event["data"]["object"]["id"] == object_id:
            return event
    raise AssertionError(f"localstripe emitted no {event_type} for {object_id}")


def sign_bank(body: bytes, secret: str = BANK_SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_bank(client, notification: dict, secret: str = BANK_SECRET, signature: str | None = None):
    body = json.dumps(notification).encode()
    return client.post("/webhooks/bank/", data=body, content_type="application/json", HTTP_X_SIGNATURE=signature or sign_bank(body, secret))
