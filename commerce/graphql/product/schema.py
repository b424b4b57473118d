"""Root catalog queries: products, variants, product types, categories, collections."""

from __future__ import annotations

import dataclasses

import graphene

from commerce.graphql.channel.utils import get_channel_or_error
from commerce.graphql.core.connection import SortKey, connection_args, create_connection_slice
from commerce.graphql.core.errors import SaleorGraphQLError
from commerce.graphql.core.filter_inputs import pk_from_global_id
from commerce.product import models, selectors

from . import filters, sorters
from .types import (
    Category,
    CategoryCountableConnection,
    ChannelContext,
    Collection,
    CollectionCountableConnection,
    Product,
    ProductCountableConnection,
    ProductType,
    ProductTypeCountableConnection,
    ProductVariant,
    ProductVariantCountableConnection,
    sees_unpublished,
)


def _channel(info, slug):
    context = info.context
    if slug is None and context.is_staff_or_app and not sees_unpublished(context):
        # Only those who may see unpublished products may leave the channel out and get every
        # channel's catalog (Saleor); other staff and apps get the default channel, as shoppers.
        context = dataclasses.replace(context, user=None, app=None)
    return get_channel_or_error(context, slug)


def _slug(channel):
    return channel.slug if channel is not None else None


def resolve_product_connection(info, channel_slug, args, *, categories_of=None, collection=None):
    """The products list shared by Query.products, Category.products and Collection.products."""
    channel = _channel(info, channel_slug)
    products = selectors.visible_products(
        channel, include_unpublished=sees_unpublished(info.context), in_listings=True, now=info.context.request_time
    )
    if categories_of is not None:
        products = selectors.filter_by_categories(products, [categories_of.pk])
    if collection is not None:
        products = selectors.filter_by_collections(products, [collection.pk])
    products = filters.filter_products(products, channel, args.get("filter"), args.get("where"))
    search = args.get("search") or (args.get("filter") or {}).get("search")
    searching = bool(search and search.strip())
    if searching:
        products = selectors.search_products(products, search)
    products, keys = sorters.sort_products(products, args.get("sort_by"), channel, searching)
    slug = _slug(channel)
    return create_connection_slice(
        products, args, ProductCountableConnection, keys, "products", node_fn=lambda product: ChannelContext(product, slug)
    )


def _exactly_one(**lookups):
    given = {k: v for k, v in lookups.items() if v is not None}
    if len(given) != 1:
        names = ", ".join(f"'{name}'" for name in lookups)
        raise SaleorGraphQLError(
            f"Argument {names.rsplit(', ', 1)[0]} or {names.rsplit(', ', 1)[-1]} is required."
            if len(given) == 0
            else f"Only one of {names} can be given."
        )
    return given


