from django.db import models
from django.utils import timezone

from commerce.core.models import ModelWithMetadata, SeoModel, TranslationModel


class PageType(ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("slug",)
        permissions = (
            ("manage_pages", "Manage pages."),
            ("manage_page_types_and_attributes", "Manage page types and attributes."),
        )

    def __str__(self):
        return self.name


class Page(ModelWithMetadata, SeoModel):
    """A content page; OCOP producers are pages of type `ocop-producer`."""

    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    title = models.CharField(max_length=250)
    page_type = models.ForeignKey(PageType, related_name="pages", on_delete=models.CASCADE)
    content = models.JSONField(blank=True, null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("slug",)

    def __str__(self):
        return self.title

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and (self.published_at is None or self.published_at <= now)


class PageTranslation(TranslationModel, SeoModel):
    page = models.ForeignKey(Page, related_name="translations", on_delete=models.CASCADE)
    title = models.CharField(max_length=255, blank=True, null=True)
    content = models.JSONField(blank=True, null=True)

    class Meta:
        unique_together = (("language_code", "page"),)
