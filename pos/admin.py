"""The dashboard's POS pages: fairs (their channel and fair prices), booths (warehouse, stock
transfer), registers (pairing codes), cashiers (PINs), sessions with Z-reports, sales with the
flags staff must look at, CSV reports. Every write to the core goes through pos.services (the
core's API as the `pos` App)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from saleor_client import SaleorClientError

from .models import Booth, CashCount, Cashier, Fair, PosSession, Register, Sale, SaleLine, SalePayment, SyncRejection, ZReport
from .services import core, devices, orders, reports, setup


def _core_error(request, exc):
    messages.error(request, f"Lõi thương mại từ chối: {exc}")


def _csv(filename: str, sales) -> HttpResponse:
    response = HttpResponse(reports.report_csv(sales), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Fair)
class FairAdmin(admin.ModelAdmin):
    list_display = ("name", "venue", "starts_on", "ends_on", "discount_percent", "channel_slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("channel_slug", "channel_id", "created_at")
    actions = ["apply_prices", "export_csv"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        try:
            setup.ensure_fair_channel(obj)
            if change and "discount_percent" in form.changed_data:
                priced = sum(setup.apply_fair_prices(booth) for booth in obj.booths.exclude(warehouse_id=""))
                messages.info(request, f"Đã cập nhật giá hội chợ cho {priced} mặt hàng.")
        except (SaleorClientError, setup.SetupError) as exc:
            _core_error(request, exc)

    @admin.action(description="Áp lại giá hội chợ (giá trực tuyến trừ %% giảm)")
    def apply_prices(self, request, queryset):
        try:
            priced = sum(setup.apply_fair_prices(b) for fair in queryset for b in fair.booths.exclude(warehouse_id=""))
            messages.success(request, f"Đã đặt giá cho {priced} mặt hàng.")
        except (SaleorClientError, setup.SetupError) as exc:
            _core_error(request, exc)

    @admin.action(description="Xuất báo cáo bán hàng (CSV)")
    def export_csv(self, request, queryset):
        return _csv("fair-sales.csv", Sale.objects.filter(register__booth__fair__in=queryset))


class BoothForm(forms.ModelForm):
    producer_page_id = forms.ChoiceField(label="chủ thể OCOP")

    class Meta:
        model = Booth
        fields = ["fair", "name", "code", "producer_page_id", "bank_bin", "bank_account", "account_name", "printer_host"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Producers are the core's pages of type ocop-producer, read through the API.
        try:
            pages = [
                p
                for p in core.all_pages(core.client(), "PosProducerPages", {"search": None})
                if (p.get("pageType") or {}).get("slug") == setup.PRODUCER_PAGE_TYPE
            ]
        except (SaleorClientError, core.PosAppMissing):
            pages = []
        choices = [(p["id"], p["title"]) for p in pages]
        if self.instance.pk and self.instance.producer_page_id not in dict(choices):
            choices.append((self.instance.producer_page_id, self.instance.producer_name or self.instance.producer_page_id))
        self.fields["producer_page_id"].choices = choices


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    form = BoothForm
    list_display = ("code", "name", "fair", "producer_name", "warehouse_id", "transfer_link")
    list_filter = ("fair",)
    readonly_fields = ("producer_slug", "producer_name", "warehouse_id", "created_at")
    actions = ["export_csv", "apply_prices"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        try:
            priced = setup.setup_booth(obj)
            messages.info(request, f"Kho gian hàng đã gắn vào kênh {obj.fair.channel_slug}; {priced} mặt hàng có giá hội chợ.")
        except (SaleorClientError, setup.SetupError) as exc:
            _core_error(request, exc)

    @admin.display(description="chuyển hàng")
    def transfer_link(self, obj):
        return format_html('<a href="{}">Chuyển hàng vào gian</a>', reverse("admin:pos_booth_transfer", args=[obj.pk]))

    def get_urls(self):
        return [
            path("<int:booth_id>/transfer/", self.admin_site.admin_view(self.transfer_view), name="pos_booth_transfer")
        ] + super().get_urls()

    def transfer_view(self, request, booth_id):
        """Quantities per product → one stockBulkUpdate (producer's warehouse → booth's)."""
        booth = get_object_or_404(Booth, pk=booth_id)
        if not self.has_change_permission(request, booth):
            return redirect("admin:pos_booth_changelist")
        try:
            products = setup.producer_products(booth)
        except (SaleorClientError, setup.SetupError) as exc:
            _core_error(request, exc)
            products = []
        if request.method == "POST":
            transfers = [
                setup.Transfer(v["id"], int(request.POST.get(f"q-{v['id']}") or 0), v["sku"] or "")
                for p in products
                for v in p["variants"] or []
                if int(request.POST.get(f"q-{v['id']}") or 0) > 0
            ]
            try:
                moved = setup.transfer_stock(booth, transfers)
                messages.success(request, f"Đã chuyển {len(moved)} mặt hàng vào gian {booth.code}.")
                return redirect("admin:pos_booth_changelist")
            except (SaleorClientError, setup.SetupError) as exc:
                _core_error(request, exc)
        rows = []
        for product in products:
            for variant in product["variants"] or []:
                at_booth = sum(s["quantity"] for s in variant["stocks"] or [] if s["warehouse"]["id"] == booth.warehouse_id)
                elsewhere = max(
                    (s["quantity"] - s["quantityAllocated"] for s in variant["stocks"] or [] if s["warehouse"]["id"] != booth.warehouse_id),
                    default=0,
                )
                rows.append(
                    {
                        "id": variant["id"],
                        "name": f"{product['name']} · {variant['name']}",
                        "sku": variant["sku"],
                        "at_booth": at_booth,
                        "free": elsewhere,
                    }
                )
        return TemplateResponse(
            request,
            "admin/pos/booth/transfer.html",
            {
                **self.admin_site.each_context(request),
                "booth": booth,
                "rows": rows,
                "opts": self.model._meta,
                "title": f"Chuyển hàng vào gian {booth}",
            },
        )

    @admin.action(description="Xuất báo cáo bán hàng (CSV)")
    def export_csv(self, request, queryset):
        return _csv("booth-sales.csv", Sale.objects.filter(register__booth__in=queryset))

    @admin.action(description="Áp lại giá hội chợ")
    def apply_prices(self, request, queryset):
        try:
            messages.success(request, f"Đã đặt giá cho {sum(setup.apply_fair_prices(b) for b in queryset)} mặt hàng.")
        except (SaleorClientError, setup.SetupError) as exc:
            _core_error(request, exc)


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "booth", "paired_at", "last_seen_at", "is_active")
    list_filter = ("booth__fair", "is_active")
    readonly_fields = ("paired_at", "last_seen_at")
    exclude = ("token_hash",)
    actions = ["pairing_code", "unpair"]

    @admin.action(description="Tạo mã ghép máy (dùng một lần)")
    def pairing_code(self, request, queryset):
        for register in queryset:
            code = devices.new_pairing_code(register)
            messages.warning(request, f"{register}: mã ghép {code} — nhập trên máy tại /pos/ (hết hạn sau vài phút, chỉ hiện một lần).")

    @admin.action(description="Huỷ ghép (máy mất/hỏng)")
    def unpair(self, request, queryset):
        queryset.update(token_hash=None)


class CashierForm(forms.ModelForm):
    pin = forms.CharField(label="PIN mới", required=False, widget=forms.PasswordInput, help_text="4-8 chữ số; để trống để giữ PIN cũ.")

    class Meta:
        model = Cashier
        fields = ["booth", "name", "max_discount_percent", "can_refund", "is_active"]

    def clean_pin(self):
        pin = self.cleaned_data.get("pin") or ""
        if pin and not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise forms.ValidationError("PIN gồm 4-8 chữ số.")
        if not pin and not self.instance.pin_hash:
            raise forms.ValidationError("Thu ngân mới cần PIN.")
        return pin

    def save(self, commit=True):
        cashier = super().save(commit=False)
        if self.cleaned_data.get("pin"):
            devices.set_pin(cashier, self.cleaned_data["pin"])
        if commit:
            cashier.save()
        return cashier


@admin.register(Cashier)
class CashierAdmin(admin.ModelAdmin):
    form = CashierForm
    list_display = ("name", "booth", "max_discount_percent", "can_refund", "is_active", "locked_until")
    list_filter = ("booth__fair", "booth")


class ZReportInline(admin.StackedInline):
    model = ZReport
    readonly_fields = ("created_at", "expected_cash", "counted_cash", "discrepancy", "data")
    can_delete = False
    extra = 0


@admin.register(PosSession)
class PosSessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "opened_at", "opening_float", "status", "closed_at", "is_rescue", "needs_review", "discrepancy")
    list_filter = ("status", "is_rescue", "needs_review", "register__booth__fair")
    readonly_fields = [f.name for f in PosSession._meta.fields]
    inlines = [ZReportInline]

    @admin.display(description="chênh lệch")
    def discrepancy(self, obj):
        z = getattr(obj, "z_report", None)
        return z.discrepancy if z else "-"


class SaleLineInline(admin.TabularInline):
    model = SaleLine
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in SaleLine._meta.fields]


class SalePaymentInline(admin.TabularInline):
    model = SalePayment
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in SalePayment._meta.fields]


class PushStateFilter(admin.SimpleListFilter):
    """Where a sale is on its way to the core: staff look first at the pushes that keep failing."""

    title = "đẩy đơn"
    parameter_name = "push"
    CHOICES = {
        "failing": ("lỗi, đang tự thử lại", Q(order_id="") & (~Q(order_error="") | Q(next_push_at__isnull=False))),
        "alerted": ("đã báo nhân viên", Q(order_id="", push_alerted_at__isnull=False)),
        "waiting": ("chờ đẩy", Q(order_id="", order_error="", next_push_at__isnull=True)),
        "done": ("đã có đơn", ~Q(order_id="")),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.CHOICES.items()]

    def queryset(self, request, queryset):
        choice = self.CHOICES.get(self.value())
        return queryset.filter(choice[1]) if choice else queryset


@admin.register(Sale)
class SaleAdmin(admin.ModelAdmin):
    list_display = (
        "receipt_number",
        "kind",
        "created_at",
        "total",
        "cashier",
        "order_number",
        "push_state",
        "stock_short",
        "rescued",
        "needs_review",
    )
    list_filter = (PushStateFilter, "needs_review", "stock_short", "rescued", "kind", "register__booth__fair", "register__booth")
    search_fields = ("receipt_number", "uuid", "order_number")
    readonly_fields = [f.name for f in Sale._meta.fields if f.name not in ("needs_review", "review_note")]
    inlines = [SaleLineInline, SalePaymentInline]
    actions = ["push_orders", "mark_reviewed", "export_csv"]

    @admin.display(description="đẩy đơn")
    def push_state(self, sale):
        if sale.order_id:
            return "đã có đơn"
        if sale.push_alerted_at:
            return f"⚠ lỗi {sale.push_attempts} lần — đã báo nhân viên"
        if sale.next_push_at:
            return f"lỗi {sale.push_attempts} lần, thử lại lúc {timezone.localtime(sale.next_push_at):%H:%M}"
        if sale.order_error:
            return f"lỗi {sale.push_attempts} lần"
        return "chờ đẩy"

    @admin.action(description="Đẩy lại đơn sang lõi (các giao dịch lỗi/chờ)")
    def push_orders(self, request, queryset):
        orders.retry_failed(queryset.values_list("pk", flat=True))
        try:
            messages.success(request, f"Đã xử lý {orders.push_pending()} giao dịch.")
        except SaleorClientError as exc:
            _core_error(request, exc)

    @admin.action(description="Đánh dấu đã kiểm tra")
    def mark_reviewed(self, request, queryset):
        queryset.update(needs_review=False)

    @admin.action(description="Xuất báo cáo (CSV)")
    def export_csv(self, request, queryset):
        return _csv("sales.csv", Sale.objects.filter(pk__in=queryset.values("pk")))


@admin.register(SyncRejection)
class SyncRejectionAdmin(admin.ModelAdmin):
    list_display = ("received_at", "register", "sale_uuid", "errors")
    readonly_fields = [f.name for f in SyncRejection._meta.fields]


admin.site.register(CashCount)
