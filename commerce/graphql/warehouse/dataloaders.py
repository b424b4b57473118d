from django.db.models import Sum
from django.utils import timezone

from commerce.graphql.core.dataloaders import ByIdLoader, DataLoader, group_by
from commerce.warehouse.models import ChannelWarehouse, Reservation, Stock, Warehouse


class WarehousesByChannelIdLoader(DataLoader):
    def batch_load(self, keys):
        links = ChannelWarehouse.objects.filter(channel_id__in=keys).select_related("warehouse").order_by("sort_order", "pk")
        grouped = group_by(links, lambda link: link.channel_id)
        return [[link.warehouse for link in grouped.get(key, [])] for key in keys]


class WarehousesByIdLoader(ByIdLoader):
    model = Warehouse


class StocksByVariantIdLoader(DataLoader):
    """Every stock of each variant, in warehouse order (for ProductVariant.stocks)."""

    def batch_load(self, keys):
        grouped = group_by(Stock.objects.filter(product_variant_id__in=keys).order_by("pk"), lambda s: s.product_variant_id)
        return [grouped.get(key, []) for key in keys]


class ActiveReservedQuantityByStockIdLoader(DataLoader):
    """Quantity held by checkouts whose reservation has not expired yet."""

    def batch_load(self, keys):
        now = getattr(self.context, "request_time", None) or timezone.now()
        totals = dict(
            Reservation.objects.filter(stock_id__in=keys, reserved_until__gt=now)
            .order_by()
            .values("stock_id")
            .annotate(total=Sum("quantity_reserved"))
            .values_list("stock_id", "total")
        )
        return [totals.get(key) or 0 for key in keys]
