"""Stock rows of a channel under SELECT … FOR UPDATE, always locked in stock id order.

Every writer that changes what can be sold (reserving for a checkout, allocating for an order,
fulfilling, cancelling) locks through here, so two writers touching overlapping stocks take the
locks in the same order and can never deadlock; whoever comes second waits, then sees the
first one's committed numbers.

    lock_channel_stocks(channel, variant_ids, warehouse_ids=None) -> [Stock] in allocation priority order
    reserved_by_others(stock_ids, checkout_token, now) -> {stock id: quantity held by other checkouts}
    bulk_add(field, {stock id: delta}) -> one UPDATE for all stocks
"""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Sum, Value, When
from django.utils import timezone

from .models import ChannelWarehouse, Reservation, Stock


def lock_stocks(stock_ids) -> dict[int, Stock]:
    stocks = Stock.objects.select_for_update(of=("self",)).filter(pk__in=list(stock_ids)).order_by("pk")
    return {stock.pk: stock for stock in stocks}


def lock_channel_stocks(channel, variant_ids, warehouse_ids=None) -> list[Stock]:
    """The channel's stocks of these variants, locked (id order), returned in the channel's
    warehouse priority (ChannelWarehouse.sort_order) for allocation."""
    priority = {
        link.warehouse_id: (link.sort_order, index)
        for index, link in enumerate(ChannelWarehouse.objects.filter(channel=channel).order_by("sort_order", "pk"))
    }
    if warehouse_ids is not None:
        priority = {k: v for k, v in priority.items() if k in set(warehouse_ids)}
    if not priority or not variant_ids:
        return []
    stocks = list(
        Stock.objects.select_for_update(of=("self",))
        .filter(product_variant_id__in=list(variant_ids), warehouse_id__in=list(priority))
        .order_by("pk")
    )
    return sorted(stocks, key=lambda s: (priority[s.warehouse_id], s.pk))


def reserved_by_others(stock_ids, checkout_token=None, now=None) -> dict[int, int]:
    now = now or timezone.now()
    reservations = Reservation.objects.filter(stock_id__in=list(stock_ids), reserved_until__gt=now)
    if checkout_token is not None:
        reservations = reservations.exclude(checkout_line__checkout_id=checkout_token)
    rows = reservations.order_by().values("stock_id").annotate(total=Sum("quantity_reserved"))
    return {row["stock_id"]: row["total"] or 0 for row in rows}


def bulk_add(field: str, deltas: dict[int, int]) -> None:
    deltas = {pk: d for pk, d in deltas.items() if d}
    if not deltas:
        return
    change = Case(*[When(pk=pk, then=Value(delta)) for pk, delta in deltas.items()], default=Value(0), output_field=IntegerField())
    Stock.objects.filter(pk__in=list(deltas)).update(**{field: F(field) + change})
