"""Stripe PaymentIntents, server side: create one per transaction (its client secret goes to
the page, where Stripe.js collects the card), read its state back, refund and cancel.

Stripe's state reaches us twice — in the answers to our calls and in signed webhooks — and both
paths turn it into the same keyed events (`events_for_payment_intent`, `events_for_charge`), so
whichever arrives first, the second is a no-op."""

from __future__ import annotations

from decimal import Decimal

import stripe
from babel.numbers import get_currency_precision
from django.conf import settings

from ..models import STRIPE, TransactionEventType as E
from . import GatewayError, InitializeResult

ID = STRIPE
NAME = "Thẻ quốc tế (Stripe)"
CURRENCIES = ["VND"]


def is_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def public_config() -> list[tuple[str, str | None]]:
    return [("api_key", settings.STRIPE_PUBLISHABLE_KEY)]


def stripe_js_url() -> str:
    """Where the payment page loads Stripe.js: Stripe's own (it must be, for real cards), or
    localstripe's shim when the API is pointed at localstripe."""
    base = settings.STRIPE_API_BASE
    return f"{base.rstrip('/')}/js.stripe.com/v3/" if base else "https://js.stripe.com/v3/"


def session_data(amount: Decimal | None, data) -> dict:
    return {"publishableKey": settings.STRIPE_PUBLISHABLE_KEY, "stripeJsUrl": stripe_js_url()}


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    # A client per call: settings (keys, the localstripe address in tests) are read when used.
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2)


def to_stripe_amount(amount: Decimal, currency: str) -> int:
    """Stripe counts in the currency's minor unit; VND has none (zero-decimal), so 180000 ₫
    is 180000, where 1.50 USD would be 150."""
    return int(Decimal(amount) * 10 ** get_currency_precision(currency.upper()))


def from_stripe_amount(amount: int | None, currency: str) -> Decimal:
    return Decimal(amount or 0) / 10 ** get_currency_precision(currency.upper())


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except stripe.CardError as error:
        raise GatewayError(error.user_message or str(error), code="INVALID") from error
    except stripe.StripeError as error:
        raise GatewayError(f"Stripe: {error.user_message or error}", code="INVALID") from error


def initialize(item, data, request=None) -> InitializeResult:
    source = {"transaction_token": str(item.token)}
    if item.checkout_id:
        source["checkout_token"] = str(item.checkout_id)
    if item.order_id:
        source["order_id"] = str(item.order_id)
    # Keyed by our transaction: a retried initialize (same idempotency key → same transaction)
    # gets the same PaymentIntent from Stripe instead of a second one.
    try:
        intent = _call(
            client().v1.payment_intents.create,
            {"amount": to_stripe_amount(item.amount_requested, item.currency), "currency": item.currency.lower(), "metadata": source},
            {"idempotency_key": f"ocop-transaction-{item.token}"},
        )
    except GatewayError as error:
        return InitializeResult(
            event_type=E.CHARGE_FAILURE, amount=item.amount_requested, message=error.message, data={"error": error.message}
        )
    return InitializeResult(
        event_type=E.CHARGE_REQUEST,
        amount=item.amount_requested,
        psp_reference=intent.id,
        message=f"PaymentIntent {intent.status}",
        external_id=f"stripe:request:{intent.id}",
        data=_page_data(intent),
    )


def _page_data(intent) -> dict:
    return {
        "paymentIntent": {"id": intent.id, "status": intent.status, "clientSecret": intent.client_secret},
        "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
        "stripeJsUrl": stripe_js_url(),
    }


def retrieve(item):
    if not item.psp_reference:
        raise GatewayError("This transaction has no PaymentIntent.", code="INVALID")
    return _call(client().v1.payment_intents.retrieve, item.psp_reference)


def process(item, data, request=None) -> dict:
    """Read the PaymentIntent back (the page returns here after Stripe.js) and record what it
    says; the webhook reports the same thing, keyed identically."""
    from ..webhooks.stripe import apply_events

    intent = retrieve(item)
    apply_events(item, events_for_payment_intent(_as_dict(intent), source=f"process:{intent.id}"))
    return _page_data(intent)


def refund(item, amount: Decimal, idempotency_key: str) -> list[dict]:
    refund = _call(
        client().v1.refunds.create,
        {"payment_intent": item.psp_reference, "amount": to_stripe_amount(amount, item.currency)},
        {"idempotency_key": idempotency_key},
    )
    return events_for_refund(_as_dict(refund), item.currency)


