"""Vouchers: codes a shopper enters for money off the whole order (fixed or percentage),
valued per channel, with a minimum spend, a usage limit and a date window."""

from django.db import models
from django.utils import timezone

from commerce.channel.models import Channel
from commerce.core.models import ModelWithMetadata


class VoucherType(models.TextChoices):
    SHIPPING = "shipping", "Shipping"
    ENTIRE_ORDER = "entire_order", "Entire order"
    SPECIFIC_PRODUCT = "specific_product", "Specific products"


class DiscountValueType(models.TextChoices):
    FIXED = "fixed", "Fixed"
    PERCENTAGE = "percentage", "Percentage"


class Voucher(ModelWithMetadata):
    name = models.CharField(max_length=255, blank=True, null=True)
    # Saleor 3.23 keeps codes in a VoucherCode table; one code per voucher is all the shop
    # needs, so it lives on the voucher (unique: a code names exactly one voucher).
    code = models.CharField(max_length=255, unique=True, db_index=True)
    type = models.CharField(max_length=20, choices=VoucherType.choices, default=VoucherType.ENTIRE_ORDER)
    discount_value_type = models.CharField(max_length=10, choices=DiscountValueType.choices, default=DiscountValueType.FIXED)
    usage_limit = models.PositiveIntegerField(null=True, blank=True)
    used = models.PositiveIntegerField(default=0, editable=False)
    start_date = models.DateTimeField(default=timezone.now)
    end_date = models.DateTimeField(null=True, blank=True)
    apply_once_per_customer = models.BooleanField(default=False)
    only_for_staff = models.BooleanField(default=False)
    min_checkout_items_quantity = models.PositiveIntegerField(null=True, blank=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("code",)

    def __str__(self):
        return self.code


class VoucherChannelListing(models.Model):
    voucher = models.ForeignKey(Voucher, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, related_name="voucher_listings", on_delete=models.CASCADE)
    discount_value = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)
    min_spent_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)

    class Meta:
        unique_together = (("voucher", "channel"),)
        ordering = ("pk",)


class VoucherCustomer(models.Model):
    """Who has used an apply-once-per-customer voucher (by e-mail, as Saleor records it)."""

    voucher = models.ForeignKey(Voucher, related_name="customers", on_delete=models.CASCADE)
    customer_email = models.EmailField()

    class Meta:
        unique_together = (("voucher", "customer_email"),)
        ordering = ("pk",)
