"""Saleor's product/category/collection filter inputs (a subset) and how they narrow querysets."""

from __future__ import annotations

import graphene
from django.db.models import Q

from commerce.graphql.core.errors import SaleorGraphQLError
from commerce.graphql.core.types import from_global_id_or_error
from commerce.graphql.core.filter_inputs import (
    AssignedAttributeValueInput,
    DateRangeInput,
    DateTimeRangeInput,
    DecimalFilterInput,
    GlobalIDFilterInput,
    IntRangeInput,
    MetadataFilter,
    PriceRangeInput,
    StringFilterInput,
    metadata_q,
    pks_from_global_ids,
    string_filter_q,
    where_q,
)
from commerce.product import selectors
from commerce.product.models import Category, Collection, CollectionProduct, Product, ProductType, ProductTypeKind, ProductVariant


class StockAvailability(graphene.Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class ProductTypeKindEnum(graphene.Enum):
    NORMAL = ProductTypeKind.NORMAL.value
    GIFT_CARD = ProductTypeKind.GIFT_CARD.value


class CollectionPublished(graphene.Enum):
    PUBLISHED = "published"
    HIDDEN = "hidden"


class AttributeInput(graphene.InputObjectType):
    slug = graphene.String(description="Internal representation of an attribute name.")
    value = graphene.InputField(
        AssignedAttributeValueInput,
        description="Filter by value of the attribute. Only one value input field is allowed. If provided more than one, the error will be raised. Cannot be combined with deprecated fields of `AttributeInput`.",
    )
    values = graphene.List(
        graphene.NonNull(graphene.String), description="Slugs identifying the attributeValues associated with the Attribute."
    )
    values_range = graphene.InputField(IntRangeInput, description="The range that the returned values should be in.")
    date_time = graphene.InputField(DateTimeRangeInput, description="The date/time range that the returned values should be in.")
    date = graphene.InputField(DateRangeInput, description="The date range that the returned values should be in.")
    boolean = graphene.Boolean(description="The boolean value of the attribute.")


class ProductFilterInput(graphene.InputObjectType):
    is_published = graphene.Boolean()
    collections = graphene.List(graphene.NonNull(graphene.ID))
    categories = graphene.List(graphene.NonNull(graphene.ID))
    has_category = graphene.Boolean()
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = graphene.Field(StockAvailability)
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    is_available = graphene.Boolean()
    is_visible_in_listing = graphene.Boolean()
    price = graphene.Field(PriceRangeInput)
    minimal_price = graphene.Field(PriceRangeInput)
    product_types = graphene.List(graphene.NonNull(graphene.ID))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class ProductWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.Field(StringFilterInput)
    slug = graphene.Field(StringFilterInput)
    product_type = graphene.Field(GlobalIDFilterInput)
    category = graphene.Field(GlobalIDFilterInput)
    collection = graphene.Field(GlobalIDFilterInput)
    is_available = graphene.Boolean()
    is_published = graphene.Boolean()
    is_visible_in_listing = graphene.Boolean()
    has_category = graphene.Boolean()
    price = graphene.Field(DecimalFilterInput)
    minimal_price = graphene.Field(DecimalFilterInput)
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = graphene.Field(StockAvailability)
    AND = graphene.List(graphene.NonNull(lambda: ProductWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: ProductWhereInput))


class ProductVariantFilterInput(graphene.InputObjectType):
    search = graphene.String()
    sku = graphene.List(graphene.NonNull(graphene.String))
    metadata = graphene.List(graphene.NonNull(MetadataFilter))


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class CollectionFilterInput(graphene.InputObjectType):
    published = graphene.Field(CollectionPublished)
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class ProductTypeFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    kind = graphene.Field(ProductTypeKindEnum)
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


def _enum_name(value):
    return getattr(value, "name", value)


# --- Products --------------------------------------------------------------------------------


def _attributes_q(attributes) -> Q:
    condition = Q()
    for item in attributes or []:
        if not item.get("slug"):
            raise SaleorGraphQLError("Attribute filter requires a slug.")
        values_range = item.get("values_range")
        date_range = item.get("date")
        datetime_range = item.get("date_time")
        if item.get("value") is not None:
            condition &= _assigned_value_q(item["slug"], item)
            continue
        condition &= selectors.attribute_condition(
            item["slug"],
            values=item.get("values"),
            values_range=(values_range.get("gte"), values_range.get("lte")) if values_range else None,
            date_range=(date_range.get("gte"), date_range.get("lte")) if date_range else None,
            datetime_range=(datetime_range.get("gte"), datetime_range.get("lte")) if datetime_range else None,
            boolean=item.get("boolean"),
        )
    return condition


_DEPRECATED_VALUE_FIELDS = ("values", "values_range", "date", "date_time", "boolean")
_REFERENCE_KEYS = ("referenced_ids", "page_slugs", "product_slugs", "product_variant_skus", "category_slugs", "collection_slugs")


def _assigned_value_q(slug: str, item) -> Q:
    """Saleor's `value:` form (one value field at a time; not mixed with the deprecated ones).
    The storefront uses `reference.pageSlugs` to list a producer's products."""
    if any(item.get(key) is not None for key in _DEPRECATED_VALUE_FIELDS):
        raise SaleorGraphQLError("The `value` input cannot be combined with deprecated fields of `AttributeInput`.")
    value = item["value"]
    given = [key for key, v in value.items() if v is not None]
    if len(given) != 1:
        raise SaleorGraphQLError("Only one value input field is allowed.")
    key = given[0]
    if key == "reference":
        reference = value["reference"]
        chosen = [k for k in _REFERENCE_KEYS if reference.get(k) is not None]
        if len(chosen) != 1:
            raise SaleorGraphQLError("Only one reference input field is allowed.")
        kind, contains = chosen[0], reference[chosen[0]]

        def targets(keys):
            if keys is None:
                return None
            if kind != "referenced_ids":
                return [(kind, key) for key in keys]
            decoded = [from_global_id_or_error(key, raise_error=False) for key in keys]
            return [(type_name, pk) for type_name, pk in decoded if type_name and str(pk).isdigit()]

        return selectors.reference_condition(
            slug, any_of=targets(contains.get("contains_any")), all_of=targets(contains.get("contains_all"))
        )
    if key in ("slug", "name"):
        condition = string_filter_q(value[key], f"value__{key}")
    elif key == "numeric":
        numeric = value["numeric"]
        condition = Q()
        if numeric.get("eq") is not None:
            condition &= Q(value__numeric=numeric["eq"])
        if numeric.get("one_of") is not None:
            condition &= Q(value__numeric__in=numeric["one_of"])
        for bound, lookup in (("gte", "gte"), ("lte", "lte")):
            if (numeric.get("range") or {}).get(bound) is not None:
                condition &= Q(**{f"value__numeric__{lookup}": numeric["range"][bound]})
    elif key in ("date", "date_time"):
        field = "value__date_time__date" if key == "date" else "value__date_time"
        condition = Q()
        for bound in ("gte", "lte"):
            if value[key].get(bound) is not None:
                condition &= Q(**{f"{field}__{bound}": value[key][bound]})
    else:
        condition = Q(value__boolean=value["boolean"])
    return selectors.assigned_value_condition(slug, condition)


def _stock_q(value, channel) -> Q:
    if value is None:
        return Q()
    condition = selectors.in_stock_condition(channel)
    return condition if _enum_name(value) == "IN_STOCK" else ~condition


def _common_q(data, channel) -> Q:
    """Fields that `filter` and `where` share with the same meaning."""
    condition = Q()
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_from_global_ids(data["ids"], "Product", Product))
    if data.get("metadata"):
        condition &= metadata_q(data["metadata"])
    if data.get("has_category") is not None:
        condition &= Q(category__isnull=not data["has_category"])
    if data.get("attributes"):
        condition &= _attributes_q(data["attributes"])
    condition &= _stock_q(data.get("stock_availability"), channel)
    if data.get("is_available") is not None:
        condition &= selectors.available_for_purchase_condition(channel, data["is_available"])
    if data.get("is_published") is not None:
        condition &= selectors.published_condition(channel, data["is_published"])
    if data.get("is_visible_in_listing") is not None:
        condition &= selectors.visible_in_listings_condition(channel, data["is_visible_in_listing"])
    return condition


