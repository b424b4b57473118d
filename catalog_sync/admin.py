"""The dashboard's view of catalog_sync: sources with their schedules, runs with their reports."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .models import RejectedRow, Run, Source, StarChange
from .schedules import ensure_periodic_task


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "location", "full_export", "enabled", "schedule", "last_run")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("periodic_task_link", "etag", "last_modified", "created_at")
    exclude = ("periodic_task",)
    actions = ["run_now", "run_now_reading_everything"]

    @admin.display(description="lịch chạy")
    def schedule(self, obj):
        return str(obj.periodic_task.crontab or obj.periodic_task.interval) if obj.periodic_task else "-"

    @admin.display(description="lịch chạy (sửa)")
    def periodic_task_link(self, obj):
        if not obj.periodic_task_id:
            return "-"
        url = reverse("admin:django_celery_beat_periodictask_change", args=[obj.periodic_task_id])
        return format_html('<a href="{}">{}</a>', url, obj.periodic_task)

    @admin.display(description="lần chạy gần nhất")
    def last_run(self, obj):
        run = obj.runs.first()
        return f"{run.started_at:%Y-%m-%d %H:%M} {run.get_status_display()}" if run else "-"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        ensure_periodic_task(obj)

    @admin.action(description="Chạy đồng bộ ngay")
    def run_now(self, request, queryset):
        from .tasks import sync_source

        for source in queryset:
            sync_source.delay(source.pk)
        messages.info(request, f"{queryset.count()} run(s) queued.")

    @admin.action(description="Chạy ngay, đọc lại toàn bộ danh mục")
    def run_now_reading_everything(self, request, queryset):
        """When the catalog may have been changed behind the sync's back (a restored backup, a
        direct database edit): compare every product as the catalog has it now."""
        from .tasks import sync_source

        for source in queryset:
            sync_source.delay(source.pk, full_read=True)
        messages.info(request, f"Đã xếp {queryset.count()} lần chạy đọc lại toàn bộ danh mục.")


class RejectedRowInline(admin.TabularInline):
    model = RejectedRow
    extra = 0
    can_delete = False
    readonly_fields = ("row", "column", "reason", "value", "code")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class StarChangeInline(admin.TabularInline):
    model = StarChange
    extra = 0
    can_delete = False
    readonly_fields = ("code", "product_name", "old_stars", "new_stars", "decision_no", "decision_date", "changed_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("id", "started_at", "source", "trigger", "dry_run", "status", "rows_read", "counts_text", "rejected_count")
    list_filter = ("status", "trigger", "source")
    readonly_fields = (
        "source",
        "location",
        "trigger",
        "dry_run",
        "status",
        "started_at",
        "finished_at",
        "rows_read",
        "counts_table",
        "message",
        "failed_writes",
    )
    exclude = ("counts", "report")
    inlines = [RejectedRowInline, StarChangeInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description="số sản phẩm theo thao tác")
    def counts_text(self, obj):
        return ", ".join(f"{k} {v}" for k, v in (obj.counts or {}).items() if v) or "-"

    @admin.display(description="dòng bị từ chối")
    def rejected_count(self, obj):
        return len((obj.report or {}).get("rejected", []))

    @admin.display(description="báo cáo")
    def counts_table(self, obj):
        rows = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", ((k, v) for k, v in (obj.counts or {}).items()))
        return format_html("<table>{}</table>", rows)

    @admin.display(description="ghi bị từ chối")
    def failed_writes(self, obj):
        failed = (obj.report or {}).get("failed", [])
        return format_html_join("", "<div>{} (row {}): {}</div>", ((f["code"], f["row"], f["reason"]) for f in failed)) or "-"


@admin.register(StarChange)
class StarChangeAdmin(admin.ModelAdmin):
    list_display = ("code", "product_name", "old_stars", "new_stars", "decision_no", "decision_date", "changed_at")
    search_fields = ("code", "product_name")
