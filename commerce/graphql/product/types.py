"""Catalog types in Saleor 3.23's shapes: Product, ProductVariant, ProductType, Category,
Collection, ProductMedia and their translations and channel listings.

Products, variants and collections are priced and filtered per channel, so they travel wrapped in
a `ChannelContext` (Saleor's approach): the node plus the slug of the channel the query asked
about. Every list and every related object resolves through a loader.
"""

from __future__ import annotations

import graphene

from commerce.core.permissions import PermissionEnum
from commerce.graphql.attribute.types import SelectedAttribute, language_display
from commerce.graphql.core.connection import SortKey, connection_args, countable_connection, create_connection_slice
from commerce.graphql.core.context import has_one_of_permissions
from commerce.graphql.core.dataloaders import gather, resolved, then
from commerce.graphql.core.enums import LanguageCodeEnum, language_code_value
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.types import Money, ModelObjectType, NonNullList, ObjectWithMetadata, TaxedMoney, TaxedMoneyRange
from commerce.graphql.shop.schema import LanguageDisplay
from commerce.product import models, pricing
from commerce.product.thumbnails import absolute_url, closest_size, format_key, thumbnail_path
from commerce.warehouse.availability import quantity_limit_per_checkout

from . import dataloaders as loaders
from .filters import ProductTypeKindEnum


class ChannelContext:
    """A model instance plus the channel it is looked at in; attribute reads fall through to
    the instance, so plain field resolvers and the metadata interface work unchanged."""

    __slots__ = ("node", "channel_slug")

    def __init__(self, node, channel_slug):
        self.node = node
        self.channel_slug = channel_slug

    def __getattr__(self, name):
        return getattr(self.node, name)


def unwrap(root):
    return root.node if isinstance(root, ChannelContext) else root


def wrap_many(items, channel_slug):
    return [ChannelContext(item, channel_slug) for item in items]


class ChannelContextType(ModelObjectType):
    class Meta:
        abstract = True

    @classmethod
    def is_type_of(cls, root, info):
        return super().is_type_of(unwrap(root), info)


# Saleor's ALL_PRODUCTS_PERMISSIONS: who sees the products (and their variants and collections)
# that are unpublished, hidden from listings or not listed in the channel. Being staff or an
# app is not enough.
ALL_PRODUCTS_PERMISSIONS = (PermissionEnum.MANAGE_ORDERS, PermissionEnum.MANAGE_DISCOUNTS, PermissionEnum.MANAGE_PRODUCTS)


def sees_unpublished(context) -> bool:
    return has_one_of_permissions(context, ALL_PRODUCTS_PERMISSIONS)


def _require_product_permission(info):
    if not has_one_of_permissions(info.context, [PermissionEnum.MANAGE_PRODUCTS]):
        raise PermissionDenied(permissions=[PermissionEnum.MANAGE_PRODUCTS])


def _request(info):
    return getattr(info.context, "request", None)


def _image_url(info, instance, image_field: str, fk: str, type_name: str, size, format):
    """Original file without a size; with one, the stored thumbnail when it exists (looked up
    by a loader) or the thumbnail view that makes it on first request."""
    image = getattr(instance, image_field)
    if not image:
        return resolved(None)
    if not size:
        return resolved(absolute_url(_request(info), image.url))
    size = closest_size(size)
    fmt = format_key(format)

    def pick(thumbnail):
        if thumbnail is not None:
            return absolute_url(_request(info), thumbnail.image.url)
        return absolute_url(_request(info), thumbnail_path(type_name, instance.pk, size, fmt))

    return then(loaders.ThumbnailByMediaLoader(info.context).load((fk, instance.pk, size, fmt)), pick)


class ThumbnailFormatEnum(graphene.Enum):
    ORIGINAL = "ORIGINAL"
    AVIF = "AVIF"
    WEBP = "WEBP"


