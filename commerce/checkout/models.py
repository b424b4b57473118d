"""A shopper's cart on its way to becoming an order (Saleor's Checkout, keyed by its token)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from commerce.account.models import Address
from commerce.channel.models import Channel
from commerce.core.models import ModelWithMetadata


class Checkout(ModelWithMetadata):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_change = models.DateTimeField(auto_now=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, blank=True, null=True, related_name="checkouts", on_delete=models.CASCADE)
    email = models.EmailField(blank=True, null=True)
    channel = models.ForeignKey(Channel, related_name="checkouts", on_delete=models.PROTECT)
    billing_address = models.ForeignKey(Address, related_name="+", blank=True, null=True, on_delete=models.SET_NULL)
    shipping_address = models.ForeignKey(Address, related_name="+", blank=True, null=True, on_delete=models.SET_NULL)
    # Exactly one of the two delivery choices is set (or neither yet).
    shipping_method = models.ForeignKey(
        "shipping.ShippingMethod", blank=True, null=True, related_name="checkouts", on_delete=models.SET_NULL
    )
    collection_point = models.ForeignKey("warehouse.Warehouse", blank=True, null=True, related_name="checkouts", on_delete=models.SET_NULL)
    customer_note = models.TextField(blank=True, default="")
    currency = models.CharField(max_length=3)
    language_code = models.CharField(max_length=35, default=settings.LANGUAGE_CODE)
    voucher_code = models.CharField(max_length=255, blank=True, null=True)
    discount_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    discount_name = models.CharField(max_length=255, blank=True, null=True)
    redirect_url = models.URLField(blank=True, null=True)
    # Saleor's saveAddress: whether completion keeps the address in the signed-in customer's book.
    save_shipping_address = models.BooleanField(default=True)
    save_billing_address = models.BooleanField(default=True)
    # Set when completion starts, so a second concurrent completion can tell it is not alone.
    completing_started_at = models.DateTimeField(blank=True, null=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("-last_change", "pk")
        permissions = ()

    def __str__(self):
        return str(self.token)


class CheckoutLine(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkout = models.ForeignKey(Checkout, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey("product.ProductVariant", related_name="+", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("created_at", "id")
