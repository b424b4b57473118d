"""Attributes as in Saleor: typed, with values, assigned to product types, products, variants
and pages. OCOP badges (stars, certificate, validity…) are product attributes, not new fields."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from commerce.core.models import ModelWithExternalReference, ModelWithMetadata, SortableModel, TranslationModel


class AttributeType(models.TextChoices):
    PRODUCT_TYPE = "product-type", "Product type"
    PAGE_TYPE = "page-type", "Page type"


class AttributeInputType(models.TextChoices):
    DROPDOWN = "dropdown", "Dropdown"
    MULTISELECT = "multiselect", "Multi select"
    FILE = "file", "File"
    REFERENCE = "reference", "Reference"
    SINGLE_REFERENCE = "single-reference", "Single reference"
    NUMERIC = "numeric", "Numeric"
    RICH_TEXT = "rich-text", "Rich text"
    PLAIN_TEXT = "plain-text", "Plain text"
    SWATCH = "swatch", "Swatch"
    BOOLEAN = "boolean", "Boolean"
    DATE = "date", "Date"
    DATE_TIME = "date-time", "Date time"


# Input types whose values are shared choices (reused by many products) rather than one value
# per product; the others get a value made for the object they describe.
CHOICE_INPUT_TYPES = {AttributeInputType.DROPDOWN, AttributeInputType.MULTISELECT, AttributeInputType.SWATCH}


class AttributeEntityType(models.TextChoices):
    PAGE = "Page", "Page"
    PRODUCT = "Product", "Product"
    PRODUCT_VARIANT = "ProductVariant", "Product variant"
    CATEGORY = "Category", "Category"
    COLLECTION = "Collection", "Collection"


class Attribute(ModelWithMetadata, ModelWithExternalReference):
    slug = models.SlugField(max_length=250, unique=True, allow_unicode=True)
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=50, choices=AttributeType.choices, default=AttributeType.PRODUCT_TYPE)
    input_type = models.CharField(max_length=50, choices=AttributeInputType.choices, default=AttributeInputType.DROPDOWN)
    entity_type = models.CharField(max_length=50, choices=AttributeEntityType.choices, blank=True, null=True)
    # For references: the page types / product types a reference may point to (empty = any).
    reference_page_types = models.ManyToManyField("page.PageType", blank=True, related_name="+")
    unit = models.CharField(max_length=100, blank=True, null=True)
    value_required = models.BooleanField(default=False)
    is_variant_only = models.BooleanField(default=False)
    visible_in_storefront = models.BooleanField(default=True)
    filterable_in_storefront = models.BooleanField(default=True)
    filterable_in_dashboard = models.BooleanField(default=True)
    storefront_search_position = models.IntegerField(default=0)
    available_in_grid = models.BooleanField(default=True)
    product_types = models.ManyToManyField(
        "product.ProductType",
        blank=True,
        related_name="product_attributes",
        through="AttributeProduct",
        through_fields=("attribute", "product_type"),
    )
    product_variant_types = models.ManyToManyField(
        "product.ProductType",
        blank=True,
        related_name="variant_attributes",
        through="AttributeVariant",
        through_fields=("attribute", "product_type"),
    )
    page_types = models.ManyToManyField(
        "page.PageType",
        blank=True,
        related_name="page_attributes",
        through="AttributePage",
        through_fields=("attribute", "page_type"),
    )

    class Meta(ModelWithMetadata.Meta):
        ordering = ("storefront_search_position", "slug")

    def __str__(self):
        return self.name

    @property
    def has_shared_values(self) -> bool:
        return self.input_type in CHOICE_INPUT_TYPES


class AttributeTranslation(TranslationModel):
    attribute = models.ForeignKey(Attribute, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)

    class Meta:
        unique_together = (("language_code", "attribute"),)


class AttributeValue(ModelWithExternalReference, SortableModel):
    attribute = models.ForeignKey(Attribute, related_name="values", on_delete=models.CASCADE)
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    value = models.CharField(max_length=255, blank=True, default="")  # swatch colour
    file_url = models.URLField(null=True, blank=True)
    content_type = models.CharField(max_length=50, null=True, blank=True)
    rich_text = models.JSONField(blank=True, null=True)
    plain_text = models.TextField(blank=True, null=True)
    boolean = models.BooleanField(blank=True, null=True)
    date_time = models.DateTimeField(blank=True, null=True)
    numeric = models.FloatField(blank=True, null=True)
    reference_product = models.ForeignKey("product.Product", related_name="references", on_delete=models.CASCADE, null=True, blank=True)
    reference_variant = models.ForeignKey(
        "product.ProductVariant", related_name="references", on_delete=models.CASCADE, null=True, blank=True
    )
    reference_page = models.ForeignKey("page.Page", related_name="references", on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        ordering = ("sort_order", "pk")
        unique_together = ("slug", "attribute")

    def __str__(self):
        return self.name


class AttributeValueTranslation(TranslationModel):
    attribute_value = models.ForeignKey(AttributeValue, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=250)
    rich_text = models.JSONField(blank=True, null=True)
    plain_text = models.TextField(blank=True, null=True)

    class Meta:
        unique_together = (("language_code", "attribute_value"),)


# --- Assignment of attributes to types -----------------------------------------------------


class AttributeProduct(SortableModel):
    attribute = models.ForeignKey(Attribute, related_name="attributeproduct", on_delete=models.CASCADE)
    product_type = models.ForeignKey("product.ProductType", related_name="attributeproduct", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("attribute", "product_type"),)
        ordering = ("sort_order", "pk")


class AttributeVariant(SortableModel):
    attribute = models.ForeignKey(Attribute, related_name="attributevariant", on_delete=models.CASCADE)
    product_type = models.ForeignKey("product.ProductType", related_name="attributevariant", on_delete=models.CASCADE)
    variant_selection = models.BooleanField(default=False)

    class Meta:
        unique_together = (("attribute", "product_type"),)
        ordering = ("sort_order", "pk")


class AttributePage(SortableModel):
    attribute = models.ForeignKey(Attribute, related_name="attributepage", on_delete=models.CASCADE)
    page_type = models.ForeignKey("page.PageType", related_name="attributepage", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("attribute", "page_type"),)
        ordering = ("sort_order", "pk")


# --- Values assigned to objects -------------------------------------------------------------


class AssignedProductAttributeValue(SortableModel):
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="productvalueassignment")
    product = models.ForeignKey("product.Product", related_name="attributevalues", on_delete=models.CASCADE, db_index=False)

    class Meta:
        unique_together = (("value", "product"),)
        ordering = ("sort_order", "pk")
        indexes = [models.Index(fields=["product", "value"], name="assigned_prod_value_idx")]


class AssignedVariantAttribute(models.Model):
    variant = models.ForeignKey("product.ProductVariant", related_name="attributes", on_delete=models.CASCADE)
    assignment = models.ForeignKey(AttributeVariant, on_delete=models.CASCADE, related_name="variantassignments")
    values = models.ManyToManyField(AttributeValue, blank=True, related_name="variantassignments", through="AssignedVariantAttributeValue")

    class Meta:
        unique_together = (("variant", "assignment"),)


class AssignedVariantAttributeValue(SortableModel):
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="variantvalueassignment")
    assignment = models.ForeignKey(AssignedVariantAttribute, on_delete=models.CASCADE, related_name="variantvalueassignment")

    class Meta:
        unique_together = (("value", "assignment"),)
        ordering = ("sort_order", "pk")


class AssignedPageAttributeValue(SortableModel):
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="pagevalueassignment")
    page = models.ForeignKey("page.Page", related_name="attributevalues", on_delete=models.CASCADE, db_index=False)

    class Meta:
        unique_together = (("value", "page"),)
        ordering = ("sort_order", "pk")
        indexes = [models.Index(fields=["page", "value"], name="assigned_page_value_idx")]


# --- History of values ------------------------------------------------------------------------


class ProductAttributeChange(models.Model):
    """One product's value of a tracked attribute (commerce.attribute.history.TRACKED_ATTRIBUTES)
    changed: what it held before and after, when, and who wrote it. An assignment only says what
    a product holds now; figures over time (the KPI's certificates by stars, month by month) need
    what it held before, whoever wrote it — the registry sync's App, another app or staff.

    Values are text as history.value_text renders them ("" for none), so a row keeps its meaning
    after the value rows it describes have been replaced or deleted."""

    product = models.ForeignKey("product.Product", related_name="attribute_changes", on_delete=models.CASCADE)
    attribute = models.ForeignKey(Attribute, related_name="product_changes", on_delete=models.CASCADE)
    old_value = models.TextField(blank=True, default="")
    new_value = models.TextField(blank=True, default="")
    # One instant per write, shared by every attribute it changed: a write is replayed as a whole.
    changed_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, blank=True, null=True, on_delete=models.SET_NULL, related_name="+")
    app = models.ForeignKey("app.App", blank=True, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("product", "changed_at", "pk")
        indexes = [models.Index(fields=["attribute", "product", "changed_at"], name="product_attr_change_idx")]

    def __str__(self):
        return f"{self.product_id} {self.attribute_id}: {self.old_value or '—'} → {self.new_value or '—'}"
