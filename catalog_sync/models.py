"""catalog_sync's own tables, as a Saleor App keeps its own database: where exports come from,
each run and its report, the rows a run rejected, and the history of star changes."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Source(models.Model):
    """An export location: a file path, a file URL or a JSON feed URL, with its schedule."""

    name = models.CharField("tên", max_length=200)
    slug = models.SlugField(unique=True)
    location = models.CharField("đường dẫn hoặc URL", max_length=1000, unique=True)
    mapping = models.JSONField("ánh xạ cột", default=dict, blank=True, help_text='{"Header as written": "field key"}')
    full_export = models.BooleanField(
        "bản xuất đầy đủ",
        default=True,
        help_text="A code missing from a full export has its badge withdrawn (lapsed).",
    )
    enabled = models.BooleanField(default=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="registry_source"
    )
    # HTTP validators of the feed's last answer, sent back as If-None-Match / If-Modified-Since.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "nguồn sổ đăng ký"
        verbose_name_plural = "nguồn sổ đăng ký"

    def __str__(self) -> str:
        return self.name

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))


class Run(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "đang chạy"
        SUCCEEDED = "succeeded", "thành công"
        PARTIAL = "partial", "có dòng bị từ chối"
        FAILED = "failed", "thất bại"
        NOT_MODIFIED = "not_modified", "không đổi (304)"
        INTERRUPTED = "interrupted", "bị ngắt"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs", null=True, blank=True)
    location = models.CharField(max_length=1000)
    trigger = models.CharField(max_length=20, default="cli")  # cli, schedule, dashboard, expiry
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)  # action → number of products
    message = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "lần đồng bộ"
        verbose_name_plural = "các lần đồng bộ"

    def __str__(self) -> str:
        return f"#{self.pk} {self.location} ({self.get_status_display()})"


class RejectedRow(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="rejected_rows")
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=200)
    reason = models.TextField()
    value = models.TextField(blank=True)
    code = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["row", "id"]


class StarChange(models.Model):
    """A product's OCOP star rank changed (or was first recorded) by a run."""

    run = models.ForeignKey(Run, on_delete=models.SET_NULL, null=True, blank=True, related_name="star_changes")
    code = models.CharField("mã sản phẩm", max_length=100, db_index=True)
    product_id = models.CharField(max_length=100, blank=True)  # the core's global ID
    product_name = models.CharField(max_length=250, blank=True)
    old_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    new_stars = models.PositiveSmallIntegerField()
    decision_no = models.CharField(max_length=100, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "changed_at"]
        constraints = [
            # A rerun of the same decision records nothing new.
            models.UniqueConstraint(fields=["code", "new_stars", "decision_no"], name="catalog_sync_star_change_once"),
        ]


class KnownProduct(models.Model):
    """What the sync last read or wrote of one catalog product, with the product's `updatedAt` as
    the catalog reported it then. While `updatedAt` has not moved, nobody has touched the
    product since, so a run compares against this row instead of reading the product's
    attributes again — the expensive part of reading 10,000 products through GraphQL. Any
    other write (a staff edit, another app) moves `updatedAt` and the product is read in full."""

    catalog = models.CharField(max_length=500)  # which core: "in-process" or its GraphQL URL
    product_id = models.CharField(max_length=100)  # the core's global ID
    code = models.CharField(max_length=100)  # externalReference
    name = models.TextField()
    values = models.JSONField(default=dict)  # attribute slug → value, as gateway.attribute_values gives it
    updated_at = models.CharField(max_length=64)  # the catalog's updatedAt, verbatim

    class Meta:
        verbose_name = "sản phẩm đã biết"
        verbose_name_plural = "sản phẩm đã biết"
        constraints = [models.UniqueConstraint(fields=["catalog", "product_id"], name="catalog_sync_known_product_once")]
