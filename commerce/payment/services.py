"""Writes on transactions: creating them, recording what happened to them, and deriving
their amounts and their order's charge status from that record.

Why events and not fields: notifications from Stripe and banks arrive late, twice, or in
another order than things happened. Each event carries a key naming the money movement it
describes (a PaymentIntent succeeding, one refund, one bank transfer), unique in the database,
so a movement is recorded once however often it is reported; the amounts are then sums over
the record, which come out the same whatever the order of arrival."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import COD, STRIPE, VIETQR, TransactionAction, TransactionEvent, TransactionEventType as E, TransactionItem

logger = logging.getLogger(__name__)
ZERO = Decimal(0)

# Unambiguous when read aloud or retyped into a banking app's memo (no 0/O, 1/I).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass
class Actor:
    user: object = None
    app: object = None

    @classmethod
    def of(cls, context) -> "Actor":
        user = getattr(context, "user", None)
        return cls(user=user if getattr(user, "is_authenticated", False) else None, app=getattr(context, "app", None))


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def create_transaction(
    *, gateway: str, currency: str, amount: Decimal, checkout=None, order=None, idempotency_key=None, name="", actor: Actor | None = None
) -> tuple[TransactionItem, bool]:
    """(transaction, created). A retried call with the same idempotency key gets the first
    transaction back, even when the two calls race (the unique constraint decides)."""
    actor = actor or Actor()
    if idempotency_key:
        existing = TransactionItem.objects.filter(gateway=gateway, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    fields = dict(
        gateway=gateway,
        currency=currency,
        amount_requested=amount,
        checkout=checkout,
        order=order,
        name=name,
        idempotency_key=idempotency_key or None,
        created_by_user=actor.user,
        created_by_app=actor.app,
    )
    if gateway == VIETQR:
        fields["reference"] = new_reference()
    try:
        with transaction.atomic():
            return TransactionItem.objects.create(**fields), True
    except IntegrityError:
        if idempotency_key:
            existing = TransactionItem.objects.filter(gateway=gateway, idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, False
        if gateway == VIETQR:  # a reference collision: 32^8 makes a second one vanishingly rare
            fields["reference"] = new_reference()
            return TransactionItem.objects.create(**fields), True
        raise


def record_event(
    item: TransactionItem,
    type: str,
    amount,
    *,
    psp_reference: str = "",
    message: str = "",
    external_id: str | None = None,
    actor: Actor | None = None,
    idempotency_key=None,
) -> tuple[TransactionEvent, bool]:
    """(event, created). With an external_id already on record, the first event is returned
    and nothing changes. Amounts and the order's charge status are recomputed on creation."""
    actor = actor or Actor()
    with transaction.atomic():
        # One writer per transaction at a time: recomputation reads every event and must see
        # the ones a concurrent notification is adding. Locks go order first, transaction
        # second — the order app's writes (mark as paid, cancel) lock the order first too — so
        # a webhook and a staff action on the same order never deadlock.
        _lock_order_of(item)
        item = TransactionItem.objects.select_for_update().get(pk=item.pk)
        if external_id:
            existing = TransactionEvent.objects.filter(external_id=external_id).first()
            if existing is not None:
                return existing, False
        try:
            with transaction.atomic():
                event = TransactionEvent.objects.create(
                    transaction=item,
                    type=type,
                    amount_value=Decimal(amount or 0),
                    currency=item.currency,
                    psp_reference=psp_reference or "",
                    message=(message or "")[:512],
                    external_id=external_id,
                    created_by_user=actor.user,
                    created_by_app=actor.app,
                    idempotency_key=idempotency_key,
                )
        except IntegrityError:
            # The same movement reported on another transaction's lock at the same instant.
            return TransactionEvent.objects.get(external_id=external_id), False
        recalculate_amounts(item, actor)
    return event, True