def product_filter_q(data, channel) -> Q:
    condition = _common_q(data, channel)
    if data.get("categories"):
        ids = pks_from_global_ids(data["categories"], "Category", Category)
        condition &= Q(category__in=selectors.with_descendant_categories(ids))
    if data.get("collections"):
        ids = pks_from_global_ids(data["collections"], "Collection", Collection)
        condition &= Q(pk__in=CollectionProduct.objects.filter(collection_id__in=ids).values("product_id"))
    if data.get("product_types"):
        condition &= Q(product_type_id__in=pks_from_global_ids(data["product_types"], "ProductType", ProductType))
    if data.get("slugs"):
        condition &= Q(slug__in=data["slugs"])
    for key, builder in (("price", selectors.variant_price_condition), ("minimal_price", selectors.minimal_price_condition)):
        if data.get(key):
            condition &= builder(channel, gte=data[key].get("gte"), lte=data[key].get("lte"))
    return condition


def _decimal_q(value, builder, channel) -> Q:
    if not value:
        return Q()
    price_range = value.get("range") or {}
    return builder(channel, gte=price_range.get("gte"), lte=price_range.get("lte"), eq=value.get("eq"), one_of=value.get("one_of"))


def _global_ids_q(value, type_name, model, field) -> Q:
    if not value:
        return Q()
    if value.get("eq") is not None:
        return Q(**{f"{field}__in": pks_from_global_ids([value["eq"]], type_name, model)})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": pks_from_global_ids(value["one_of"], type_name, model)})
    return Q()


