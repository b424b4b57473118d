from commerce.graphql.core.dataloaders import ByIdLoader, DataLoader, ManyByForeignKeyLoader, group_by
from commerce.order.models import Fulfillment, FulfillmentLine, Order, OrderEvent, OrderLine
from commerce.warehouse.models import Allocation


class OrderByIdLoader(ByIdLoader):
    model = Order


class OrderLinesByOrderIdLoader(ManyByForeignKeyLoader):
    model = OrderLine
    field = "order"

    def queryset(self):
        return OrderLine.objects.order_by("created_at", "id")


class OrderLineByIdLoader(ByIdLoader):
    model = OrderLine


class OrderEventsByOrderIdLoader(ManyByForeignKeyLoader):
    model = OrderEvent
    field = "order"


class FulfillmentsByOrderIdLoader(ManyByForeignKeyLoader):
    model = Fulfillment
    field = "order"


class FulfillmentLinesByFulfillmentIdLoader(ManyByForeignKeyLoader):
    model = FulfillmentLine
    field = "fulfillment"


class AllocationsByOrderLineIdLoader(DataLoader):
    def batch_load(self, keys):
        grouped = group_by(Allocation.objects.filter(order_line_id__in=keys).select_related("stock"), lambda a: a.order_line_id)
        return [grouped.get(key, []) for key in keys]
