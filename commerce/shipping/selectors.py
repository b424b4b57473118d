"""Which delivery a checkout may choose: carrier methods of the zones that cover its country
and channel (priced in the channel, within their order value/weight window), and pickup
warehouses (click-and-collect).

    applicable_shipping_listings(channel, country, subtotal, weight_grams) -> [ShippingMethodChannelListing]
    collection_points(channel, variant_quantities) -> [Warehouse]
"""

from __future__ import annotations

from decimal import Decimal


from commerce.warehouse.models import ChannelWarehouse, Stock, Warehouse, WarehouseClickAndCollectOption

from .models import ShippingMethodChannelListing, ShippingMethodType


def applicable_shipping_listings(channel, country: str | None, subtotal: Decimal, weight_grams: float) -> list:
    if not country:
        return []
    listings = (
        ShippingMethodChannelListing.objects.filter(
            channel=channel,
            shipping_method__shipping_zone__channels=channel,
            shipping_method__shipping_zone__countries__contains=[country],
        )
        .select_related("shipping_method")
        .order_by("price_amount", "shipping_method_id")
        .distinct()
    )
    out = []
    for listing in listings:
        method = listing.shipping_method
        if method.type == ShippingMethodType.PRICE_BASED:
            if listing.minimum_order_price_amount is not None and subtotal < listing.minimum_order_price_amount:
                continue
            if listing.maximum_order_price_amount is not None and subtotal > listing.maximum_order_price_amount:
                continue
        else:
            if method.minimum_order_weight_grams is not None and weight_grams < method.minimum_order_weight_grams:
                continue
            if method.maximum_order_weight_grams is not None and weight_grams > method.maximum_order_weight_grams:
                continue
        out.append(listing)
    return out


def collection_points(channel, variant_quantities: dict[int, int]) -> list[Warehouse]:
    """Warehouses of the channel open for pickup: LOCAL ones must hold every line themselves;
    ALL ones can gather the goods from the channel's other warehouses, so the channel's total
    stock must cover the lines."""
    links = list(
        ChannelWarehouse.objects.filter(channel=channel)
        .exclude(warehouse__click_and_collect_option=WarehouseClickAndCollectOption.DISABLED)
        .select_related("warehouse")
        .order_by("sort_order", "pk")
    )
    if not links or not variant_quantities:
        return [link.warehouse for link in links] if not variant_quantities else []
    stocks = Stock.objects.filter(product_variant_id__in=variant_quantities, warehouse__channel_warehouses__channel=channel)
    per_warehouse: dict = {}
    totals: dict = {}
    for stock in stocks:
        free = stock.quantity - stock.quantity_allocated
        per_warehouse[(stock.warehouse_id, stock.product_variant_id)] = free
        totals[stock.product_variant_id] = totals.get(stock.product_variant_id, 0) + free
    out = []
    for link in links:
        wh = link.warehouse
        if wh.click_and_collect_option == WarehouseClickAndCollectOption.LOCAL_STOCK:
            ok = all(per_warehouse.get((wh.pk, v), 0) >= q for v, q in variant_quantities.items())
        else:
            ok = all(totals.get(v, 0) >= q for v, q in variant_quantities.items())
        if ok:
            out.append(wh)
    return out
