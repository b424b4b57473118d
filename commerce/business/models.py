"""Business accounts of gift shops, the wholesale channel's rules, saved lists and the payment
terms of wholesale orders — tables of our own beside the Saleor-shaped core."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class BusinessAccountStatus(models.TextChoices):
    APPLIED = "applied", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    DECLINED = "declined", "Từ chối"


class BusinessAccount(models.Model):
    """One per user: the gift shop that user buys for. Only APPROVED accounts may buy in the
    wholesale channels (commerce.business.gate, called by the checkout services)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="business_account", on_delete=models.CASCADE)
    company_name = models.CharField("tên doanh nghiệp", max_length=255)
    # Normalized: "0312345678" or "0312345678-001" (commerce.business.tax_code).
    tax_code = models.CharField("mã số thuế", max_length=14, db_index=True)
    # Cleaned by commerce.account.address (post-2025 map): street → ward/commune → province.
    street_address = models.CharField("địa chỉ", max_length=256)
    ward = models.CharField("phường/xã", max_length=256)
    province = models.CharField("tỉnh/thành", max_length=128)
    contact_name = models.CharField("người liên hệ", max_length=256)
    contact_phone = models.CharField("điện thoại", max_length=32)  # E.164
    contact_email = models.EmailField("email liên hệ")
    status = models.CharField(max_length=16, choices=BusinessAccountStatus.choices, default=BusinessAccountStatus.APPLIED, db_index=True)
    decision_reason = models.TextField("lý do", blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    net30_granted = models.BooleanField("được trả chậm 30 ngày", default=False)
    payment_terms_days = models.PositiveSmallIntegerField("số ngày công nợ", default=30)
    credit_limit = models.DecimalField("hạn mức công nợ (₫)", max_digits=20, decimal_places=0, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = "tài khoản doanh nghiệp"
        verbose_name_plural = "tài khoản doanh nghiệp"

    def __str__(self):
        return f"{self.company_name} ({self.tax_code})"

    @property
    def is_approved(self) -> bool:
        return self.status == BusinessAccountStatus.APPROVED

    @property
    def address_text(self) -> str:
        return ", ".join(p for p in (self.street_address, self.ward, self.province) if p)


class WholesaleRule(models.Model):
    """How a variant is sold at wholesale: in cases of `case_pack` (quantities are multiples of
    it) and at least `min_quantity` units per order line."""

    variant = models.OneToOneField("product.ProductVariant", related_name="wholesale_rule", on_delete=models.CASCADE)
    case_pack = models.PositiveIntegerField("số đơn vị/thùng", default=1)
    min_quantity = models.PositiveIntegerField("số lượng tối thiểu", default=1)

    class Meta:
        verbose_name = "quy cách bán sỉ"
        verbose_name_plural = "quy cách bán sỉ"
        constraints = [
            models.CheckConstraint(condition=models.Q(case_pack__gte=1), name="business_rule_case_pack_positive"),
            models.CheckConstraint(condition=models.Q(min_quantity__gte=1), name="business_rule_min_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.variant} ×{self.case_pack} (≥{self.min_quantity})"


class WholesaleChannelTerms(models.Model):
    """A wholesale channel's order minimum (the subtotal of the lines, before shipping)."""

    channel = models.OneToOneField("channel.Channel", related_name="wholesale_terms", on_delete=models.CASCADE)
    min_order_value = models.DecimalField("giá trị đơn tối thiểu (₫)", max_digits=20, decimal_places=0, default=0)

    class Meta:
        verbose_name = "điều kiện kênh bán sỉ"
        verbose_name_plural = "điều kiện kênh bán sỉ"

    def __str__(self):
        return f"{self.channel.slug}: ≥ {self.min_order_value}"


class SavedList(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="saved_lists", on_delete=models.CASCADE)
    name = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "pk")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="business_savedlist_unique_name")]

    def __str__(self):
        return self.name


class SavedListItem(models.Model):
    saved_list = models.ForeignKey(SavedList, related_name="items", on_delete=models.CASCADE)
    variant = models.ForeignKey("product.ProductVariant", related_name="+", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ("pk",)
        constraints = [models.UniqueConstraint(fields=["saved_list", "variant"], name="business_savedlistitem_unique_variant")]


class PaymentTerms(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "Chuyển khoản trước khi giao"
    NET30 = "net30", "Trả chậm 30 ngày"


class OrderTerms(models.Model):
    """How a wholesale order is to be paid; for net-30 the due date and the reminders sent."""

    order = models.OneToOneField("order.Order", related_name="business_terms", on_delete=models.CASCADE)
    account = models.ForeignKey(BusinessAccount, related_name="order_terms", on_delete=models.PROTECT)
    terms = models.CharField(max_length=16, choices=PaymentTerms.choices)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "điều khoản thanh toán đơn sỉ"
        verbose_name_plural = "điều khoản thanh toán đơn sỉ"