class ProductMediaType(graphene.Enum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


def _thumbnail_args():
    return {
        "size": graphene.Int(description="Desired longest side the image in pixels."),
        "format": graphene.Argument(
            ThumbnailFormatEnum, default_value=ThumbnailFormatEnum.ORIGINAL, description="The format of the image."
        ),
    }


class Image(graphene.ObjectType):
    url = graphene.String(required=True, description="The URL of the image.")
    alt = graphene.String(description="Alt text for an image.")

    class Meta:
        description = "Represents an image."


class ProductMedia(ModelObjectType):
    sort_order = graphene.Int(description="The sort order of the media.")
    alt = graphene.String(required=True, description="The alt text of the media.")
    type = graphene.Field(ProductMediaType, required=True, description="The type of the media.")
    oembed_data = graphene.JSONString(required=True, description="The oEmbed data of the media.")
    url = graphene.String(required=True, description="The URL of the media.", **_thumbnail_args())
    product_id = graphene.ID(description="Product id the media refers to.")

    class Meta:
        description = "Represents a product media."
        model = models.ProductMedia
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_url(root, info, size=None, format=None):
        if root.type == models.ProductMediaTypes.VIDEO or not root.image:
            return root.external_url or ""
        return _image_url(info, root, "image", "product_media", "ProductMedia", size, format)

    @staticmethod
    def resolve_product_id(root, info):
        return graphene.Node.to_global_id("Product", root.product_id)


def _translation_language(root, info):
    return language_display(root.language_code)


class ProductTranslation(ModelObjectType):
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String()
    description = graphene.JSONString()

    class Meta:
        model = models.ProductTranslation

    resolve_language = staticmethod(_translation_language)


class ProductVariantTranslation(ModelObjectType):
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")
    name = graphene.String(required=True)

    class Meta:
        model = models.ProductVariantTranslation

    resolve_language = staticmethod(_translation_language)


class CategoryTranslation(ModelObjectType):
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String()
    description = graphene.JSONString()

    class Meta:
        model = models.CategoryTranslation

    resolve_language = staticmethod(_translation_language)


class CollectionTranslation(ModelObjectType):
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String()
    description = graphene.JSONString()

    class Meta:
        model = models.CollectionTranslation

    resolve_language = staticmethod(_translation_language)


def _translation_field(of):
    return graphene.Field(
        of,
        language_code=graphene.Argument(LanguageCodeEnum, required=True, description="A language code to return the translation for."),
        description="Returns translated fields for the given language code.",
    )


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(TaxedMoney, description="The discount amount if in sale (null otherwise).")
    display_gross_prices = graphene.Boolean(required=True, description="Determines whether displayed prices should include taxes.")
    price_range = graphene.Field(TaxedMoneyRange, description="The discounted price range of the product variants.")
    price_range_undiscounted = graphene.Field(TaxedMoneyRange, description="The undiscounted price range of the product variants.")

    class Meta:
        description = "Represents availability of a product in the storefront."


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(TaxedMoney, description="The discount amount if in sale (null otherwise).")
    price = graphene.Field(TaxedMoney, description="The price, with any discount subtracted.")
    price_undiscounted = graphene.Field(TaxedMoney, description="The price without any discount.")

    class Meta:
        description = "Represents availability of a variant in the storefront."


class ProductChannelListing(ModelObjectType):
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    channel = graphene.Field("commerce.graphql.channel.types.Channel", required=True)
    visible_in_listings = graphene.Boolean(required=True)
    available_for_purchase_at = graphene.DateTime()
    discounted_price = graphene.Field(Money)
    is_available_for_purchase = graphene.Boolean()
    pricing = graphene.Field(ProductPricingInfo)

    class Meta:
        description = "Represents product channel listing."
        model = models.ProductChannelListing

    @staticmethod
    def resolve_channel(root, info):
        return loaders.ChannelByIdLoader(info.context).load(root.channel_id)

    @staticmethod
    def resolve_discounted_price(root, info):
        if root.discounted_price_amount is None:
            return None
        return pricing.Money(root.discounted_price_amount, root.currency)

    @staticmethod
    def resolve_is_available_for_purchase(root, info):
        return root.is_available_for_purchase(info.context.request_time)

    @staticmethod
    def resolve_pricing(root, info):
        def price(channel):
            key = (root.product_id, channel.slug)
            return then(loaders.VariantListingsByProductAndChannelLoader(info.context).load(key), pricing.product_pricing)

        return then(loaders.ChannelByIdLoader(info.context).load(root.channel_id), price)


class ProductVariantChannelListing(ModelObjectType):
    channel = graphene.Field("commerce.graphql.channel.types.Channel", required=True)
    price = graphene.Field(Money)
    cost_price = graphene.Field(Money)
    prior_price = graphene.Field(Money)

    class Meta:
        description = "Represents product varaint channel listing."
        model = models.ProductVariantChannelListing

    @staticmethod
    def resolve_channel(root, info):
        return loaders.ChannelByIdLoader(info.context).load(root.channel_id)

    @staticmethod
    def resolve_price(root, info):
        return None if root.price_amount is None else pricing.Money(root.price_amount, root.currency)

    @staticmethod
    def resolve_cost_price(root, info):
        return None if root.cost_price_amount is None else pricing.Money(root.cost_price_amount, root.currency)

    @staticmethod
    def resolve_prior_price(root, info):
        return None if root.prior_price_amount is None else pricing.Money(root.prior_price_amount, root.currency)


class CollectionChannelListing(ModelObjectType):
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    channel = graphene.Field("commerce.graphql.channel.types.Channel", required=True)

    class Meta:
        description = "Represents collection channel listing."
        model = models.CollectionChannelListing

    @staticmethod
    def resolve_channel(root, info):
        return loaders.ChannelByIdLoader(info.context).load(root.channel_id)


def _translation(loader_class, info, pk, language_code):
    return loader_class(info.context).load((pk, language_code_value(language_code)))


class ProductVariant(ChannelContextType):
    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field(lambda: Product, required=True)
    track_inventory = graphene.Boolean(required=True)
    quantity_limit_per_customer = graphene.Int()
    channel = graphene.String(description="Channel given to retrieve this product variant.")
    channel_listings = graphene.List(
        graphene.NonNull(ProductVariantChannelListing),
        description="List of price information in channels for the product. Requires MANAGE_PRODUCTS.",
    )
    pricing = graphene.Field(
        VariantPricingInfo,
        description="Lists the storefront variant's pricing, the current price and discounts, only meant for displaying.",
    )
    attributes = NonNullList(SelectedAttribute, description="List of attributes assigned to this variant.")
    media = graphene.List(graphene.NonNull(ProductMedia), description="List of media for the product variant.")
    translation = _translation_field(ProductVariantTranslation)
    stocks = graphene.List(
        graphene.NonNull("commerce.graphql.warehouse.types.Stock"),
        address=graphene.Argument(
            "commerce.graphql.account.inputs.AddressInput",
            deprecation_reason="Stocks follow the channel's warehouses.",
            description="Destination address used to find warehouses where stock availability for this product is checked.",
        ),
        country_code=graphene.Argument(
            "commerce.graphql.core.inputs.CountryCode",
            deprecation_reason="Use `address` argument instead.",
            description="Two-letter ISO 3166-1 country code.",
        ),
        description="Stocks for the product variant. Requires one of the following permissions: MANAGE_PRODUCTS, MANAGE_ORDERS.",
    )
    quantity_available = graphene.Int(description="Quantity of a product available for sale in one checkout.")
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    external_reference = graphene.String(description="External ID of this product.")

    class Meta:
        description = "Represents a version of a product such as different size or color."
        model = models.ProductVariant
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_product(root, info):
        return then(loaders.ProductByIdLoader(info.context).load(root.product_id), lambda p: ChannelContext(p, root.channel_slug))

    @staticmethod
    def resolve_channel(root, info):
        return root.channel_slug

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_channel_listings(root, info):
        _require_product_permission(info)
        return loaders.VariantChannelListingsByVariantIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_pricing(root, info):
        if not root.channel_slug:
            return None
        listing = loaders.VariantChannelListingByVariantAndChannelLoader(info.context).load((root.pk, root.channel_slug))
        return then(listing, pricing.variant_pricing)

    @staticmethod
    def resolve_attributes(root, info):
        from commerce.graphql.attribute.dataloaders import SelectedAttributesByVariantIdLoader

        return SelectedAttributesByVariantIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_media(root, info):
        return loaders.MediaByVariantIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation(loaders.ProductVariantTranslationLoader, info, root.pk, language_code)

    @staticmethod
    def resolve_stocks(root, info, address=None, country_code=None):
        """As Saleor: in a channel's context only the stocks of the channel's warehouses (a fair
        register sees its booth's stock through the fair channel), otherwise every stock."""
        from commerce.graphql.warehouse.dataloaders import StocksByVariantIdLoader, WarehousesByChannelIdLoader
        from commerce.graphql.warehouse.types import STOCK_PERMISSIONS

        if not has_one_of_permissions(info.context, list(STOCK_PERMISSIONS)):
            raise PermissionDenied(permissions=list(STOCK_PERMISSIONS))
        stocks = StocksByVariantIdLoader(info.context).load(root.pk)
        if not root.channel_slug:
            return stocks
        channel = loaders.ChannelBySlugLoader(info.context).load(root.channel_slug)

        def in_channel(pair):
            all_stocks, warehouses = pair
            allowed = {w.pk for w in warehouses}
            return [s for s in all_stocks if s.warehouse_id in allowed]

        warehouses = then(channel, lambda c: WarehousesByChannelIdLoader(info.context).load(c.pk) if c else resolved([]))
        return then(gather([stocks, warehouses]), in_channel)

    @staticmethod
    def resolve_quantity_available(root, info):
        if not root.track_inventory:
            return quantity_limit_per_checkout(root.channel_slug)
        return loaders.AvailableQuantityByVariantAndChannelLoader(info.context).load((root.pk, root.channel_slug))


class ProductType(ModelObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True)
    is_shipping_required = graphene.Boolean(required=True)
    kind = graphene.Field(ProductTypeKindEnum, required=True, description="The product type kind.")
    product_attributes = graphene.List(
        graphene.NonNull("commerce.graphql.attribute.types.Attribute"), description="Product attributes of that product type."
    )

    class Meta:
        description = "Represents a type of product. It defines what attributes are available to products of this type."
        model = models.ProductType
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_product_attributes(root, info):
        return loaders.ProductAttributesByProductTypeIdLoader(info.context).load(root.pk)


def _products_connection_field(with_channel: bool = True):
    from .filters import ProductFilterInput, ProductWhereInput
    from .sorters import ProductOrder

    # Collection.products takes its channel from the collection (Saleor has no argument there).
    extra = {"channel": graphene.String(description="Slug of a channel for which the data should be returned.")} if with_channel else {}
    return graphene.Field(
        lambda: ProductCountableConnection,
        filter=graphene.Argument(ProductFilterInput, description="Filtering options for products."),
        where=graphene.Argument(ProductWhereInput, description="Where filtering options for products."),
        sort_by=graphene.Argument(ProductOrder, description="Sort products."),
        search=graphene.String(description="Search products."),
        description="List of products.",
        **extra,
        **connection_args(),
    )


class Category(ModelObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the category.")
    slug = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)
    level = graphene.Int(required=True)
    updated_at = graphene.DateTime(required=True)
    ancestors = graphene.Field(lambda: CategoryCountableConnection, description="List of ancestors of the category.", **connection_args())
    products = _products_connection_field()
    children = graphene.Field(lambda: CategoryCountableConnection, description="List of children of the category.", **connection_args())
    background_image = graphene.Field(Image, **_thumbnail_args())
    translation = _translation_field(CategoryTranslation)

    class Meta:
        description = "Represents a single category of products. Categories allow to organize products in a tree-hierarchies which can be used for navigation in the storefront."
        model = models.Category
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_parent(root, info):
        return loaders.CategoryByIdLoader(info.context).load(root.parent_id) if root.parent_id else None

    @staticmethod
    def resolve_ancestors(root, info, **args):
        queryset = models.Category.objects.filter(tree_id=root.tree_id, lft__lt=root.lft, rght__gt=root.rght)
        return create_connection_slice(queryset, args, CategoryCountableConnection, [SortKey("lft")], "ancestors")

    @staticmethod
    def resolve_children(root, info, **args):
        queryset = models.Category.objects.filter(parent_id=root.pk)
        return create_connection_slice(queryset, args, CategoryCountableConnection, [SortKey("lft"), SortKey("pk")], "children")

    @staticmethod
    def resolve_products(root, info, channel=None, **args):
        from .schema import resolve_product_connection

        # Saleor lists the products of the category and of its subcategories.
        return resolve_product_connection(info, channel, args, categories_of=root)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return _background(info, root, "category", "Category", size, format)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation(loaders.CategoryTranslationLoader, info, root.pk, language_code)


def _background(info, root, fk, type_name, size, format):
    if not root.background_image:
        return None
    url = _image_url(info, root, "background_image", fk, type_name, size, format)
    return then(url, lambda value: Image(url=value, alt=root.background_image_alt))


class Collection(ChannelContextType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    slug = graphene.String(required=True)
    channel = graphene.String()
    products = _products_connection_field(with_channel=False)
    background_image = graphene.Field(Image, **_thumbnail_args())
    translation = _translation_field(CollectionTranslation)
    channel_listings = graphene.List(
        graphene.NonNull(CollectionChannelListing),
        description="List of channels in which the collection is available. Requires MANAGE_PRODUCTS.",
    )

    class Meta:
        description = "Represents a collection of products."
        model = models.Collection
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_channel(root, info):
        return root.channel_slug

    @staticmethod
    def resolve_products(root, info, **args):
        from .schema import resolve_product_connection

        return resolve_product_connection(info, root.channel_slug, args, collection=root.node)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return _background(info, root.node, "collection", "Collection", size, format)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation(loaders.CollectionTranslationLoader, info, root.pk, language_code)

    @staticmethod
    def resolve_channel_listings(root, info):
        _require_product_permission(info)
        return loaders.CollectionChannelListingsByCollectionIdLoader(info.context).load(root.pk)


class Product(ChannelContextType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the product.")
    product_type = graphene.Field(ProductType, required=True)
    slug = graphene.String(required=True)
    category = graphene.Field(Category)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    default_variant = graphene.Field(ProductVariant)
    rating = graphene.Float()
    channel = graphene.String(description="Channel given to retrieve this product.")
    thumbnail = graphene.Field(Image, description="The main thumbnail for a product.", **_thumbnail_args())
    pricing = graphene.Field(
        ProductPricingInfo,
        description="Lists the storefront product's pricing, the current price and discounts, only meant for displaying.",
    )
    is_available = graphene.Boolean(
        description="Whether the product is in stock, set as available for purchase in the given channel, and published."
    )
    attribute = graphene.Field(
        SelectedAttribute, slug=graphene.String(required=True), description="Get a single attribute attached to product by attribute slug."
    )
    attributes = NonNullList(SelectedAttribute, description="List of attributes assigned to this product.")
    channel_listings = graphene.List(
        graphene.NonNull(ProductChannelListing), description="List of availability in channels for the product. Requires MANAGE_PRODUCTS."
    )
    media_by_id = graphene.Field(
        ProductMedia, id=graphene.Argument(graphene.ID, required=True), description="Get a single product media by ID."
    )
    variants = graphene.List(graphene.NonNull(ProductVariant), description="List of variants for the product.")
    media = graphene.List(graphene.NonNull(ProductMedia), description="List of media for the product.")
    collections = graphene.List(graphene.NonNull(Collection), description="List of collections for the product.")
    translation = _translation_field(ProductTranslation)
    available_for_purchase_at = graphene.DateTime(description="Date when product is available for purchase.")
    is_available_for_purchase = graphene.Boolean(description="Whether the product is available for purchase.")
    external_reference = graphene.String(description="External ID of this product.")

    class Meta:
        description = "Represents an individual item for sale in the storefront."
        model = models.Product
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_product_type(root, info):
        return loaders.ProductTypeByIdLoader(info.context).load(root.product_type_id)

    @staticmethod
    def resolve_category(root, info):
        return loaders.CategoryByIdLoader(info.context).load(root.category_id) if root.category_id else None

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_channel(root, info):
        return root.channel_slug

    @staticmethod
    def _variants(root, info):
        return loaders.VisibleVariantsByProductIdAndChannelLoader(info.context).load(
            (root.pk, root.channel_slug, sees_unpublished(info.context))
        )

    @staticmethod
    def resolve_variants(root, info):
        return then(Product._variants(root, info), lambda variants: wrap_many(variants, root.channel_slug))

    @staticmethod
    def resolve_default_variant(root, info):
        if not root.default_variant_id:
            return None

        def pick(variants):
            chosen = next((v for v in variants if v.pk == root.default_variant_id), None)
            return ChannelContext(chosen, root.channel_slug) if chosen else None

        return then(Product._variants(root, info), pick)

    @staticmethod
    def resolve_media(root, info):
        return loaders.MediaByProductIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_media_by_id(root, info, id):
        from commerce.graphql.core.filter_inputs import pk_from_global_id

        pk = pk_from_global_id(id, "ProductMedia", models.ProductMedia)
        return then(loaders.MediaByProductIdLoader(info.context).load(root.pk), lambda media: next((m for m in media if m.pk == pk), None))

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        def first_image(media):
            image = next((m for m in media if m.image), None)
            if image is None:
                return None
            return then(
                _image_url(info, image, "image", "product_media", "ProductMedia", size, format), lambda url: Image(url=url, alt=image.alt)
            )

        return then(loaders.MediaByProductIdLoader(info.context).load(root.pk), first_image)

    @staticmethod
    def resolve_pricing(root, info):
        if not root.channel_slug:
            return None
        listings = loaders.VariantListingsByProductAndChannelLoader(info.context).load((root.pk, root.channel_slug))
        return then(listings, pricing.product_pricing)

    @staticmethod
    def _listing(root, info):
        if not root.channel_slug:
            return resolved(None)
        return loaders.ProductChannelListingByProductAndChannelLoader(info.context).load((root.pk, root.channel_slug))

    @staticmethod
    def resolve_is_available_for_purchase(root, info):
        return then(Product._listing(root, info), lambda l: l.is_available_for_purchase(info.context.request_time) if l else None)

    @staticmethod
    def resolve_available_for_purchase_at(root, info):
        return then(Product._listing(root, info), lambda l: l.available_for_purchase_at if l else None)

    @staticmethod
    def resolve_is_available(root, info):
        """Available for purchase in the channel and some variant can still be sold."""
        now = info.context.request_time

        def with_listing(listing):
            if listing is None or not listing.is_available_for_purchase(now):
                return False

            def with_variants(variants):
                if any(not v.track_inventory for v in variants):
                    return True
                quantities = loaders.AvailableQuantityByVariantAndChannelLoader(info.context).load_many(
                    [(v.pk, root.channel_slug) for v in variants]
                )
                return then(quantities, lambda values: any(q > 0 for q in values))

            return then(Product._variants(root, info), with_variants)

        return then(Product._listing(root, info), with_listing)

    @staticmethod
    def resolve_attributes(root, info):
        from commerce.graphql.attribute.dataloaders import SelectedAttributesByProductIdLoader

        return SelectedAttributesByProductIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_attribute(root, info, slug):
        from commerce.graphql.attribute.dataloaders import SelectedAttributesByProductIdLoader

        items = SelectedAttributesByProductIdLoader(info.context).load(root.pk)
        return then(items, lambda selected: next((item for item in selected if item.attribute.slug == slug), None))

    @staticmethod
    def resolve_channel_listings(root, info):
        _require_product_permission(info)
        return loaders.ProductChannelListingsByProductIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_collections(root, info):
        collections = loaders.CollectionsByProductIdAndChannelLoader(info.context).load(
            (root.pk, root.channel_slug, sees_unpublished(info.context))
        )
        return then(collections, lambda items: wrap_many(items, root.channel_slug))

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation(loaders.ProductTranslationLoader, info, root.pk, language_code)


ProductCountableConnection = countable_connection(Product)
ProductVariantCountableConnection = countable_connection(ProductVariant)
ProductTypeCountableConnection = countable_connection(ProductType)
CategoryCountableConnection = countable_connection(Category)
CollectionCountableConnection = countable_connection(Collection)
