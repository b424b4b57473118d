"""Order e-mails owed to customers, in the dashboard: which are still unsent (the broker was
down, the mail server refused them) and why, with an action to send them now."""

from __future__ import annotations

from django.contrib import admin, messages

from .models import PendingEmail
from .tasks import deliver


class SentFilter(admin.SimpleListFilter):
    title = "trạng thái"
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("no", "chưa gửi"), ("yes", "đã gửi")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(PendingEmail)
class PendingEmailAdmin(admin.ModelAdmin):
    list_display = ["order", "kind", "created_at", "sent_at", "outcome", "attempts", "last_error"]
    list_filter = [SentFilter, "kind"]
    search_fields = ["order__user_email", "=order__number"]
    readonly_fields = ["order", "kind", "created_at", "sent_at", "outcome", "attempts", "last_error"]
    list_select_related = ["order"]
    actions = ["send_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Gửi ngay các e-mail đã chọn")
    def send_now(self, request, queryset):
        sent = failed = 0
        for pending in queryset.filter(sent_at__isnull=True):
            try:
                deliver(str(pending.order_id), pending.kind, pending.pk)
                sent += 1
            except Exception as exc:  # noqa: BLE001 - shown to staff, the rest still go
                failed += 1
                PendingEmail.objects.filter(pk=pending.pk).update(last_error=f"{type(exc).__name__}: {exc}"[:2000])
        if sent:
            self.message_user(request, f"Đã gửi {sent} e-mail.", messages.SUCCESS)
        if failed:
            self.message_user(request, f"{failed} e-mail chưa gửi được (xem cột lỗi).", messages.ERROR)
