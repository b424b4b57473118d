"""Shared model building blocks, as in Saleor's core app."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models


class ModelWithMetadata(models.Model):
    metadata = models.JSONField(blank=True, default=dict)
    private_metadata = models.JSONField(blank=True, default=dict)

    class Meta:
        abstract = True
        indexes = [
            GinIndex(fields=["private_metadata"], name="%(class)s_p_meta_idx"),
            GinIndex(fields=["metadata"], name="%(class)s_meta_idx"),
        ]


class ModelWithExternalReference(models.Model):
    # Unique so that a retried import or sync can never create the same thing twice.
    external_reference = models.CharField(max_length=250, unique=True, blank=True, null=True)

    class Meta:
        abstract = True


class SeoModel(models.Model):
    seo_title = models.CharField(max_length=70, blank=True, null=True)
    seo_description = models.CharField(max_length=300, blank=True, null=True)

    class Meta:
        abstract = True


class TranslationModel(models.Model):
    language_code = models.CharField(max_length=35)

    class Meta:
        abstract = True


class SortableModel(models.Model):
    sort_order = models.IntegerField(editable=False, db_index=True, null=True)

    class Meta:
        abstract = True


class CorePermissions(models.Model):
    """Holds the Saleor permissions that belong to domains not modelled yet (orders, shipping…)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = (
            ("manage_checkouts", "Manage checkouts"),
            ("handle_checkouts", "Handle checkouts"),
            ("handle_taxes", "Handle taxes"),
            ("manage_taxes", "Manage taxes"),
            ("manage_discounts", "Manage discounts"),
            ("manage_gift_card", "Manage gift cards"),
            ("manage_menus", "Manage menus"),
            ("manage_orders", "Manage orders"),
            ("manage_orders_import", "Import orders"),
            ("handle_payments", "Handle payments"),
            ("manage_plugins", "Manage plugins"),
            ("manage_shipping", "Manage shipping"),
            ("manage_settings", "Manage settings"),
            ("manage_translations", "Manage translations"),
        )
