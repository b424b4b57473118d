"""Batch loaders for the catalog: one query per level of a query, whatever the page size."""

from __future__ import annotations

from commerce.attribute.models import AssignedProductAttributeValue, AttributeProduct
from commerce.channel.models import Channel
from commerce.graphql.core.dataloaders import ByIdLoader, DataLoader, ManyByForeignKeyLoader, group_by
from commerce.product import selectors
from commerce.product.models import (
    Category,
    CategoryTranslation,
    CollectionChannelListing,
    CollectionProduct,
    CollectionTranslation,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
    Thumbnail,
    VariantMedia,
)
from commerce.warehouse.availability import available_quantities, quantity_limit_per_checkout


class ProductByIdLoader(ByIdLoader):
    model = Product


class ProductTypeByIdLoader(ByIdLoader):
    model = ProductType


class CategoryByIdLoader(ByIdLoader):
    model = Category


class ProductVariantByIdLoader(ByIdLoader):
    model = ProductVariant


class ChannelBySlugLoader(DataLoader):
    def batch_load(self, keys):
        channels = {c.slug: c for c in Channel.objects.filter(slug__in=keys)}
        return [channels.get(key) for key in keys]


class ChannelByIdLoader(ByIdLoader):
    model = Channel


class VariantsByProductIdLoader(ManyByForeignKeyLoader):
    model = ProductVariant
    field = "product"


class VisibleVariantsByProductIdAndChannelLoader(DataLoader):
    """Keys (product_id, channel_slug | None, include_unpublished): the variants that caller may see."""

    def batch_load(self, keys):
        results = {}
        for (slug, include_unpublished), group in group_by(keys, lambda k: (k[1], k[2])).items():
            channel = Channel.objects.filter(slug=slug).first() if slug else None
            product_ids = [k[0] for k in group]
            variants = (
                selectors.visible_variants(channel, include_unpublished=include_unpublished)
                .filter(product_id__in=product_ids)
                .order_by("sort_order", "sku", "pk")
            )
            grouped = group_by(variants, lambda v: v.product_id)
            for key in group:
                results[key] = grouped.get(key[0], [])
        return [results[key] for key in keys]


class MediaByProductIdLoader(ManyByForeignKeyLoader):
    model = ProductMedia
    field = "product"

    def queryset(self):
        return ProductMedia.objects.order_by("sort_order", "pk")


class MediaByVariantIdLoader(DataLoader):
    def batch_load(self, keys):
        links = VariantMedia.objects.filter(variant_id__in=keys).select_related("media").order_by("media__sort_order", "media__pk")
        grouped = group_by(links, lambda link: link.variant_id)
        return [[link.media for link in grouped.get(key, [])] for key in keys]


class ThumbnailByMediaLoader(DataLoader):
    """Keys (fk name, instance id, size, format): the stored Thumbnail or None."""

    def batch_load(self, keys):
        found = {}
        for (fk, size, fmt), group in group_by(keys, lambda k: (k[0], k[2], k[3])).items():
            ids = [k[1] for k in group]
            for thumb in Thumbnail.objects.filter(**{f"{fk}_id__in": ids, "size": size, "format": fmt}):
                found[(fk, getattr(thumb, f"{fk}_id"), size, fmt)] = thumb
        return [found.get(key) for key in keys]


class VariantChannelListingsByVariantIdLoader(ManyByForeignKeyLoader):
    model = ProductVariantChannelListing
    field = "variant"


class VariantChannelListingByVariantAndChannelLoader(DataLoader):
    """Keys (variant_id, channel_slug)."""

    def batch_load(self, keys):
        variant_ids = {k[0] for k in keys}
        slugs = {k[1] for k in keys}
        listings = ProductVariantChannelListing.objects.filter(variant_id__in=variant_ids, channel__slug__in=slugs).select_related(
            "channel"
        )
        found = {(l.variant_id, l.channel.slug): l for l in listings}
        return [found.get(key) for key in keys]


class VariantListingsByProductAndChannelLoader(DataLoader):
    """Keys (product_id, channel_slug): the variant listings of all the product's variants."""

    def batch_load(self, keys):
        product_ids = {k[0] for k in keys}
        slugs = {k[1] for k in keys}
        listings = ProductVariantChannelListing.objects.filter(variant__product_id__in=product_ids, channel__slug__in=slugs).select_related(
            "channel", "variant"
        )
        grouped = group_by(listings, lambda l: (l.variant.product_id, l.channel.slug))
        return [grouped.get(key, []) for key in keys]


