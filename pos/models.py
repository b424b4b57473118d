"""The POS's own tables, as a Saleor App keeps its own database: what Saleor has no model for
(fairs, booths, registers, cashiers, sessions, cash counts) and the sales as the registers sent
them. The core sees a sale only as the order created from it (externalReference = sale UUID)."""

from __future__ import annotations


from django.db import models
from django.utils import timezone


class Fair(models.Model):
    """A trade fair; its sales go to the core channel `fair-<slug>`."""

    name = models.CharField("tên hội chợ", max_length=200)
    slug = models.SlugField(unique=True)
    venue = models.CharField("địa điểm", max_length=300)
    starts_on = models.DateField("ngày bắt đầu")
    ends_on = models.DateField("ngày kết thúc")
    discount_percent = models.DecimalField(
        "giảm giá hội chợ (%)",
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text="Fair price = online price less this percentage, rounded to 1.000 ₫.",
    )
    # The core's channel, as GraphQL IDs (the core may be another server).
    channel_slug = models.CharField(max_length=255, blank=True)
    channel_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = "hội chợ"
        verbose_name_plural = "hội chợ"

    def __str__(self) -> str:
        return self.name

    @property
    def expected_channel_slug(self) -> str:
        return f"fair-{self.slug}"


class Booth(models.Model):
    """One producer (an `ocop-producer` page of the core) at one fair, with its own warehouse."""

    fair = models.ForeignKey(Fair, on_delete=models.PROTECT, related_name="booths")
    name = models.CharField("tên gian hàng", max_length=200)
    code = models.SlugField("mã gian", max_length=20, help_text="Short code printed on receipts, e.g. A12.")
    producer_page_id = models.CharField("chủ thể (Page ID)", max_length=255)
    producer_slug = models.CharField(max_length=255, blank=True)
    producer_name = models.CharField(max_length=255, blank=True)
    warehouse_id = models.CharField(max_length=255, blank=True)
    # VietQR: the producer's own account; the transfer goes straight to them.
    bank_bin = models.CharField("mã BIN ngân hàng", max_length=6, blank=True)
    bank_account = models.CharField("số tài khoản", max_length=19, blank=True)
    account_name = models.CharField("tên tài khoản", max_length=100, blank=True)
    printer_host = models.CharField("máy in mạng (host:port)", max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["fair", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "producer_page_id"], name="pos_booth_one_per_producer_and_fair"),
            models.UniqueConstraint(fields=["fair", "code"], name="pos_booth_code_unique_in_fair"),
        ]
        verbose_name = "gian hàng"
        verbose_name_plural = "gian hàng"

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Register(models.Model):
    """A phone or tablet at a booth. It authenticates with a device token (only its hash kept)."""

    booth = models.ForeignKey(Booth, on_delete=models.PROTECT, related_name="registers")
    name = models.CharField("tên máy", max_length=100)
    code = models.CharField("mã máy", max_length=10, help_text="Prefix of its receipt numbers, e.g. A12-1.")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    paired_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["booth", "code"]
        constraints = [models.UniqueConstraint(fields=["booth", "code"], name="pos_register_code_unique_in_booth")]
        verbose_name = "máy bán hàng"
        verbose_name_plural = "máy bán hàng"

    def __str__(self) -> str:
        return f"{self.booth.code}-{self.code} {self.name}"

    @property
    def receipt_prefix(self) -> str:
        return f"{self.booth.code}-{self.code}".upper()


