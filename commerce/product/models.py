from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func
from django.db.models.functions import Lower
from django.utils import timezone
from mptt.managers import TreeManager
from mptt.models import MPTTModel

from commerce.channel.models import Channel
from commerce.core.models import (
    ModelWithExternalReference,
    ModelWithMetadata,
    SeoModel,
    SortableModel,
    TranslationModel,
)


class ImmutableUnaccent(Func):
    """unaccent() as the IMMUTABLE wrapper `ocop_unaccent` (migration product 0003): PostgreSQL
    only indexes immutable expressions and unaccent() itself is merely STABLE."""

    function = "ocop_unaccent"
    output_field = models.TextField()


def unaccented_name(field: str = "name"):
    """lower(unaccent(name)), the key of name orderings (Vietnamese readers expect "Ánh" next to
    "Anh", which byte collation does not give). Products have an index on exactly this
    expression (with slug), so the default listing reads 25 index entries instead of sorting
    the catalog."""
    return Lower(ImmutableUnaccent(F(field)))


class Category(ModelWithMetadata, MPTTModel, SeoModel):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(blank=True, null=True)
    description_plaintext = models.TextField(blank=True, default="")
    parent = models.ForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.CASCADE)
    background_image = models.ImageField(upload_to="category-backgrounds", blank=True, null=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = models.Manager()
    tree = TreeManager()

    class Meta(ModelWithMetadata.Meta):
        ordering = ("tree_id", "lft")

    def __str__(self):
        return self.name


class CategoryTranslation(SeoModel, TranslationModel):
    category = models.ForeignKey(Category, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=128, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        unique_together = (("language_code", "category"),)


class ProductTypeKind(models.TextChoices):
    NORMAL = "normal", "A standard product type."
    GIFT_CARD = "gift_card", "A gift card product type."


class ProductType(ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=32, choices=ProductTypeKind.choices, default=ProductTypeKind.NORMAL)
    has_variants = models.BooleanField(default=True)
    is_shipping_required = models.BooleanField(default=True)
    weight_grams = models.FloatField(null=True, blank=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("slug",)
        permissions = (
            ("manage_products", "Manage products."),
            ("manage_product_types_and_attributes", "Manage product types and attributes."),
        )

    def __str__(self):
        return self.name


class Product(SeoModel, ModelWithMetadata, ModelWithExternalReference):
    product_type = models.ForeignKey(ProductType, related_name="products", on_delete=models.CASCADE)
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(blank=True, null=True)
    description_plaintext = models.TextField(blank=True, default="")
    category = models.ForeignKey(Category, related_name="products", on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    weight_grams = models.FloatField(null=True, blank=True)
    default_variant = models.OneToOneField("ProductVariant", blank=True, null=True, on_delete=models.SET_NULL, related_name="+")
    rating = models.FloatField(null=True, blank=True)
    # Search: `search_document` is the accent-free text of everything a shopper may type
    # (name, SKUs, attribute values, producer, description); `search_vector` its tsvector.
    # Writes mark `search_index_dirty`; a Celery task rebuilds them in batches, as Saleor does.
    search_document = models.TextField(blank=True, default="")
    # The normalised name alone, as indexed: short enough for trigram typo matching.
    search_name = models.TextField(blank=True, default="")
    search_vector = SearchVectorField(blank=True, null=True)
    search_index_dirty = models.BooleanField(default=True, db_index=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("slug",)
        indexes = [
            GinIndex(fields=["search_vector"], name="product_search_gin"),
            models.Index(fields=["name", "slug"], name="product_name_slug_idx"),
            # The default listing order walks this index instead of sorting the whole catalog.
            models.Index(unaccented_name(), F("slug"), name="product_sort_name_idx"),
            # Typo-tolerant fallback of search: trigram word similarity on the short indexed
            # name (word_similarity over the long search_document cost hundreds of ms).
            GinIndex(fields=["search_name"], name="product_search_name_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name


class ProductTranslation(SeoModel, TranslationModel):
    product = models.ForeignKey(Product, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=250, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        unique_together = (("language_code", "product"),)


class ProductVariant(SortableModel, ModelWithMetadata, ModelWithExternalReference):
    sku = models.CharField(max_length=255, unique=True, null=True, blank=True)
    name = models.CharField(max_length=255, blank=True)
    product = models.ForeignKey(Product, related_name="variants", on_delete=models.CASCADE)
    track_inventory = models.BooleanField(default=True)
    is_preorder = models.BooleanField(default=False)
    quantity_limit_per_customer = models.IntegerField(blank=True, null=True)
    weight_grams = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("sort_order", "sku")

    def __str__(self):
        return self.name or self.sku or f"ID:{self.pk}"


class ProductVariantTranslation(TranslationModel):
    product_variant = models.ForeignKey(ProductVariant, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        unique_together = (("language_code", "product_variant"),)


class ProductChannelListing(models.Model):
    product = models.ForeignKey(Product, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, related_name="product_listings", on_delete=models.CASCADE)
    visible_in_listings = models.BooleanField(default=False)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    available_for_purchase_at = models.DateTimeField(blank=True, null=True)
    currency = models.CharField(max_length=3)
    # Cheapest variant price in this channel, kept current on price writes; used to sort and
    # filter by price without touching variant listings.
    discounted_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)

    class Meta:
        unique_together = [["product", "channel"]]
        ordering = ("pk",)
        indexes = [models.Index(fields=["channel", "is_published", "published_at"], name="prod_listing_pub_idx")]

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and (self.published_at is None or self.published_at <= now)

    def is_available_for_purchase(self, now=None) -> bool:
        now = now or timezone.now()
        return self.available_for_purchase_at is not None and self.available_for_purchase_at <= now


class ProductVariantChannelListing(models.Model):
    variant = models.ForeignKey(ProductVariant, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, related_name="variant_listings", on_delete=models.CASCADE)
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)
    cost_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)
    prior_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)
    discounted_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)
    preorder_quantity_threshold = models.IntegerField(blank=True, null=True)

    class Meta:
        unique_together = [["variant", "channel"]]
        ordering = ("pk",)


class ProductMediaTypes(models.TextChoices):
    IMAGE = "IMAGE", "An uploaded image or a URL to an image"
    VIDEO = "VIDEO", "A URL to an external video"


class ProductMedia(SortableModel, ModelWithMetadata):
    product = models.ForeignKey(Product, related_name="media", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="products", blank=True, null=True)
    alt = models.CharField(max_length=250, blank=True)
    type = models.CharField(max_length=32, choices=ProductMediaTypes.choices, default=ProductMediaTypes.IMAGE)
    external_url = models.CharField(max_length=256, blank=True, null=True)
    oembed_data = models.JSONField(blank=True, default=dict)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("sort_order", "pk")


class VariantMedia(models.Model):
    variant = models.ForeignKey(ProductVariant, related_name="variant_media", on_delete=models.CASCADE)
    media = models.ForeignKey(ProductMedia, related_name="variant_media", on_delete=models.CASCADE)

    class Meta:
        unique_together = ("variant", "media")


class Collection(SeoModel, ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    products = models.ManyToManyField(Product, blank=True, related_name="collections", through="CollectionProduct")
    background_image = models.ImageField(upload_to="collection-backgrounds", blank=True, null=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    description = models.JSONField(blank=True, null=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("slug",)

    def __str__(self):
        return self.name


class CollectionProduct(SortableModel):
    collection = models.ForeignKey(Collection, related_name="collectionproduct", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, related_name="collectionproduct", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("collection", "product"),)
        ordering = ("sort_order", "pk")


class CollectionChannelListing(models.Model):
    collection = models.ForeignKey(Collection, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, related_name="collection_listings", on_delete=models.CASCADE)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [["collection", "channel"]]
        ordering = ("pk",)


class CollectionTranslation(SeoModel, TranslationModel):
    collection = models.ForeignKey(Collection, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=128, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        unique_together = (("language_code", "collection"),)


class Thumbnail(models.Model):
    """A resized copy of an image, made on first request and kept (Saleor's thumbnail app)."""

    image = models.ImageField(upload_to="thumbnails")
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=32, null=True, blank=True)
    product_media = models.ForeignKey(ProductMedia, null=True, blank=True, on_delete=models.CASCADE, related_name="thumbnails")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, related_name="thumbnails")
    collection = models.ForeignKey(Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="thumbnails")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product_media", "size", "format"], name="thumbnail_media_size_format"),
        ]
