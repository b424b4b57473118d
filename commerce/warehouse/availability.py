"""What a shopper can still put in a cart, as the catalog shows it and as checkouts enforce it.

    quantity_limit_per_checkout(channel_or_slug) -> int
        the most of one variant a single checkout may take (and hold): Saleor's
        MAX_CHECKOUT_LINE_QUANTITY / limit_quantity_per_checkout, 50 unless configured;
        wholesale channels use WHOLESALE_MAX_CHECKOUT_LINE_QUANTITY (10 000)
    available_quantities(variant_ids, channel, now=None) -> {variant id: int}
        per variant, over the channel's warehouses: quantity − allocated − what active
        reservations hold, never below 0 per stock (one query, whatever the number of variants)

Reservations are subtracted whoever holds them (Saleor's quantityAvailable does the same):
the figure is what one more checkout could take. A checkout's own holds are not counted
against it when it reserves (commerce.checkout.stock), only here, on the catalog's side.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import ChannelWarehouse, Reservation, Stock

DEFAULT_MAX_CHECKOUT_LINE_QUANTITY = 50
# Business accounts are approved by staff and order by the case (lines of 60, 96… units); the
# retail cap, there against one anonymous cart holding the shelf, would refuse ordinary orders.
DEFAULT_WHOLESALE_MAX_CHECKOUT_LINE_QUANTITY = 10_000


def quantity_limit_per_checkout(channel) -> int:
    """`channel`: a Channel or its slug (the catalog's loaders have only the slug)."""
    from commerce.business.gate import is_wholesale_channel

    if isinstance(channel, str):
        channel = SimpleNamespace(slug=channel)
    if is_wholesale_channel(channel):
        return int(getattr(settings, "WHOLESALE_MAX_CHECKOUT_LINE_QUANTITY", DEFAULT_WHOLESALE_MAX_CHECKOUT_LINE_QUANTITY))
    return int(getattr(settings, "MAX_CHECKOUT_LINE_QUANTITY", DEFAULT_MAX_CHECKOUT_LINE_QUANTITY))


def active_reserved_quantity(now=None) -> Subquery:
    """Quantity held on the outer Stock row by reservations that have not run out."""
    held = (
        Reservation.objects.filter(stock_id=OuterRef("pk"), reserved_until__gt=now or timezone.now())
        .order_by()
        .values("stock_id")
        .annotate(total=Sum("quantity_reserved"))
        .values("total")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def available_quantities(variant_ids, channel, now=None) -> dict[int, int]:
    stocks = Stock.objects.filter(product_variant_id__in=list(variant_ids))
    if channel is not None:
        stocks = stocks.filter(warehouse_id__in=ChannelWarehouse.objects.filter(channel=channel).values("warehouse_id"))
    rows = stocks.annotate(held=active_reserved_quantity(now)).values_list("product_variant_id", "quantity", "quantity_allocated", "held")
    totals: dict[int, int] = {}
    for variant_id, quantity, allocated, held in rows:
        # Per stock, as checkouts reserve: an over-allocated warehouse does not eat another's stock.
        totals[variant_id] = totals.get(variant_id, 0) + max(quantity - allocated - held, 0)
    return totals
