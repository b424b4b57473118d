"""Delivery by carrier: zones (countries, channels, the warehouses that ship into them) and
their methods, priced per channel. Pickup at a warehouse (click-and-collect) needs no model
here: it is the warehouse's `click_and_collect_option`."""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from commerce.channel.models import Channel
from commerce.core.models import ModelWithMetadata
from commerce.warehouse.models import Warehouse


class ShippingMethodType(models.TextChoices):
    PRICE_BASED = "price", "Price based"
    WEIGHT_BASED = "weight", "Weight based"


class ShippingZone(ModelWithMetadata):
    name = models.CharField(max_length=100)
    countries = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    default = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    channels = models.ManyToManyField(Channel, related_name="shipping_zones", blank=True)
    warehouses = models.ManyToManyField(Warehouse, related_name="shipping_zones", blank=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("pk",)

    def __str__(self):
        return self.name


class ShippingMethod(ModelWithMetadata):
    name = models.CharField(max_length=100)
    type = models.CharField(max_length=30, choices=ShippingMethodType.choices, default=ShippingMethodType.PRICE_BASED)
    shipping_zone = models.ForeignKey(ShippingZone, related_name="shipping_methods", on_delete=models.CASCADE)
    minimum_order_weight_grams = models.FloatField(null=True, blank=True, default=0)
    maximum_order_weight_grams = models.FloatField(null=True, blank=True)
    minimum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    maximum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    description = models.JSONField(blank=True, null=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("pk",)

    def __str__(self):
        return self.name


class ShippingMethodChannelListing(models.Model):
    """The method's price in one channel, and the order-value window it applies to."""

    shipping_method = models.ForeignKey(ShippingMethod, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, related_name="shipping_method_listings", on_delete=models.CASCADE)
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    minimum_order_price_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0, blank=True, null=True)
    maximum_order_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)

    class Meta:
        unique_together = (("shipping_method", "channel"),)
        ordering = ("pk",)
