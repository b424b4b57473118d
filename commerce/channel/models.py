from django.conf import settings
from django.db import models

from commerce.core.models import ModelWithMetadata


class Channel(ModelWithMetadata):
    """A way of selling with its own prices and stock: `online`, `wholesale`, `fair-<event>`."""

    name = models.CharField(max_length=250)
    is_active = models.BooleanField(default=False)
    slug = models.SlugField(max_length=255, unique=True)
    currency_code = models.CharField(max_length=3, default=settings.DEFAULT_CURRENCY)
    default_country = models.CharField(max_length=2, default=settings.DEFAULT_COUNTRY)
    # Stock reservation time for checkouts, used by the checkout domain.
    checkout_reservation_minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("slug",)
        permissions = (("manage_channels", "Manage channels."),)

    def __str__(self):
        return self.slug