class RegisterPairing(models.Model):
    """A one-time code shown in the dashboard and typed on the device; used once, then dead."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="pairings")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "mã ghép máy"
        verbose_name_plural = "mã ghép máy"


class Cashier(models.Model):
    """A person selling at a booth; signs in on a register with a PIN (hashed, throttled)."""

    booth = models.ForeignKey(Booth, on_delete=models.PROTECT, related_name="cashiers")
    name = models.CharField("tên thu ngân", max_length=100)
    pin_hash = models.CharField(max_length=255)
    max_discount_percent = models.PositiveSmallIntegerField(
        "giảm giá tối đa (%)", default=0, help_text="Largest discount this cashier may give on a line or a sale."
    )
    can_refund = models.BooleanField("được hoàn tiền", default=False)
    is_active = models.BooleanField(default=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booth", "name"]
        verbose_name = "thu ngân"
        verbose_name_plural = "thu ngân"

    def __str__(self) -> str:
        return self.name


class PosSession(models.Model):
    """From the opening float to the closing cash count. A rescue session collects the sales
    that reached the server after their own session had been closed."""

    OPEN, CLOSED = "open", "closed"
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="sessions")
    opened_by = models.ForeignKey(Cashier, on_delete=models.PROTECT, related_name="opened_sessions", null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opening_float = models.DecimalField("tiền đầu ca", max_digits=14, decimal_places=0, default=0)
    status = models.CharField(max_length=10, default=OPEN, choices=[(OPEN, "đang mở"), (CLOSED, "đã đóng")])
    closed_by = models.ForeignKey(Cashier, on_delete=models.PROTECT, related_name="closed_sessions", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_rescue = models.BooleanField("ca cứu hộ", default=False)
    rescued_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="rescues")
    needs_review = models.BooleanField("cần kiểm tra", default=False)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            # One open ordinary session per register at a time; rescue sessions are extra.
            models.UniqueConstraint(
                fields=["register"], condition=models.Q(status="open", is_rescue=False), name="pos_one_open_session_per_register"
            ),
        ]
        verbose_name = "ca bán hàng"
        verbose_name_plural = "ca bán hàng"

    def __str__(self) -> str:
        kind = "ca cứu hộ" if self.is_rescue else "ca"
        return f"{kind} #{self.pk} · {self.register}"


class Sale(models.Model):
    """A sale (or refund) as the register made it. `uuid` is made on the device and is UNIQUE:
    a batch sent twice (lost response, retry after a crash) cannot record a sale twice."""

    SALE, REFUND = "sale", "refund"
    uuid = models.UUIDField(unique=True)
    kind = models.CharField(max_length=10, default=SALE, choices=[(SALE, "bán"), (REFUND, "hoàn tiền")])
    refund_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="refunds")
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="sales")
    session = models.ForeignKey(PosSession, on_delete=models.PROTECT, related_name="sales")
    cashier = models.ForeignKey(Cashier, on_delete=models.PROTECT, related_name="sales", null=True, blank=True)
    receipt_number = models.CharField("số hoá đơn", max_length=40)
    created_at = models.DateTimeField("lúc bán (trên máy)")
    received_at = models.DateTimeField("lúc nhận", default=timezone.now)
    subtotal = models.DecimalField(max_digits=14, decimal_places=0)
    discount_total = models.DecimalField(max_digits=14, decimal_places=0, default=0)
    total = models.DecimalField(max_digits=14, decimal_places=0)
    # The core's order; empty until the push to the core succeeded (retried until it does).
    order_id = models.CharField(max_length=255, blank=True)
    order_number = models.CharField(max_length=40, blank=True)
    order_error = models.TextField(blank=True)
    push_attempts = models.PositiveIntegerField(default=0)
    # After a failed push: when beat may try again (back-off on push_attempts); empty while the
    # sale has not failed, so the next push takes it at once.
    next_push_at = models.DateTimeField("thử đẩy lại lúc", null=True, blank=True)
    # When staff were told this sale's push keeps failing: at most one alert per sale.
    push_alerted_at = models.DateTimeField("đã báo nhân viên lúc", null=True, blank=True)
    stock_short = models.BooleanField("thiếu hàng", default=False)
    rescued = models.BooleanField("vào ca cứu hộ", default=False)
    needs_review = models.BooleanField("cần kiểm tra", default=False)
    review_note = models.TextField(blank=True)
    payload = models.JSONField("dữ liệu gốc từ máy", default=dict)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["register", "order_id"], name="pos_sale_register_order"),
            models.Index(fields=["session"], name="pos_sale_session"),
            # Beat's every-minute look for failed pushes that are due.
            models.Index(fields=["next_push_at"], condition=models.Q(order_id=""), name="pos_sale_push_due"),
        ]
        verbose_name = "giao dịch"
        verbose_name_plural = "giao dịch"

    def __str__(self) -> str:
        return self.receipt_number


class SaleLine(models.Model):
    sale = models.ForeignKey(Sale, on_delete=models.CASCADE, related_name="lines")
    variant_id = models.CharField(max_length=255)
    sku = models.CharField(max_length=255, blank=True)
    product_name = models.CharField(max_length=400)
    variant_name = models.CharField(max_length=255, blank=True)
    quantity = models.IntegerField()
    unit_price = models.DecimalField(max_digits=14, decimal_places=0)
    discount = models.DecimalField(max_digits=14, decimal_places=0, default=0)
    total = models.DecimalField(max_digits=14, decimal_places=0)

    class Meta:
        ordering = ["pk"]


class SalePayment(models.Model):
    CASH, VIETQR, CARD = "cash", "vietqr", "card"
    METHODS = [(CASH, "tiền mặt"), (VIETQR, "VietQR"), (CARD, "thẻ")]
    sale = models.ForeignKey(Sale, on_delete=models.CASCADE, related_name="payments")
    method = models.CharField(max_length=10, choices=METHODS)
    amount = models.DecimalField(max_digits=14, decimal_places=0)
    tendered = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    change = models.DecimalField(max_digits=14, decimal_places=0, default=0)
    reference = models.CharField("mã tham chiếu", max_length=100, blank=True)
    # The VietQR text shown for this payment (bank, account, amount, receipt number, CRC).
    vietqr_payload = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]


class CashCount(models.Model):
    """Cash counted in the box at closing (or a spot check)."""

    session = models.ForeignKey(PosSession, on_delete=models.PROTECT, related_name="cash_counts")
    counted_by = models.ForeignKey(Cashier, on_delete=models.PROTECT, null=True, blank=True)
    counted_at = models.DateTimeField(default=timezone.now)
    amount = models.DecimalField(max_digits=14, decimal_places=0)
    denominations = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-counted_at"]


class ZReport(models.Model):
    """The closing report of a session, frozen at close."""

    session = models.OneToOneField(PosSession, on_delete=models.PROTECT, related_name="z_report")
    created_at = models.DateTimeField(default=timezone.now)
    expected_cash = models.DecimalField(max_digits=14, decimal_places=0)
    counted_cash = models.DecimalField(max_digits=14, decimal_places=0)
    discrepancy = models.DecimalField(max_digits=14, decimal_places=0)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "báo cáo Z"
        verbose_name_plural = "báo cáo Z"


class SyncRejection(models.Model):
    """A sale the sync API refused (malformed), kept for staff: nothing sent is thrown away."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="rejections")
    received_at = models.DateTimeField(default=timezone.now)
    sale_uuid = models.CharField(max_length=64, blank=True)
    errors = models.JSONField(default=list)
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["-received_at"]


class RateBucket(models.Model):
    """Fixed-window request counters in PostgreSQL, shared by every web process."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="pos_rate_bucket_key_window")]