class ProductChannelListingByProductAndChannelLoader(DataLoader):
    """Keys (product_id, channel_slug)."""

    def batch_load(self, keys):
        product_ids = {k[0] for k in keys}
        slugs = {k[1] for k in keys}
        listings = ProductChannelListing.objects.filter(product_id__in=product_ids, channel__slug__in=slugs).select_related("channel")
        found = {(l.product_id, l.channel.slug): l for l in listings}
        return [found.get(key) for key in keys]


class ProductChannelListingsByProductIdLoader(ManyByForeignKeyLoader):
    model = ProductChannelListing
    field = "product"


class CollectionChannelListingsByCollectionIdLoader(ManyByForeignKeyLoader):
    model = CollectionChannelListing
    field = "collection"


class AvailableQuantityByVariantAndChannelLoader(DataLoader):
    """Keys (variant_id, channel_slug | None) → what one more checkout could take: stock left
    after allocations and other carts' active holds, capped at the channel's per-checkout limit
    (as Saleor; commerce.warehouse.availability)."""

    def batch_load(self, keys):
        results = {}
        now = getattr(self.context, "request_time", None)
        for slug, group in group_by(keys, lambda k: k[1]).items():
            channel = Channel.objects.filter(slug=slug).first() if slug else None
            quantities = available_quantities([k[0] for k in group], channel, now=now)
            limit = quantity_limit_per_checkout(slug)
            for key in group:
                results[key] = min(quantities.get(key[0], 0), limit)
        return [results[key] for key in keys]


class CollectionsByProductIdAndChannelLoader(DataLoader):
    """Keys (product_id, channel_slug | None, include_unpublished)."""

    def batch_load(self, keys):
        results = {}
        for (slug, include_unpublished), group in group_by(keys, lambda k: (k[1], k[2])).items():
            channel = Channel.objects.filter(slug=slug).first() if slug else None
            visible = selectors.visible_collections(channel, include_unpublished=include_unpublished)
            links = CollectionProduct.objects.filter(product_id__in=[k[0] for k in group], collection__in=visible).select_related(
                "collection"
            )
            grouped = group_by(links, lambda link: link.product_id)
            for key in group:
                results[key] = [link.collection for link in grouped.get(key[0], [])]
        return [results[key] for key in keys]


class _TranslationLoader(DataLoader):
    """Keys (object id, language code)."""

    model = None
    field = ""

    def batch_load(self, keys):
        ids = {k[0] for k in keys}
        languages = {k[1] for k in keys}
        rows = self.model.objects.filter(**{f"{self.field}_id__in": ids}, language_code__in=languages)
        found = {(getattr(r, f"{self.field}_id"), r.language_code): r for r in rows}
        return [found.get(key) for key in keys]


class ProductTranslationLoader(_TranslationLoader):
    model = ProductTranslation
    field = "product"


class ProductVariantTranslationLoader(_TranslationLoader):
    model = ProductVariantTranslation
    field = "product_variant"


class CategoryTranslationLoader(_TranslationLoader):
    model = CategoryTranslation
    field = "category"


class CollectionTranslationLoader(_TranslationLoader):
    model = CollectionTranslation
    field = "collection"


class AssignedValuesByProductIdLoader(DataLoader):
    """The product's attribute values, with their attributes, in assignment order."""

    def batch_load(self, keys):
        rows = (
            AssignedProductAttributeValue.objects.filter(product_id__in=keys)
            .select_related("value", "value__attribute")
            .order_by("sort_order", "pk")
        )
        grouped = group_by(rows, lambda row: row.product_id)
        return [[row.value for row in grouped.get(key, [])] for key in keys]


class ProductAttributesByProductTypeIdLoader(DataLoader):
    """Attributes assigned to a product type, in their sort order."""

    def batch_load(self, keys):
        links = AttributeProduct.objects.filter(product_type_id__in=keys).select_related("attribute").order_by("sort_order", "pk")
        grouped = group_by(links, lambda link: link.product_type_id)
        return [[link.attribute for link in grouped.get(key, [])] for key in keys]