def _lock_order_of(item: TransactionItem) -> None:
    from commerce.order.models import Order

    order_id = TransactionItem.objects.filter(pk=item.pk).values_list("order_id", flat=True).first()
    if order_id:
        list(Order.objects.select_for_update().filter(pk=order_id).values_list("pk", flat=True))


def recalculate_amounts(item: TransactionItem, actor: Actor | None = None) -> TransactionItem:
    """Amounts from the event record, in Saleor's sense: `charged` is what is still held
    (refunds and refunds in flight move money out of it)."""
    sums: dict[str, Decimal] = {}
    refund_requests: dict[str, Decimal] = {}
    refund_settled: set[str] = set()
    cancel_requests: dict[str, Decimal] = {}
    cancel_settled: set[str] = set()
    has_charge_failure = False
    for event_type, amount, psp in item.events.values_list("type", "amount_value", "psp_reference"):
        sums[event_type] = sums.get(event_type, ZERO) + amount
        if event_type == E.CHARGE_FAILURE:
            has_charge_failure = True
        elif event_type == E.REFUND_REQUEST:
            refund_requests[psp] = refund_requests.get(psp, ZERO) + amount
        elif event_type in (E.REFUND_SUCCESS, E.REFUND_FAILURE):
            refund_settled.add(psp)
        elif event_type == E.CANCEL_REQUEST:
            cancel_requests[psp] = cancel_requests.get(psp, ZERO) + amount
        elif event_type in (E.CANCEL_SUCCESS, E.CANCEL_FAILURE):
            cancel_settled.add(psp)

    def total(*types):
        return sum((sums.get(t, ZERO) for t in types), ZERO)

    gross_charged = total(E.CHARGE_SUCCESS) - total(E.CHARGE_BACK)
    refunded = max(total(E.REFUND_SUCCESS) - total(E.REFUND_REVERSE), ZERO)
    refund_pending = sum((a for psp, a in refund_requests.items() if psp not in refund_settled), ZERO)
    canceled = total(E.CANCEL_SUCCESS)
    cancel_pending = sum((a for psp, a in cancel_requests.items() if psp not in cancel_settled), ZERO)
    requested = total(E.CHARGE_REQUEST)
    charge_pending = ZERO
    if not (has_charge_failure and gross_charged <= 0):
        charge_pending = max(requested - max(gross_charged, ZERO) - canceled, ZERO)

    item.charged_value = max(gross_charged - refunded - refund_pending, ZERO)
    item.refunded_value = refunded
    item.refund_pending_value = refund_pending
    item.charge_pending_value = charge_pending
    item.canceled_value = canceled
    item.cancel_pending_value = cancel_pending
    item.authorized_value = (
        max(total(E.AUTHORIZATION_SUCCESS, E.AUTHORIZATION_ADJUSTMENT) - gross_charged - canceled, ZERO)
        if sums.get(E.AUTHORIZATION_SUCCESS)
        else ZERO
    )
    item.authorize_pending_value = ZERO
    item.available_actions = available_actions(item)
    item.save(
        update_fields=[
            "charged_value",
            "refunded_value",
            "refund_pending_value",
            "charge_pending_value",
            "canceled_value",
            "cancel_pending_value",
            "authorized_value",
            "authorize_pending_value",
            "available_actions",
            "modified_at",
        ]
    )
    if item.order_id:
        update_order_charge_status(item.order_id, actor)
    return item


def available_actions(item: TransactionItem) -> list[str]:
    actions = []
    outstanding = item.amount_requested - item.charged_value - item.refunded_value - item.refund_pending_value - item.canceled_value
    if item.gateway in (COD, VIETQR) and outstanding > 0:
        # Cash handed to the courier or a transfer the bank did not report: staff record it.
        actions.append(TransactionAction.CHARGE)
    if item.charged_value > 0:
        actions.append(TransactionAction.REFUND)
    if (
        item.charged_value <= 0
        and item.refunded_value <= 0
        and item.canceled_value <= 0
        and (item.charge_pending_value > 0 or item.gateway == STRIPE and item.psp_reference)
    ):
        actions.append(TransactionAction.CANCEL)
    return actions