class ProductQueries(graphene.ObjectType):
    product = graphene.Field(
        Product,
        id=graphene.Argument(graphene.ID, description="ID of the product."),
        slug=graphene.Argument(graphene.String, description="Slug of the product."),
        external_reference=graphene.Argument(graphene.String, description="External ID of the product."),
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        description="Look up a product by ID.",
    )
    products = graphene.Field(
        ProductCountableConnection,
        filter=graphene.Argument(filters.ProductFilterInput, description="Filtering options for products."),
        where=graphene.Argument(filters.ProductWhereInput, description="Where filtering options for products."),
        sort_by=graphene.Argument(sorters.ProductOrder, description="Sort products."),
        search=graphene.String(description="Search products."),
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        description="List of the shop's products.",
        **connection_args(),
    )
    product_variant = graphene.Field(
        ProductVariant,
        id=graphene.Argument(graphene.ID),
        sku=graphene.Argument(graphene.String),
        external_reference=graphene.Argument(graphene.String),
        channel=graphene.String(),
        description="Look up a product variant by ID or SKU.",
    )
    product_variants = graphene.Field(
        ProductVariantCountableConnection,
        ids=graphene.List(graphene.NonNull(graphene.ID), description="Filter by product variant IDs."),
        channel=graphene.String(),
        filter=graphene.Argument(filters.ProductVariantFilterInput),
        search=graphene.String(),
        description="List of product variants.",
        **connection_args(),
    )
    product_type = graphene.Field(
        ProductType, id=graphene.Argument(graphene.ID, required=True), description="Look up a product type by ID."
    )
    product_types = graphene.Field(
        ProductTypeCountableConnection,
        filter=graphene.Argument(filters.ProductTypeFilterInput),
        sort_by=graphene.Argument(sorters.ProductTypeSortingInput),
        description="List of the shop's product types.",
        **connection_args(),
    )
    category = graphene.Field(
        Category,
        id=graphene.Argument(graphene.ID),
        slug=graphene.Argument(graphene.String),
        description="Look up a category by ID or slug.",
    )
    categories = graphene.Field(
        CategoryCountableConnection,
        filter=graphene.Argument(filters.CategoryFilterInput),
        sort_by=graphene.Argument(sorters.CategorySortingInput),
        level=graphene.Argument(graphene.Int, description="Filter categories by the nesting level in the category tree."),
        description="List of the shop's categories.",
        **connection_args(),
    )
    collection = graphene.Field(
        Collection,
        id=graphene.Argument(graphene.ID),
        slug=graphene.Argument(graphene.String),
        channel=graphene.String(),
        description="Look up a collection by ID.",
    )
    collections = graphene.Field(
        CollectionCountableConnection,
        filter=graphene.Argument(filters.CollectionFilterInput),
        sort_by=graphene.Argument(sorters.CollectionSortingInput),
        channel=graphene.String(),
        description="List of the shop's collections.",
        **connection_args(),
    )

    @staticmethod
    def resolve_products(root, info, channel=None, **args):
        return resolve_product_connection(info, channel, args)

    @staticmethod
    def resolve_product(root, info, id=None, slug=None, external_reference=None, channel=None):
        lookup = _exactly_one(id=id, slug=slug, external_reference=external_reference)
        channel_obj = _channel(info, channel)
        products = selectors.visible_products(
            channel_obj, include_unpublished=sees_unpublished(info.context), in_listings=False, now=info.context.request_time
        )
        if "id" in lookup:
            products = products.filter(pk=pk_from_global_id(id, "Product", models.Product))
        elif "slug" in lookup:
            products = products.filter(slug=slug)
        else:
            products = products.filter(external_reference=external_reference)
        product = products.first()
        return ChannelContext(product, _slug(channel_obj)) if product else None

    @staticmethod
    def resolve_product_variant(root, info, id=None, sku=None, external_reference=None, channel=None):
        lookup = _exactly_one(id=id, sku=sku, external_reference=external_reference)
        channel_obj = _channel(info, channel)
        variants = selectors.visible_variants(
            channel_obj, include_unpublished=sees_unpublished(info.context), now=info.context.request_time
        )
        if "id" in lookup:
            variants = variants.filter(pk=pk_from_global_id(id, "ProductVariant", models.ProductVariant))
        elif "sku" in lookup:
            variants = variants.filter(sku=sku)
        else:
            variants = variants.filter(external_reference=external_reference)
        variant = variants.first()
        return ChannelContext(variant, _slug(channel_obj)) if variant else None

    @staticmethod
    def resolve_product_variants(root, info, ids=None, channel=None, filter=None, search=None, **args):
        channel_obj = _channel(info, channel)
        variants = selectors.visible_variants(
            channel_obj, include_unpublished=sees_unpublished(info.context), now=info.context.request_time
        )
        variants = filters.filter_variants(variants, filter, ids, search)
        slug = _slug(channel_obj)
        return create_connection_slice(
            variants, args, ProductVariantCountableConnection, [SortKey("pk")], "productVariants", node_fn=lambda v: ChannelContext(v, slug)
        )

    @staticmethod
    def resolve_product_type(root, info, id):
        return models.ProductType.objects.filter(pk=pk_from_global_id(id, "ProductType", models.ProductType)).first()

    @staticmethod
    def resolve_product_types(root, info, filter=None, sort_by=None, **args):
        product_types, keys = sorters.sort_product_types(filters.filter_product_types(models.ProductType.objects.all(), filter), sort_by)
        return create_connection_slice(product_types, args, ProductTypeCountableConnection, keys, "productTypes")

    @staticmethod
    def resolve_category(root, info, id=None, slug=None):
        lookup = _exactly_one(id=id, slug=slug)
        if "id" in lookup:
            return models.Category.objects.filter(pk=pk_from_global_id(id, "Category", models.Category)).first()
        return models.Category.objects.filter(slug=slug).first()

    @staticmethod
    def resolve_categories(root, info, filter=None, sort_by=None, level=None, **args):
        categories, keys = sorters.sort_categories(filters.filter_categories(models.Category.objects.all(), filter, level), sort_by)
        return create_connection_slice(categories, args, CategoryCountableConnection, keys, "categories")

    @staticmethod
    def resolve_collection(root, info, id=None, slug=None, channel=None):
        lookup = _exactly_one(id=id, slug=slug)
        channel_obj = _channel(info, channel)
        collections = selectors.visible_collections(
            channel_obj, include_unpublished=sees_unpublished(info.context), now=info.context.request_time
        )
        if "id" in lookup:
            collections = collections.filter(pk=pk_from_global_id(id, "Collection", models.Collection))
        else:
            collections = collections.filter(slug=slug)
        collection = collections.first()
        return ChannelContext(collection, _slug(channel_obj)) if collection else None

    @staticmethod
    def resolve_collections(root, info, channel=None, filter=None, sort_by=None, **args):
        channel_obj = _channel(info, channel)
        collections = selectors.visible_collections(
            channel_obj, include_unpublished=sees_unpublished(info.context), now=info.context.request_time
        )
        collections, keys = sorters.sort_collections(filters.filter_collections(collections, channel_obj, filter), sort_by)
        slug = _slug(channel_obj)
        return create_connection_slice(
            collections, args, CollectionCountableConnection, keys, "collections", node_fn=lambda c: ChannelContext(c, slug)
        )