def cancel(item) -> list[dict]:
    intent = _call(client().v1.payment_intents.cancel, item.psp_reference)
    return events_for_payment_intent(_as_dict(intent), source=f"cancel:{intent.id}")


def _as_dict(obj) -> dict:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


# --- Stripe objects → keyed transaction events ----------------------------------------------
# Each dict: type, amount, psp_reference, message, external_id. The external_id names the
# money movement, not the notification: a PaymentIntent succeeds once, a refund happens once.


def events_for_payment_intent(intent: dict, source: str) -> list[dict]:
    currency = intent.get("currency", "vnd")
    pi = intent["id"]
    status = intent.get("status")
    amount = from_stripe_amount(intent.get("amount"), currency)
    if status == "succeeded":
        received = from_stripe_amount(intent.get("amount_received") or intent.get("amount"), currency)
        return [
            dict(type=E.CHARGE_SUCCESS, amount=received, psp_reference=pi, message="Payment succeeded", external_id=f"stripe:charge:{pi}")
        ]
    if status == "canceled":
        return [
            dict(
                type=E.CANCEL_SUCCESS,
                amount=amount,
                psp_reference=pi,
                message=f"PaymentIntent canceled ({intent.get('cancellation_reason') or 'no reason given'})",
                external_id=f"stripe:cancel:{pi}",
            )
        ]
    if status == "processing":
        return [
            dict(type=E.CHARGE_REQUEST, amount=amount, psp_reference=pi, message="Payment processing", external_id=f"stripe:request:{pi}")
        ]
    if status == "requires_action":
        return [
            dict(
                type=E.CHARGE_ACTION_REQUIRED,
                amount=amount,
                psp_reference=pi,
                message="The shopper must authenticate the payment",
                external_id=f"stripe:action:{source}",
            )
        ]
    error = intent.get("last_payment_error")
    if status == "requires_payment_method" and error:
        # One event per failed attempt (a shopper may try a second card): keyed by its charge.
        attempt = error.get("charge") or error.get("payment_method", {}).get("id") or source
        return [
            dict(
                type=E.CHARGE_FAILURE,
                amount=amount,
                psp_reference=pi,
                message=error.get("message") or "Payment failed",
                external_id=f"stripe:failure:{pi}:{attempt}",
            )
        ]
    return []


def events_for_refund(refund: dict, currency: str | None = None) -> list[dict]:
    currency = refund.get("currency") or currency or "vnd"
    rid, status = refund["id"], refund.get("status")
    amount = from_stripe_amount(refund.get("amount"), currency)
    if status == "succeeded":
        return [
            dict(type=E.REFUND_SUCCESS, amount=amount, psp_reference=rid, message="Refund succeeded", external_id=f"stripe:refund:{rid}")
        ]
    if status in ("failed", "canceled"):
        return [
            dict(
                type=E.REFUND_FAILURE,
                amount=amount,
                psp_reference=rid,
                message=refund.get("failure_reason") or f"Refund {status}",
                external_id=f"stripe:refund-failure:{rid}",
            )
        ]
    return [
        dict(
            type=E.REFUND_REQUEST, amount=amount, psp_reference=rid, message=f"Refund {status}", external_id=f"stripe:refund-request:{rid}"
        )
    ]


def events_for_charge(charge: dict) -> list[dict]:
    """charge.refunded: the charge succeeded (so the PaymentIntent did, even if that webhook is
    late or lost) and carries its refunds."""
    currency = charge.get("currency", "vnd")
    pi = charge.get("payment_intent")
    events = []
    if pi and charge.get("status") == "succeeded" and charge.get("captured", True):
        captured = charge.get("amount_captured") or charge.get("amount")
        events.append(
            dict(
                type=E.CHARGE_SUCCESS,
                amount=from_stripe_amount(captured, currency),
                psp_reference=pi,
                message="Payment succeeded",
                external_id=f"stripe:charge:{pi}",
            )
        )
    refunds = (charge.get("refunds") or {}).get("data")
    if refunds is None:
        # Newer API versions leave refunds out of the charge: ask Stripe for them.
        refunds = [_as_dict(r) for r in _call(client().v1.refunds.list, {"charge": charge["id"], "limit": 100}).data]
    for refund in refunds:
        events.extend(events_for_refund(refund, currency))
    return events
