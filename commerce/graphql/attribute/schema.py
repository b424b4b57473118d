import graphene
from django.db.models import Q

from commerce.attribute import models
from commerce.graphql.channel.utils import get_channel_or_error
from commerce.graphql.core.connection import SortKey, connection_args, create_connection_slice
from commerce.graphql.core.errors import SaleorGraphQLError
from commerce.graphql.core.filter_inputs import pk_from_global_id

from .filters import AttributeFilterInput, AttributeSortingInput, AttributeWhereInput, attribute_where_q, filter_q
from .types import Attribute, AttributeCountableConnection, enum_value, is_descending


class AttributeQueries(graphene.ObjectType):
    attributes = graphene.Field(
        AttributeCountableConnection,
        filter=graphene.Argument(AttributeFilterInput, description="Filtering options for attributes."),
        where=graphene.Argument(AttributeWhereInput, description="Where filtering options."),
        search=graphene.String(description="Search attributes."),
        sort_by=graphene.Argument(AttributeSortingInput, description="Sorting options for attributes."),
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        description="List of the shop's attributes.",
        **connection_args(),
    )
    attribute = graphene.Field(
        Attribute,
        id=graphene.Argument(graphene.ID, description="ID of the attribute."),
        slug=graphene.Argument(graphene.String, description="Slug of the attribute."),
        external_reference=graphene.Argument(graphene.String, description="External ID of the attribute."),
        description="Look up an attribute by ID, slug or external reference.",
    )

    @staticmethod
    def resolve_attributes(root, info, filter=None, where=None, search=None, sort_by=None, channel=None, **args):
        if channel is not None:
            get_channel_or_error(info.context, channel)  # an unknown channel is the caller's error
        if filter and where:
            raise SaleorGraphQLError("Only one filtering argument (filter or where) can be specified.")
        queryset = models.Attribute.objects.filter(filter_q(filter) & attribute_where_q(where))
        if search:
            queryset = queryset.filter(Q(name__icontains=search) | Q(slug__icontains=search))
        if sort_by:
            descending = is_descending(sort_by["direction"])
            keys = [SortKey(enum_value(sort_by["field"]), descending), SortKey("pk", descending)]
        else:
            keys = [SortKey("slug"), SortKey("pk")]
        return create_connection_slice(queryset, args, AttributeCountableConnection, keys, "attributes")

    @staticmethod
    def resolve_attribute(root, info, id=None, slug=None, external_reference=None):
        given = [value for value in (id, slug, external_reference) if value is not None]
        if len(given) != 1:
            raise SaleorGraphQLError("Argument 'id', 'slug' or 'external_reference' must be provided, and only one of them.")
        if id is not None:
            pk = pk_from_global_id(id, "Attribute", models.Attribute)
            return models.Attribute.objects.filter(pk=pk).first()
        if slug is not None:
            return models.Attribute.objects.filter(slug=slug).first()
        return models.Attribute.objects.filter(external_reference=external_reference).first()