def product_where_q(where, channel) -> Q:
    def one(data):
        condition = _common_q(data, channel)
        condition &= string_filter_q(data.get("name"), "name")
        condition &= string_filter_q(data.get("slug"), "slug")
        condition &= _global_ids_q(data.get("product_type"), "ProductType", ProductType, "product_type_id")
        condition &= _global_ids_q(data.get("category"), "Category", Category, "category_id")
        if data.get("collection"):
            links = CollectionProduct.objects.filter(_global_ids_q(data["collection"], "Collection", Collection, "collection_id"))
            condition &= Q(pk__in=links.values("product_id"))
        condition &= _decimal_q(data.get("price"), selectors.variant_price_condition, channel)
        condition &= _decimal_q(data.get("minimal_price"), selectors.minimal_price_condition, channel)
        return condition

    return where_q(where, one)


def filter_products(products, channel, filter=None, where=None):
    if filter and where:
        raise SaleorGraphQLError("Only one filtering argument (filter or where) can be specified.")
    if filter:
        products = products.filter(product_filter_q(filter, channel))
    if where:
        products = products.filter(product_where_q(where, channel))
    return products


# --- Other lists -----------------------------------------------------------------------------


def filter_variants(variants, filter=None, ids=None, search=None):
    filter = filter or {}
    if ids:
        variants = variants.filter(pk__in=pks_from_global_ids(ids, "ProductVariant", ProductVariant))
    if filter.get("sku"):
        variants = variants.filter(sku__in=filter["sku"])
    if filter.get("metadata"):
        variants = variants.filter(metadata_q(filter["metadata"]))
    search = search or filter.get("search")
    if search:
        variants = variants.filter(Q(sku__icontains=search) | Q(name__icontains=search) | Q(product__name__icontains=search))
    return variants


def filter_categories(categories, filter=None, level=None):
    filter = filter or {}
    if level is not None:
        categories = categories.filter(level=level)
    if filter.get("ids"):
        categories = categories.filter(pk__in=pks_from_global_ids(filter["ids"], "Category", Category))
    if filter.get("slugs"):
        categories = categories.filter(slug__in=filter["slugs"])
    if filter.get("metadata"):
        categories = categories.filter(metadata_q(filter["metadata"]))
    if filter.get("search"):
        categories = selectors.search_categories(categories, filter["search"])
    return categories


def filter_collections(collections, channel, filter=None):
    filter = filter or {}
    if filter.get("ids"):
        collections = collections.filter(pk__in=pks_from_global_ids(filter["ids"], "Collection", Collection))
    if filter.get("slugs"):
        collections = collections.filter(slug__in=filter["slugs"])
    if filter.get("metadata"):
        collections = collections.filter(metadata_q(filter["metadata"]))
    if filter.get("search"):
        collections = collections.filter(Q(name__unaccent__icontains=filter["search"]) | Q(slug__icontains=filter["search"]))
    if filter.get("published") is not None:
        published = selectors.visible_collections(channel, include_unpublished=False) if channel else collections.none()
        if _enum_name(filter["published"]) == "PUBLISHED":
            collections = collections.filter(pk__in=published.values("pk"))
        else:
            collections = collections.exclude(pk__in=published.values("pk"))
    return collections


def filter_product_types(product_types, filter=None):
    filter = filter or {}
    if filter.get("ids"):
        product_types = product_types.filter(pk__in=pks_from_global_ids(filter["ids"], "ProductType", ProductType))
    if filter.get("slugs"):
        product_types = product_types.filter(slug__in=filter["slugs"])
    if filter.get("kind") is not None:
        product_types = product_types.filter(kind=getattr(filter["kind"], "value", filter["kind"]))
    if filter.get("metadata"):
        product_types = product_types.filter(metadata_q(filter["metadata"]))
    if filter.get("search"):
        product_types = product_types.filter(Q(name__unaccent__icontains=filter["search"]) | Q(slug__icontains=filter["search"]))
    return product_types
