import uuid

from django.db import models
from django.db.models import F, Q

from commerce.account.models import Address
from commerce.channel.models import Channel
from commerce.core.models import ModelWithExternalReference, ModelWithMetadata


class WarehouseClickAndCollectOption(models.TextChoices):
    DISABLED = "disabled", "Disabled"
    LOCAL_STOCK = "local", "Local stock only"
    ALL_WAREHOUSES = "all", "All warehouses"


class Warehouse(ModelWithMetadata, ModelWithExternalReference):
    """One per producer (ships its own goods) and one per fair booth."""

    id = models.UUIDField(default=uuid.uuid4, primary_key=True)
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    channels = models.ManyToManyField(Channel, related_name="warehouses", through="ChannelWarehouse")
    address = models.ForeignKey(Address, on_delete=models.PROTECT)
    email = models.EmailField(blank=True, default="")
    click_and_collect_option = models.CharField(
        max_length=30, choices=WarehouseClickAndCollectOption.choices, default=WarehouseClickAndCollectOption.DISABLED
    )
    is_private = models.BooleanField(default=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("slug",)

    def __str__(self):
        return self.name


class ChannelWarehouse(models.Model):
    """A channel's warehouses in priority order: allocation tries them in `sort_order`."""

    channel = models.ForeignKey(Channel, related_name="channel_warehouses", on_delete=models.CASCADE)
    warehouse = models.ForeignKey(Warehouse, related_name="channel_warehouses", on_delete=models.CASCADE)
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        unique_together = (("channel", "warehouse"),)
        ordering = ("sort_order", "pk")


class Stock(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE)
    product_variant = models.ForeignKey("product.ProductVariant", on_delete=models.CASCADE, related_name="stocks")
    quantity = models.IntegerField(default=0)
    quantity_allocated = models.IntegerField(default=0)

    class Meta:
        unique_together = [["warehouse", "product_variant"]]
        ordering = ("pk",)
        constraints = [
            models.CheckConstraint(condition=Q(quantity_allocated__gte=0), name="stock_allocated_not_negative"),
        ]

    @property
    def available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)


class Allocation(models.Model):
    """Stock promised to an order line until it is fulfilled or the order is canceled."""

    order_line = models.ForeignKey("order.OrderLine", related_name="allocations", on_delete=models.CASCADE)
    stock = models.ForeignKey(Stock, related_name="allocations", on_delete=models.CASCADE)
    quantity_allocated = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [["order_line", "stock"]]
        ordering = ("pk",)


class Reservation(models.Model):
    """Stock held for a checkout line until `reserved_until` (then released by a beat task)."""

    checkout_line = models.ForeignKey("checkout.CheckoutLine", related_name="reservations", on_delete=models.CASCADE)
    stock = models.ForeignKey(Stock, related_name="reservations", on_delete=models.CASCADE)
    quantity_reserved = models.PositiveIntegerField(default=0)
    reserved_until = models.DateTimeField(db_index=True)

    class Meta:
        unique_together = [["checkout_line", "stock"]]
        ordering = ("reserved_until", "pk")


def stocks_with_available_quantity():
    return Stock.objects.annotate(available_quantity=F("quantity") - F("quantity_allocated"))
