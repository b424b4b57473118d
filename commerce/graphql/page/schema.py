from datetime import datetime, timezone as dt_timezone

import graphene
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from commerce.core.permissions import PermissionEnum
from commerce.graphql.attribute.types import enum_value, is_descending
from commerce.graphql.core.connection import SortKey, connection_args, create_connection_slice
from commerce.graphql.core.context import has_one_of_permissions
from commerce.graphql.core.enums import OrderDirection
from commerce.graphql.core.errors import SaleorGraphQLError
from commerce.graphql.core.filter_inputs import (
    GlobalIDFilterInput,
    MetadataFilter,
    StringFilterInput,
    global_id_filter_q,
    metadata_q,
    pk_from_global_id,
    pks_from_global_ids,
    string_filter_q,
    where_q,
)
from commerce.page import models
from commerce.page.selectors import pages_visible_to

from .types import Page, PageCountableConnection, PageType, PageTypeCountableConnection


class PageSortField(graphene.Enum):
    TITLE = "title"
    SLUG = "slug"
    VISIBILITY = "visibility"
    CREATION_DATE = "creation_date"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"
    CREATED_AT = "created_at"


# Distinct enum values (equal ones would become aliases and vanish from the schema), mapped
# here to the non-null columns pages are ordered by.
PAGE_SORT_COLUMNS = {
    "title": "title",
    "slug": "slug",
    "visibility": "is_published",
    "creation_date": "created_at",
    "created_at": "created_at",
    "publication_date": "published_at_key",
    "published_at": "published_at_key",
}


class PageSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True, description="Specifies the direction in which to sort pages.")
    field = graphene.InputField(PageSortField, required=True, description="Sort pages by the selected field.")


class PageFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    page_types = graphene.List(graphene.NonNull(graphene.ID))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class PageWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.InputField(StringFilterInput)
    page_type = graphene.InputField(GlobalIDFilterInput)
    AND = graphene.List(graphene.NonNull(lambda: PageWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: PageWhereInput))


class PageTypeSortField(graphene.Enum):
    NAME = "name"
    SLUG = "slug"


class PageTypeSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True, description="Specifies the direction in which to sort page types.")
    field = graphene.InputField(PageTypeSortField, required=True, description="Sort page types by the selected field.")


class PageTypeFilterInput(graphene.InputObjectType):
    search = graphene.String()
    slugs = graphene.List(graphene.NonNull(graphene.String))


def _search_q(search: str) -> Q:
    return Q(title__icontains=search) | Q(slug__icontains=search)


def _page_filter_q(data) -> Q:
    if not data:
        return Q()
    condition = metadata_q(data.get("metadata"))
    if data.get("search"):
        condition &= _search_q(data["search"])
    if data.get("page_types"):
        condition &= Q(page_type_id__in=pks_from_global_ids(data["page_types"], "PageType", models.PageType))
    if data.get("ids"):
        condition &= Q(pk__in=pks_from_global_ids(data["ids"], "Page", models.Page))
    if data.get("slugs"):
        condition &= Q(slug__in=data["slugs"])
    return condition


def _page_where_one(data) -> Q:
    condition = Q()
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_from_global_ids(data["ids"], "Page", models.Page))
    condition &= string_filter_q(data.get("slug"), "slug")
    condition &= global_id_filter_q(data.get("page_type"), "PageType", "page_type_id")
    return condition


def _can_manage_pages(context) -> bool:
    return has_one_of_permissions(context, [PermissionEnum.MANAGE_PAGES])


def _sort_keys(sort_by, default, columns=None):
    if not sort_by:
        return default
    descending = is_descending(sort_by["direction"])
    field = enum_value(sort_by["field"])
    return [SortKey((columns or {}).get(field, field), descending), SortKey("pk", descending)]


class PageQueries(graphene.ObjectType):
    page = graphene.Field(
        Page,
        id=graphene.Argument(graphene.ID, description="ID of the page."),
        slug=graphene.String(description="The slug of the page."),
        description="Look up a page by ID or slug.",
    )
    pages = graphene.Field(
        PageCountableConnection,
        sort_by=graphene.Argument(PageSortingInput, description="Sort pages."),
        filter=graphene.Argument(PageFilterInput, description="Filtering options for pages."),
        search=graphene.String(description="Search pages."),
        where=graphene.Argument(PageWhereInput, description="Where filtering options for pages."),
        description="List of the shop's pages.",
        **connection_args(),
    )
    page_type = graphene.Field(
        PageType,
        id=graphene.Argument(graphene.ID, required=True, description="ID of the page type."),
        description="Look up a page type by ID.",
    )
    page_types = graphene.Field(
        PageTypeCountableConnection,
        sort_by=graphene.Argument(PageTypeSortingInput, description="Sort page types."),
        filter=graphene.Argument(PageTypeFilterInput, description="Filtering options for page types."),
        description="List of the page types.",
        **connection_args(),
    )

    @staticmethod
    def resolve_page(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise SaleorGraphQLError("Argument 'id' or 'slug' must be provided, and only one of them.")
        pages = pages_visible_to(_can_manage_pages(info.context))
        if id is not None:
            return pages.filter(pk=pk_from_global_id(id, "Page", models.Page)).first()
        return pages.filter(slug=slug).first()

    @staticmethod
    def resolve_pages(root, info, sort_by=None, filter=None, search=None, where=None, **args):
        if filter and where:
            raise SaleorGraphQLError("Only one filtering argument (filter or where) can be specified.")
        pages = pages_visible_to(_can_manage_pages(info.context)).filter(_page_filter_q(filter) & where_q(where, _page_where_one))
        if search:
            pages = pages.filter(_search_q(search))
        # Unpublished pages have no publication time; they sort as if published at the epoch.
        pages = pages.annotate(published_at_key=Coalesce("published_at", Value(datetime(1970, 1, 1, tzinfo=dt_timezone.utc))))
        keys = _sort_keys(sort_by, [SortKey("slug"), SortKey("pk")], PAGE_SORT_COLUMNS)
        return create_connection_slice(pages, args, PageCountableConnection, keys, "pages")

    @staticmethod
    def resolve_page_type(root, info, id):
        return models.PageType.objects.filter(pk=pk_from_global_id(id, "PageType", models.PageType)).first()

    @staticmethod
    def resolve_page_types(root, info, sort_by=None, filter=None, **args):
        page_types = models.PageType.objects.all()
        filter = filter or {}
        if filter.get("search"):
            page_types = page_types.filter(Q(name__icontains=filter["search"]) | Q(slug__icontains=filter["search"]))
        if filter.get("slugs"):
            page_types = page_types.filter(slug__in=filter["slugs"])
        keys = _sort_keys(sort_by, [SortKey("slug"), SortKey("pk")])
        return create_connection_slice(page_types, args, PageTypeCountableConnection, keys, "pageTypes")
