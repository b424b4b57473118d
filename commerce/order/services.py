"""Order writes: building orders (from a checkout or a POS import), fulfilment per warehouse,
cancelling, recording payment, and keeping charge status in step with the money received.

Public functions (the payments module builds on these):
    next_order_number() -> int
    copy_address(address) -> Address | None
    add_event(order, type, user=None, app=None, **parameters) -> OrderEvent
    update_charge_status(order, save=True)   recompute charge/authorize status from the totals
    record_charge(order, amount, user=None, app=None, reference=None)   add money received
    confirm_order(order, user=None, app=None)   UNCONFIRMED → UNFULFILLED
    fulfill_order(order, lines, user=None, app=None, tracking_number="", allow_stock_to_be_exceeded=False)
    cancel_order(order, user=None, app=None)
    mark_order_as_paid(order, user=None, app=None, transaction_reference=None)
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F

from commerce.account.models import Address
from commerce.core.validation import ErrorCollector, error

from . import notifications
from .models import (
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderAuthorizeStatus,
    OrderChargeStatus,
    OrderEvent,
    OrderEvents,
    OrderLine,
    OrderStatus,
)
from .stock import deallocate_order, fulfill_from_stock


def next_order_number() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('order_order_number_seq')")
        return cursor.fetchone()[0]


def copy_address(address) -> Address | None:
    if address is None:
        return None
    values = {f.attname: getattr(address, f.attname) for f in Address._meta.concrete_fields if not f.primary_key}
    return Address.objects.create(**values)


def add_event(order, type: str, user=None, app=None, **parameters) -> OrderEvent:
    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    return OrderEvent.objects.create(order=order, type=type, user=user, app=app, parameters=parameters)


def lock_order(order_id) -> Order | None:
    return Order.objects.select_for_update(of=("self",)).filter(pk=order_id).first()


def update_charge_status(order: Order, save: bool = True) -> None:
    total, charged, authorized = order.total_gross_amount, order.total_charged_amount, order.total_authorized_amount
    if charged <= 0:
        status = OrderChargeStatus.FULL if total <= 0 else OrderChargeStatus.NONE
    elif charged < total:
        status = OrderChargeStatus.PARTIAL
    elif charged == total:
        status = OrderChargeStatus.FULL
    else:
        status = OrderChargeStatus.OVERCHARGED
    order.charge_status = status
    if authorized <= 0:
        order.authorize_status = OrderAuthorizeStatus.FULL if total <= charged else OrderAuthorizeStatus.NONE
    else:
        order.authorize_status = OrderAuthorizeStatus.FULL if authorized + charged >= total else OrderAuthorizeStatus.PARTIAL
    if save:
        order.save(update_fields=["charge_status", "authorize_status", "updated_at"])


@transaction.atomic
def record_charge(order: Order, amount: Decimal, user=None, app=None, reference: str | None = None) -> Order:
    """Money received outside any gateway (cash on delivery, a transfer matched by hand)."""
    Order.objects.filter(pk=order.pk).update(total_charged_amount=F("total_charged_amount") + amount)
    order.refresh_from_db(fields=["total_charged_amount"])
    was_full = order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)
    update_charge_status(order)
    if not was_full and order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED):
        add_event(order, OrderEvents.ORDER_FULLY_PAID, user, app)
        notifications.order_paid(order)
    return order


@transaction.atomic
def confirm_order(order: Order, user=None, app=None) -> Order:
    if order.status == OrderStatus.UNCONFIRMED:
        order.status = OrderStatus.UNFULFILLED
        order.save(update_fields=["status", "updated_at"])
        add_event(order, OrderEvents.CONFIRMED, user, app)
    return order


def _status_after_fulfilment(order) -> str:
    lines = list(order.lines.all())
    if all(line.quantity_fulfilled >= line.quantity for line in lines):
        return OrderStatus.FULFILLED
    if any(line.quantity_fulfilled for line in lines):
        return OrderStatus.PARTIALLY_FULFILLED
    return OrderStatus.UNFULFILLED


@transaction.atomic
def fulfill_order(
    order: Order, lines, *, user=None, app=None, tracking_number: str = "", allow_stock_to_be_exceeded: bool = False
) -> list[Fulfillment]:
    """lines: [(order_line, [(warehouse, stock or None, quantity)])]. One Fulfillment per
    warehouse — each producer ships its own goods."""
    from graphene.relay import Node

    order = lock_order(order.pk)
    if order.status in (OrderStatus.CANCELED, OrderStatus.DRAFT, OrderStatus.UNCONFIRMED):
        raise error("order", "INVALID", f"Cannot fulfill {order.get_status_display().lower()} order.")
    errors = ErrorCollector()
    locked_lines = {line.pk: line for line in OrderLine.objects.select_for_update(of=("self",)).filter(order=order).order_by("pk")}
    moves, by_warehouse = [], {}
    totals: dict = {}
    for order_line, stocks in lines:
        line = locked_lines.get(order_line.pk)
        if line is None:
            errors.add("orderLineId", "NOT_FOUND", "Order line does not belong to this order.")
            continue
        for warehouse, stock, quantity in stocks:
            if quantity <= 0:
                if quantity < 0:
                    errors.add(
                        "quantity",
                        "ZERO_QUANTITY",
                        "The quantity should be higher than zero.",
                        order_lines=[Node.to_global_id("OrderLine", line.pk)],
                    )
                continue
            if stock is None:
                errors.add(
                    "warehouse",
                    "INSUFFICIENT_STOCK",
                    f"Insufficient product stock: {line.product_sku or line.product_name}",
                    order_lines=[Node.to_global_id("OrderLine", line.pk)],
                    warehouse=Node.to_global_id("Warehouse", warehouse.pk),
                )
                continue
            totals[line.pk] = totals.get(line.pk, 0) + quantity
            moves.append((line, stock, quantity))
            by_warehouse.setdefault(warehouse.pk, (warehouse, []))[1].append((line, stock, quantity))
    for line_pk, quantity in totals.items():
        line = locked_lines[line_pk]
        if quantity > line.quantity_unfulfilled:
            errors.add(
                "orderLineId",
                "FULFILL_ORDER_LINE",
                f"Only {line.quantity_unfulfilled} items remaining to fulfill: {line.product_sku or line.product_name}.",
                order_lines=[Node.to_global_id("OrderLine", line.pk)],
            )
    if not moves and not errors:
        errors.add("lines", "ZERO_QUANTITY", "Total quantity must be larger than 0.")
    errors.raise_if_any()
    tracked = [
        (line, stock, q) for line, stock, q in moves if line.variant_id is None or line.variant is None or line.variant.track_inventory
    ]
    fulfill_from_stock(tracked, allow_stock_to_be_exceeded=allow_stock_to_be_exceeded)
    next_number = (order.fulfillments.order_by("-fulfillment_order").values_list("fulfillment_order", flat=True).first() or 0) + 1
    fulfillments = []
    for index, (warehouse, items) in enumerate(by_warehouse.values()):
        fulfillment = Fulfillment.objects.create(
            order=order, fulfillment_order=next_number + index, warehouse=warehouse, tracking_number=tracking_number or ""
        )
        FulfillmentLine.objects.bulk_create(
            [FulfillmentLine(fulfillment=fulfillment, order_line=line, stock=stock, quantity=q) for line, stock, q in items]
        )
        fulfillments.append(fulfillment)
    for line_pk, quantity in totals.items():
        OrderLine.objects.filter(pk=line_pk).update(quantity_fulfilled=F("quantity_fulfilled") + quantity)
    order.status = _status_after_fulfilment(order)
    order.save(update_fields=["status", "updated_at"])
    add_event(order, OrderEvents.FULFILLMENT_FULFILLED_ITEMS, user, app, fulfilled_items=[str(f.pk) for f in fulfillments])
    notifications.order_fulfilled(order)
    return fulfillments


@transaction.atomic
def cancel_order(order: Order, *, user=None, app=None) -> Order:
    order = lock_order(order.pk)
    if (
        order.status not in (OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED, OrderStatus.DRAFT)
        or order.fulfillments.exclude(status="canceled").exists()
    ):
        raise error("id", "CANNOT_CANCEL_ORDER", "This order can't be canceled.")
    deallocate_order(order)
    order.status = OrderStatus.CANCELED
    order.save(update_fields=["status", "updated_at"])
    if order.voucher_id:
        from commerce.discount.services import release_voucher_usage

        release_voucher_usage(order.voucher, order.user_email)
    add_event(order, OrderEvents.CANCELED, user, app)
    return order


@transaction.atomic
def mark_order_as_paid(order: Order, *, user=None, app=None, transaction_reference: str | None = None) -> Order:
    """Staff record money received by hand (cash collected on delivery, a transfer seen in the
    bank app). With the payments module present the money becomes a manual transaction there
    (commerce.payment.services.create_manual_charge); otherwise the order's own totals."""
    order = lock_order(order.pk)
    if order.status in (OrderStatus.CANCELED, OrderStatus.DRAFT):
        raise error("id", "INVALID", "Cannot mark a canceled or draft order as paid.")
    if order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED) and order.total_gross_amount > 0:
        raise error("id", "PAYMENT_ERROR", "Orders with a fully charged balance cannot be marked as paid.")
    if order.billing_address_id is None:
        raise error("id", "BILLING_ADDRESS_NOT_SET", "Order billing address is required to mark order as paid.")
    amount = order.total_gross_amount - order.total_charged_amount
    try:
        from commerce.payment.services import create_manual_charge
    except ImportError:
        create_manual_charge = None
    add_event(order, OrderEvents.ORDER_MARKED_AS_PAID, user, app, transaction_reference=transaction_reference)
    if create_manual_charge is not None:
        create_manual_charge(order, amount, user=user, app=app, reference=transaction_reference)
        order.refresh_from_db()
    else:
        record_charge(order, amount, user=user, app=app, reference=transaction_reference)
    return order
