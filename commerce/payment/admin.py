"""Staff views of payments: transactions with their event history, transactions flagged for a
person (a bank transfer of the wrong amount), and every webhook received — including bank
transfers that matched no order, which staff settle by hand."""

from django.contrib import admin

from .models import TransactionEvent, TransactionItem, WebhookDelivery


class TransactionEventInline(admin.TabularInline):
    model = TransactionEvent
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "type",
        "amount_value",
        "currency",
        "psp_reference",
        "message",
        "external_id",
        "created_by_user",
        "created_by_app",
    )
    readonly_fields = fields
    ordering = ("created_at", "pk")

    def has_add_permission(self, request, obj=None):
        return False  # the record is written by the payment services only


@admin.register(TransactionItem)
class TransactionItemAdmin(admin.ModelAdmin):
    list_display = (
        "token",
        "gateway",
        "order",
        "reference",
        "psp_reference",
        "amount_requested",
        "charged_value",
        "charge_pending_value",
        "refunded_value",
        "needs_review",
        "created_at",
    )
    list_filter = ("gateway", "needs_review", "currency")
    search_fields = ("token", "reference", "psp_reference", "order__number", "order__user_email")
    list_select_related = ("order",)
    raw_id_fields = ("order", "checkout", "created_by_user", "created_by_app")
    readonly_fields = (
        "token",
        "gateway",
        "psp_reference",
        "reference",
        "currency",
        "amount_requested",
        "authorized_value",
        "authorize_pending_value",
        "charged_value",
        "charge_pending_value",
        "refunded_value",
        "refund_pending_value",
        "canceled_value",
        "cancel_pending_value",
        "available_actions",
        "idempotency_key",
        "created_at",
        "modified_at",
    )
    inlines = (TransactionEventInline,)
    date_hierarchy = "created_at"


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("received_at", "provider", "event_type", "event_id", "status", "amount", "memo", "transaction")
    list_filter = ("provider", "status")
    search_fields = ("event_id", "memo", "note")
    list_select_related = ("transaction",)
    raw_id_fields = ("transaction",)
    readonly_fields = ("provider", "event_id", "event_type", "amount", "memo", "payload", "received_at")
    date_hierarchy = "received_at"
