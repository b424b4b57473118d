"""Stripe webhooks: signature checked with the endpoint's secret, each event id processed once,
PaymentIntent and charge events turned into keyed transaction events (see gateways.stripe)."""

from __future__ import annotations

import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from commerce.core import json_input

from ..models import STRIPE, TransactionItem, WebhookDelivery
from ..gateways import stripe as gateway
from ..services import record_event

logger = logging.getLogger(__name__)

HANDLED = {
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "payment_intent.processing",
    "payment_intent.requires_action",
    "charge.refunded",
    "charge.refund.updated",
    "refund.created",
    "refund.updated",
    "refund.failed",
}


class BadSignature(Exception):
    pass


class BadPayload(Exception):
    """Signed by Stripe's endpoint secret, but not an event the server can take (message for the caller)."""


def verify(payload: bytes, signature_header: str | None) -> dict:
    """The event as a dict; BadSignature when it was not signed with our endpoint secret (or
    is older than Stripe's five-minute tolerance, which stops replays of captured requests);
    BadPayload when a signed body is not one JSON object the tables can hold.

    The signature is checked before the body is parsed, and the body is parsed by
    json_input rather than by stripe.Webhook.construct_event: json.loads there raised
    RecursionError (a 500) on deep nesting, and let NaN or NUL characters through to the
    jsonb column the delivery is stored in."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise BadSignature("STRIPE_WEBHOOK_SECRET is not configured")
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            signature_header or "",
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=stripe.Webhook.DEFAULT_TOLERANCE,
        )
    except stripe.SignatureVerificationError as error:
        raise BadSignature(str(error)) from error
    try:
        event = json_input.loads(payload, allow_nul=False)
    except (ValueError, UnicodeDecodeError) as error:  # InvalidJSONInput is a ValueError
        raise BadPayload(str(error) if isinstance(error, json_input.InvalidJSONInput) else "the body is not JSON") from error
    if not isinstance(event, dict):
        raise BadPayload("the body is not a JSON object")
    return event


def _transaction_for(obj: dict) -> TransactionItem | None:
    pi = obj.get("payment_intent") if obj.get("object") in ("charge", "refund") else obj.get("id")
    token = (obj.get("metadata") or {}).get("transaction_token")
    items = TransactionItem.objects.filter(gateway=STRIPE)
    item = items.filter(psp_reference=pi).first() if pi else None
    if item is None and token:
        item = items.filter(token=token).first()
    return item


def apply_events(item: TransactionItem, events: list[dict]) -> None:
    for event in events:
        record_event(
            item,
            event["type"],
            event["amount"],
            psp_reference=event["psp_reference"],
            message=event["message"],
            external_id=event["external_id"],
        )


def handle(event: dict) -> str:
    """'processed', 'duplicate' or 'ignored'. Raises on a database problem, so that the view
    answers 500 and Stripe delivers again: nothing accepted is lost."""
    event_id, event_type = event.get("id"), event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    if not event_id:
        return "ignored"
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    provider=WebhookDelivery.STRIPE, event_id=event_id, event_type=event_type, payload=event
                )
        except IntegrityError:
            return "duplicate"
        item = _transaction_for(obj) if event_type in HANDLED else None
        if item is None:
            delivery.status = WebhookDelivery.IGNORED
            delivery.note = "not a handled event" if event_type not in HANDLED else "no transaction for this PaymentIntent"
            delivery.save(update_fields=["status", "note"])
            return "ignored"
        if event_type.startswith("payment_intent."):
            events = gateway.events_for_payment_intent(obj, source=event_id)
        elif event_type == "charge.refunded":
            events = gateway.events_for_charge(obj)
        else:
            events = gateway.events_for_refund(obj, item.currency)
        apply_events(item, events)
        delivery.transaction = item
        delivery.save(update_fields=["transaction"])
    return "processed"