def update_order_charge_status(order_id, actor: Actor | None = None) -> None:
    """Order.total_charged from its transactions (Saleor's updates_amounts_for_order), and the
    charge status from that (the order app's rule). The first time an order becomes fully paid
    it gets an ORDER_FULLY_PAID event and the shopper a 'payment received' e-mail."""
    from django.db.models import Sum

    from commerce.order import notifications
    from commerce.order.models import Order, OrderChargeStatus, OrderEvents
    from commerce.order.services import add_event, update_charge_status

    paid = (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)
    order = Order.objects.select_for_update().get(pk=order_id)
    charged = TransactionItem.objects.filter(order_id=order_id).aggregate(s=Sum("charged_value"))["s"] or ZERO
    was_paid = order.charge_status in paid
    before = (order.total_charged_amount, order.charge_status, order.authorize_status)
    order.total_charged_amount = charged
    update_charge_status(order, save=False)
    if (order.total_charged_amount, order.charge_status, order.authorize_status) == before:
        return
    order.save(update_fields=["total_charged_amount", "charge_status", "authorize_status", "updated_at"])
    if order.charge_status in paid and not was_paid and order.total_gross_amount > 0:
        actor = actor or Actor()
        add_event(order, OrderEvents.ORDER_FULLY_PAID, actor.user, actor.app, amount=str(charged))
        notifications.order_paid(order)


def attach_checkout_transactions(checkout, order) -> int:
    """Called by checkoutComplete inside its transaction, before the checkout is deleted: the
    checkout's payments now belong to the order, and the order's charge status reflects what
    was already paid."""
    moved = TransactionItem.objects.filter(checkout=checkout, order__isnull=True).update(order=order, modified_at=timezone.now())
    if moved:
        update_order_charge_status(order.pk)
    return moved


def _lock_order_of_id(order_id) -> None:
    from commerce.order.models import Order

    list(Order.objects.select_for_update().filter(pk=order_id).values_list("pk", flat=True))


def checkout_charged_amount(checkout) -> Decimal:
    from django.db.models import Sum

    return TransactionItem.objects.filter(checkout=checkout).aggregate(s=Sum("charged_value"))["s"] or ZERO


def record_manual_charge(
    order, amount: Decimal | None = None, user=None, app=None, psp_reference: str = "", message: str = ""
) -> TransactionItem:
    """Staff took the money outside any gateway (cash on delivery, a transfer the bank never
    reported): charge the order's open COD/VietQR transaction, or a new manual one, with the
    amount still outstanding unless told otherwise. This is what orderMarkAsPaid calls."""
    actor = Actor(user=user, app=app)
    with transaction.atomic():
        _lock_order_of_id(order.pk)
        item = (
            TransactionItem.objects.select_for_update()
            .filter(order=order, gateway__in=(COD, VIETQR), charge_pending_value__gt=0)
            .order_by("created_at")
            .first()
        )
        if amount is None:
            order.refresh_from_db()
            amount = order.outstanding_amount
        if item is None:
            item, _ = create_transaction(
                gateway=COD, currency=order.currency, amount=amount, order=order, name="Manual charge", actor=actor
            )
        if amount > 0:
            record_event(
                item,
                E.CHARGE_SUCCESS,
                amount,
                psp_reference=psp_reference or item.psp_reference,
                message=message or "Marked as paid by staff",
                actor=actor,
            )
        if item.needs_review:  # a person has now settled what was flagged
            TransactionItem.objects.filter(pk=item.pk).update(needs_review=False)
    item.refresh_from_db()
    return item


def create_manual_charge(order, amount: Decimal | None = None, user=None, app=None, reference: str | None = None) -> TransactionItem:
    """The name the order app's mark_order_as_paid looks for."""
    return record_manual_charge(order, amount, user=user, app=app, psp_reference=reference or "")
