"""Saleor's sort inputs for catalog lists, turned into keyset sort keys (the last one unique)."""

from __future__ import annotations

import graphene
from django.db.models import Count

from commerce.graphql.core.connection import SortKey
from commerce.graphql.core.enums import OrderDirection
from commerce.graphql.core.errors import SaleorGraphQLError
from commerce.product import selectors
from commerce.product.models import unaccented_name


class ProductOrderField(graphene.Enum):
    NAME = "name"
    RANK = "rank"
    PRICE = "price"
    MINIMAL_PRICE = "minimal_price"
    LAST_MODIFIED = "last_modified"
    DATE = "date"
    TYPE = "type"
    PUBLISHED = "published"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"
    LAST_MODIFIED_AT = "last_modified_at"
    RATING = "rating"
    CREATED_AT = "created_at"


class ProductOrder(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True, description="Specifies the direction in which to sort products.")
    channel = graphene.String(description="Specifies the channel in which to sort the data.")
    attribute_id = graphene.ID(description="Sort product by the selected attribute's values.")
    field = graphene.InputField(ProductOrderField, description="Sort products by the selected field.")


class CategorySortField(graphene.Enum):
    NAME = "name"
    PRODUCT_COUNT = "product_count"
    SUBCATEGORY_COUNT = "subcategory_count"


class CategorySortingInput(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True)
    channel = graphene.String()
    field = graphene.InputField(CategorySortField, required=True)


class CollectionSortField(graphene.Enum):
    NAME = "name"
    PRODUCT_COUNT = "product_count"


class CollectionSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True)
    channel = graphene.String()
    field = graphene.InputField(CollectionSortField, required=True)


class ProductTypeSortField(graphene.Enum):
    NAME = "name"
    SHIPPING_REQUIRED = "shipping_required"


class ProductTypeSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True)
    field = graphene.InputField(ProductTypeSortField, required=True)


def _by_name(queryset):
    """Alphabetical as a Vietnamese reader expects: the database collates bytes (C.UTF-8, no
    ICU), which would put "Ánh" after "Cà"; comparing the unaccented lower-case name does not."""
    return queryset.annotate(sort_name=unaccented_name())


def _name(value):
    return getattr(value, "name", value)


def _descending(sort_by) -> bool:
    return _name(sort_by["direction"]) == "DESC"


def sort_products(products, sort_by, channel, searching: bool):
    """(queryset with sort annotations, sort keys). With a search and no explicit order the most
    relevant come first, as in Saleor."""
    if not sort_by:
        if searching:
            return products, [SortKey("search_rank", True), SortKey("pk", True)]
        return _by_name(products), [SortKey("sort_name"), SortKey("slug")]
    if sort_by.get("attribute_id"):
        from commerce.attribute.models import Attribute
        from commerce.graphql.core.types import from_global_id_or_error

        _, pk = from_global_id_or_error(sort_by["attribute_id"], "Attribute")
        if not str(pk).isdigit() or not Attribute.objects.filter(pk=pk).exists():
            raise SaleorGraphQLError(f"Couldn't resolve to a node: {sort_by['attribute_id']}")
        desc = _descending(sort_by)
        return selectors.annotate_attribute_sort(products, int(pk)), [SortKey("sort_attribute", desc), SortKey("slug", desc)]
    field = _name(sort_by.get("field")) or "NAME"
    desc = _descending(sort_by)
    if field == "RANK":
        if not searching:
            raise SaleorGraphQLError("Sorting by RANK is available only when using a search filter.")
        return products, [SortKey("search_rank", desc), SortKey("pk", desc)]
    if field in ("PRICE", "MINIMAL_PRICE", "PUBLISHED", "PUBLICATION_DATE", "PUBLISHED_AT") and channel is None:
        raise SaleorGraphQLError(f"Sorting by {field} requires a channel: pass the `channel` argument.")
    if field == "NAME":
        return _by_name(products), [SortKey("sort_name", desc), SortKey("slug", desc)]
    if field == "PRICE":
        return selectors.annotate_price(products, channel), [SortKey("sort_price", desc), SortKey("slug", desc)]
    if field == "MINIMAL_PRICE":
        return selectors.annotate_minimal_price(products, channel), [SortKey("sort_minimal_price", desc), SortKey("slug", desc)]
    if field in ("LAST_MODIFIED", "LAST_MODIFIED_AT", "DATE"):
        return products, [SortKey("updated_at", desc), SortKey("pk", desc)]
    if field == "CREATED_AT":
        return products, [SortKey("created_at", desc), SortKey("pk", desc)]
    if field in ("PUBLICATION_DATE", "PUBLISHED_AT"):
        return selectors.annotate_published_at(products, channel), [SortKey("sort_published_at", desc), SortKey("pk", desc)]
    if field == "PUBLISHED":
        return selectors.annotate_is_published(products, channel), [SortKey("sort_is_published", desc), SortKey("slug", desc)]
    if field == "RATING":
        return selectors.annotate_rating(products), [SortKey("sort_rating", desc), SortKey("pk", desc)]
    if field == "TYPE":
        return products, [SortKey("product_type__name", desc), SortKey("slug", desc)]
    raise SaleorGraphQLError(f"Sorting by {field} is not supported.")


def sort_categories(categories, sort_by):
    if not sort_by:
        return categories, [SortKey("tree_id"), SortKey("lft")]
    field, desc = _name(sort_by["field"]), _descending(sort_by)
    if field == "PRODUCT_COUNT":
        return categories.annotate(sort_count=Count("products", distinct=True)), [SortKey("sort_count", desc), SortKey("slug", desc)]
    if field == "SUBCATEGORY_COUNT":
        return categories.annotate(sort_count=Count("children", distinct=True)), [SortKey("sort_count", desc), SortKey("slug", desc)]
    return _by_name(categories), [SortKey("sort_name", desc), SortKey("slug", desc)]


def sort_collections(collections, sort_by):
    if not sort_by:
        return collections, [SortKey("slug")]
    field, desc = _name(sort_by["field"]), _descending(sort_by)
    if field == "PRODUCT_COUNT":
        return collections.annotate(sort_count=Count("collectionproduct", distinct=True)), [
            SortKey("sort_count", desc),
            SortKey("slug", desc),
        ]
    return _by_name(collections), [SortKey("sort_name", desc), SortKey("slug", desc)]


def sort_product_types(product_types, sort_by):
    if not sort_by:
        return product_types, [SortKey("slug")]
    field, desc = _name(sort_by["field"]), _descending(sort_by)
    if field == "SHIPPING_REQUIRED":
        return product_types, [SortKey("is_shipping_required", desc), SortKey("slug", desc)]
    return _by_name(product_types), [SortKey("sort_name", desc), SortKey("slug", desc)]
