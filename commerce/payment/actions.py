"""What the transactions API does, gateway by gateway: start a payment, look at it again,
refund / cancel / charge it. GraphQL mutations are thin wrappers around these.

External calls (Stripe) run outside any open database transaction: a slow or failing Stripe
never holds row locks, and what we recorded before the call stays recorded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from . import services
from .gateways import GatewayError, get_gateway
from .models import COD, STRIPE, VIETQR, TransactionAction, TransactionEvent, TransactionEventType as E, TransactionItem
from .services import Actor, record_event


@dataclass
class Outcome:
    transaction: TransactionItem | None
    event: TransactionEvent | None
    data: dict | None


def source_currency(source) -> str:
    return source.currency


def source_outstanding(source) -> Decimal | None:
    """What is left to pay: the order's outstanding amount, or the checkout's total minus what
    its transactions already hold."""
    from commerce.order.models import Order

    if isinstance(source, Order):
        return source.outstanding_amount
    from commerce.checkout.fetch import fetch_checkout_info
    from commerce.checkout.pricing import calculate

    # Prices as they are now (the checkout app recomputes them from the channel listings).
    total = calculate(fetch_checkout_info(source)).total
    return max(Decimal(total) - services.checkout_charged_amount(source), Decimal(0))


def initialize(
    source, gateway_id: str, *, data=None, amount=None, idempotency_key=None, action=None, actor: Actor | None = None, request=None
) -> Outcome:
    from commerce.order.models import Order

    gateway = get_gateway(gateway_id)
    if gateway is None:
        raise GatewayError(f"Payment gateway {gateway_id} is not available.", code="NOT_FOUND", field="paymentGateway")
    if action is not None and action != "charge":
        raise GatewayError("Only the CHARGE flow is supported by the shop's gateways.", code="INVALID", field="action")
    if amount is None:
        amount = source_outstanding(source)
    amount = Decimal(amount)
    if amount <= 0:
        raise GatewayError("There is nothing left to pay.", code="INVALID", field="amount")
    if amount != amount.to_integral_value() and source_currency(source) == "VND":
        raise GatewayError("VND amounts are whole numbers.", code="INVALID", field="amount")
    if idempotency_key is not None and not (0 < len(idempotency_key) <= 512):
        raise GatewayError("The idempotency key is 1-512 characters.", code="INVALID", field="idempotencyKey")

    is_order = isinstance(source, Order)
    item, created = services.create_transaction(
        gateway=gateway_id,
        currency=source_currency(source),
        amount=amount,
        checkout=None if is_order else source,
        order=source if is_order else None,
        idempotency_key=idempotency_key,
        name=gateway.NAME,
        actor=actor,
    )
    if not created:
        same_source = (item.order_id == source.pk) if is_order else (item.checkout_id == source.pk)
        if not same_source or item.amount_requested != amount:
            raise GatewayError("This idempotency key was used for another payment.", code="UNIQUE", field="idempotencyKey")
        # A retry: the same transaction and what the first call recorded, no second payment.
        event = item.events.filter(type__in=(E.CHARGE_REQUEST, E.CHARGE_FAILURE)).order_by("created_at").first()
        result_data = gateway.process(item, data, request) if item.psp_reference or gateway_id != STRIPE else None
        return Outcome(item, event, result_data)

    result = gateway.initialize(item, data, request)
    with transaction.atomic():
        if result.psp_reference and result.psp_reference != item.psp_reference:
            TransactionItem.objects.filter(pk=item.pk).update(psp_reference=result.psp_reference)
            item.psp_reference = result.psp_reference
        event, _ = record_event(
            item,
            result.event_type,
            result.amount,
            psp_reference=result.psp_reference,
            message=result.message,
            external_id=result.external_id,
            actor=actor,
            idempotency_key=idempotency_key,
        )
    item.refresh_from_db()
    return Outcome(item, event, result.data)


def process(item: TransactionItem, data=None, request=None) -> Outcome:
    gateway = get_gateway(item.gateway)
    if gateway is None:
        raise GatewayError(f"Payment gateway {item.gateway} is not available.", code="MISSING_PAYMENT_APP")
    result_data = gateway.process(item, data, request)
    item.refresh_from_db()
    return Outcome(item, item.events.order_by("-created_at", "-pk").first(), result_data)


def request_action(item: TransactionItem, action: str, amount: Decimal | None, actor: Actor, reason: str = "") -> TransactionItem:
    """Staff act on a payment: REFUND (through Stripe, or money handed back for COD/VietQR),
    CANCEL (stop a payment not yet made), CHARGE (cash or a transfer received by hand)."""
    if action not in item.available_actions:
        raise GatewayError(f"{action.upper()} is not available for this transaction.", code="INVALID", field="actionType")
    if action == TransactionAction.REFUND:
        amount = item.charged_value if amount is None else Decimal(amount)
        if amount <= 0 or amount > item.charged_value:
            raise GatewayError("The refund is more than what was charged.", code="INVALID", field="amount")
        if item.gateway == STRIPE:
            from .gateways import stripe

            # Keyed by how much is already refunded: a retried click refunds once, a second
            # partial refund afterwards is a new request.
            key = f"ocop-refund-{item.token}-{item.refunded_value + item.refund_pending_value}-{amount}"
            events = stripe.refund(item, amount, key)
            from .webhooks.stripe import apply_events

            apply_events(item, events)
        else:
            record_event(item, E.REFUND_SUCCESS, amount, message=reason or "Refunded by staff", actor=actor)
    elif action == TransactionAction.CANCEL:
        if item.gateway == STRIPE:
            from .gateways import stripe
            from .webhooks.stripe import apply_events

            apply_events(item, stripe.cancel(item))
        else:
            record_event(
                item,
                E.CANCEL_SUCCESS,
                item.charge_pending_value,
                psp_reference=item.psp_reference,
                message=reason or "Canceled by staff",
                actor=actor,
            )
    elif action == TransactionAction.CHARGE:
        outstanding = item.amount_requested - item.charged_value - item.refunded_value - item.canceled_value
        amount = outstanding if amount is None else Decimal(amount)
        if amount <= 0 or amount > outstanding:
            raise GatewayError("The charge is more than what is outstanding.", code="INVALID", field="amount")
        assert item.gateway in (COD, VIETQR)
        record_event(
            item, E.CHARGE_SUCCESS, amount, psp_reference=item.psp_reference, message=reason or "Payment received by staff", actor=actor
        )
        if item.needs_review:
            TransactionItem.objects.filter(pk=item.pk).update(needs_review=False)
    item.refresh_from_db()
    return item
