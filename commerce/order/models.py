"""Orders as Saleor keeps them: a snapshot of what was bought (names, SKUs, prices, addresses,
delivery) that later catalog edits never change, plus money state and an event history."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from commerce.account.models import Address
from commerce.channel.models import Channel
from commerce.core.models import ModelWithExternalReference, ModelWithMetadata


class OrderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    UNFULFILLED = "unfulfilled", "Unfulfilled"
    PARTIALLY_FULFILLED = "partially fulfilled", "Partially fulfilled"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELED = "canceled", "Canceled"


class OrderOrigin(models.TextChoices):
    CHECKOUT = "checkout", "Checkout"
    DRAFT = "draft", "Draft"
    BULK_CREATE = "bulk_create", "Bulk create"


class OrderChargeStatus(models.TextChoices):
    NONE = "none", "None"
    PARTIAL = "partial", "Partial"
    FULL = "full", "Full"
    OVERCHARGED = "overcharged", "Overcharged"


class OrderAuthorizeStatus(models.TextChoices):
    NONE = "none", "None"
    PARTIAL = "partial", "Partial"
    FULL = "full", "Full"


class FulfillmentStatus(models.TextChoices):
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELED = "canceled", "Canceled"


class OrderEvents(models.TextChoices):
    PLACED = "placed", "Placed"
    CONFIRMED = "confirmed", "Confirmed"
    OVERSOLD_ITEMS = "oversold_items", "Oversold items"
    CANCELED = "canceled", "Canceled"
    ORDER_MARKED_AS_PAID = "order_marked_as_paid", "Marked as paid"
    ORDER_FULLY_PAID = "order_fully_paid", "Fully paid"
    FULFILLMENT_FULFILLED_ITEMS = "fulfillment_fulfilled_items", "Fulfilled items"
    EMAIL_SENT = "email_sent", "E-mail sent"
    PAYMENT_REFUNDED = "payment_refunded", "Refunded"
    TRANSACTION_EVENT = "transaction_event", "Transaction event"
    NOTE_ADDED = "note_added", "Note added"
    OTHER = "other", "Other"


class Order(ModelWithMetadata, ModelWithExternalReference):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # From a PostgreSQL sequence (see services.next_order_number): gap-tolerant, never reused,
    # safe under concurrent checkouts.
    number = models.PositiveIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    status = models.CharField(max_length=32, choices=OrderStatus.choices, default=OrderStatus.UNFULFILLED, db_index=True)
    origin = models.CharField(max_length=32, choices=OrderOrigin.choices, default=OrderOrigin.CHECKOUT)
    channel = models.ForeignKey(Channel, related_name="orders", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, blank=True, null=True, related_name="orders", on_delete=models.SET_NULL)
    user_email = models.EmailField(blank=True, default="")
    language_code = models.CharField(max_length=35, default=settings.LANGUAGE_CODE)
    # Copies, not the shopper's own address rows: editing an address book never rewrites history.
    billing_address = models.ForeignKey(Address, related_name="+", editable=False, null=True, on_delete=models.SET_NULL)
    shipping_address = models.ForeignKey(Address, related_name="+", editable=False, null=True, on_delete=models.SET_NULL)
    shipping_method = models.ForeignKey("shipping.ShippingMethod", blank=True, null=True, related_name="orders", on_delete=models.SET_NULL)
    shipping_method_name = models.CharField(max_length=255, blank=True, null=True)
    collection_point = models.ForeignKey("warehouse.Warehouse", blank=True, null=True, related_name="orders", on_delete=models.SET_NULL)
    collection_point_name = models.CharField(max_length=255, blank=True, null=True)
    currency = models.CharField(max_length=3)
    shipping_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    shipping_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    subtotal_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    subtotal_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    undiscounted_total_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    undiscounted_total_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    discount_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    discount_name = models.CharField(max_length=255, blank=True, null=True)
    total_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    total_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    total_charged_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    total_authorized_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    charge_status = models.CharField(max_length=32, choices=OrderChargeStatus.choices, default=OrderChargeStatus.NONE, db_index=True)
    authorize_status = models.CharField(
        max_length=32, choices=OrderAuthorizeStatus.choices, default=OrderAuthorizeStatus.NONE, db_index=True
    )
    voucher = models.ForeignKey("discount.Voucher", blank=True, null=True, related_name="orders", on_delete=models.SET_NULL)
    voucher_code = models.CharField(max_length=255, blank=True, null=True)
    # The checkout this order came from; unique, so completing a checkout twice (a retry, a
    # second tab, two racing requests) can only ever yield one order.
    checkout_token = models.CharField(max_length=36, unique=True, blank=True, null=True)
    customer_note = models.TextField(blank=True, default="")
    redirect_url = models.URLField(blank=True, null=True)
    weight_grams = models.FloatField(default=0)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("-number",)

    def __str__(self):
        return f"#{self.number}"

    @property
    def outstanding_amount(self) -> Decimal:
        return max(self.total_gross_amount - self.total_charged_amount, Decimal(0))

    def is_fully_charged(self) -> bool:
        return self.total_charged_amount >= self.total_gross_amount


class OrderLine(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey("product.ProductVariant", related_name="order_lines", blank=True, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    product_name = models.CharField(max_length=386)
    variant_name = models.CharField(max_length=255, blank=True, default="")
    translated_product_name = models.CharField(max_length=386, blank=True, default="")
    translated_variant_name = models.CharField(max_length=255, blank=True, default="")
    product_sku = models.CharField(max_length=255, blank=True, null=True)
    product_variant_id = models.CharField(max_length=255, blank=True, null=True)
    is_shipping_required = models.BooleanField(default=True)
    quantity = models.PositiveIntegerField()
    quantity_fulfilled = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3)
    unit_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3)
    unit_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    undiscounted_unit_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    total_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3)
    total_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    undiscounted_total_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal(0))

    class Meta(ModelWithMetadata.Meta):
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity_fulfilled__lte=models.F("quantity")), name="order_line_fulfilled_le_quantity"
            )
        ]

    @property
    def quantity_unfulfilled(self) -> int:
        return self.quantity - self.quantity_fulfilled


class OrderEvent(models.Model):
    order = models.ForeignKey(Order, related_name="events", on_delete=models.CASCADE)
    date = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    type = models.CharField(max_length=255, choices=OrderEvents.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, blank=True, null=True, on_delete=models.SET_NULL, related_name="+")
    app = models.ForeignKey("app.App", blank=True, null=True, on_delete=models.SET_NULL, related_name="+")
    parameters = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("date", "pk")


class Fulfillment(ModelWithMetadata):
    """What one warehouse (one producer) shipped for an order."""

    order = models.ForeignKey(Order, related_name="fulfillments", on_delete=models.CASCADE)
    fulfillment_order = models.PositiveIntegerField()
    status = models.CharField(max_length=32, choices=FulfillmentStatus.choices, default=FulfillmentStatus.FULFILLED)
    tracking_number = models.CharField(max_length=255, blank=True, default="")
    warehouse = models.ForeignKey("warehouse.Warehouse", blank=True, null=True, related_name="fulfillments", on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("pk",)


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(Fulfillment, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey(OrderLine, related_name="fulfillment_lines", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    stock = models.ForeignKey("warehouse.Stock", blank=True, null=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        ordering = ("pk",)
