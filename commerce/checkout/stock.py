"""Holding stock for checkouts (Saleor's reservations) and checking what a line may take.

A checkout's lines hold their quantities for CHECKOUT_RESERVATION_MINUTES (the channel's
checkout_reservation_minutes overrides it; 0 turns holds off). What another shopper may add is
quantity − allocated − the active holds of OTHER checkouts, computed under the stock row locks
(commerce.warehouse.locking), so two shoppers can never both hold the last jar.

    reservation_minutes(channel) -> int
    reserve_checkout_stock(checkout, line_infos) raises ValidationError(INSUFFICIENT_STOCK)
    check_quantity_limits(checkout, line_infos) raises ValidationError(QUANTITY_GREATER_THAN_LIMIT):
        per variant, all its lines together, at most quantity_limit_per_customer or the
        channel's quantity_limit_per_checkout (commerce.warehouse.availability, 50)
    delete_expired_reservations() -> number of holds released
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from graphene.relay import Node

from commerce.core.validation import ErrorCollector
from commerce.warehouse.availability import quantity_limit_per_checkout
from commerce.warehouse.locking import lock_channel_stocks, reserved_by_others
from commerce.warehouse.models import Reservation


def variant_gid(variant_id) -> str:
    return Node.to_global_id("ProductVariant", variant_id)


def reservation_minutes(channel) -> int:
    minutes = getattr(channel, "checkout_reservation_minutes", None)
    return settings.CHECKOUT_RESERVATION_MINUTES if minutes is None else minutes


def _variant_label(info) -> str:
    return info.variant.sku or info.product.name


def reserve_checkout_stock(checkout, line_infos, *, now=None) -> None:
    """Re-hold every tracked line of the checkout from now on; all lines or none."""
    now = now or timezone.now()
    minutes = reservation_minutes(checkout.channel)
    tracked = [info for info in line_infos if info.variant.track_inventory]
    wanted: dict[int, int] = {}
    for info in tracked:
        wanted[info.variant.pk] = wanted.get(info.variant.pk, 0) + info.line.quantity
    stocks = lock_channel_stocks(checkout.channel, list(wanted))
    held = reserved_by_others([s.pk for s in stocks], checkout.pk, now)
    free = {s.pk: s.quantity - s.quantity_allocated - held.get(s.pk, 0) for s in stocks}
    errors = ErrorCollector()
    reservations = []
    for info in tracked:
        need = info.line.quantity
        for stock in stocks:
            if need <= 0:
                break
            if stock.product_variant_id != info.variant.pk or free[stock.pk] <= 0:
                continue
            take = min(need, free[stock.pk])
            free[stock.pk] -= take
            need -= take
            reservations.append(
                Reservation(checkout_line=info.line, stock=stock, quantity_reserved=take, reserved_until=now + timedelta(minutes=minutes))
            )
        if need > 0:
            errors.add(
                "quantity",
                "INSUFFICIENT_STOCK",
                f"Insufficient product stock: {_variant_label(info)}",
                variants=[variant_gid(info.variant.pk)],
            )
    errors.raise_if_any()
    Reservation.objects.filter(checkout_line__checkout_id=checkout.pk).delete()
    if minutes > 0 and reservations:
        Reservation.objects.bulk_create(reservations)


def check_quantity_limits(checkout, line_infos) -> None:
    """Saleor's caps on what one checkout may take of a variant: the variant's
    quantity_limit_per_customer (counting what the same customer already ordered) or else the
    channel's quantity_limit_per_checkout (50). All the checkout's lines of a variant count
    together, so splitting it over lines (forceNewLine) takes no more; and since a checkout
    holds only what it may take, one cart can never hold the whole shelf."""
    from commerce.order.models import OrderLine, OrderStatus

    totals: dict = {}
    first: dict = {}
    for info in line_infos:
        totals[info.variant.pk] = totals.get(info.variant.pk, 0) + info.line.quantity
        first.setdefault(info.variant.pk, info)
    limited = [pk for pk, info in first.items() if info.variant.quantity_limit_per_customer]
    ordered: dict = {}
    if limited and (checkout.user_id or checkout.email):
        orders = OrderLine.objects.filter(variant_id__in=limited).exclude(order__status=OrderStatus.CANCELED)
        orders = (
            orders.filter(order__user_id=checkout.user_id) if checkout.user_id else orders.filter(order__user_email__iexact=checkout.email)
        )
        ordered = dict(orders.order_by().values("variant_id").annotate(total=Sum("quantity")).values_list("variant_id", "total"))
    per_checkout = quantity_limit_per_checkout(checkout.channel)
    errors = ErrorCollector()
    for variant_id, quantity in totals.items():
        info = first[variant_id]
        # As Saleor: the variant's own limit replaces the channel's when it is set.
        limit = info.variant.quantity_limit_per_customer or per_checkout
        if quantity + (ordered.get(variant_id) or 0) > limit:
            errors.add(
                "quantity",
                "QUANTITY_GREATER_THAN_LIMIT",
                f"Cannot add more than {limit} times this item: {_variant_label(info)}.",
                variants=[variant_gid(variant_id)],
            )
    errors.raise_if_any()


def delete_expired_reservations(now=None) -> int:
    deleted, _ = Reservation.objects.filter(reserved_until__lte=now or timezone.now()).delete()
    return deleted
