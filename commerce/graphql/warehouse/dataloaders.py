from commerce.graphql.core.dataloaders import DataLoader, group_by
from commerce.warehouse.models import ChannelWarehouse


class WarehousesByChannelIdLoader(DataLoader):
    def batch_load(self, keys):
        links = ChannelWarehouse.objects.filter(channel_id__in=keys).select_related("warehouse").order_by("sort_order", "pk")
        grouped = group_by(links, lambda link: link.channel_id)
        return [[link.warehouse for link in grouped.get(key, [])] for key in keys]
