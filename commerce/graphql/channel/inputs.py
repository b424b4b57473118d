import graphene

from commerce.graphql.core.inputs import CountryCode, MetadataInput


class ChannelCreateInput(graphene.InputObjectType):
    is_active = graphene.Boolean(description="Determine if channel will be set active or not.")
    add_warehouses = graphene.List(graphene.NonNull(graphene.ID), description="List of warehouses to assign to the channel.")
    metadata = graphene.List(graphene.NonNull(MetadataInput))
    private_metadata = graphene.List(graphene.NonNull(MetadataInput))
    name = graphene.String(required=True, description="Name of the channel.")
    slug = graphene.String(required=True, description="Slug of the channel.")
    currency_code = graphene.String(required=True, description="Currency of the channel.")
    default_country = CountryCode(required=True, description="Default country for the channel.")


class ChannelUpdateInput(graphene.InputObjectType):
    is_active = graphene.Boolean(description="Determine if channel will be set active or not.")
    add_warehouses = graphene.List(graphene.NonNull(graphene.ID), description="List of warehouses to assign to the channel.")
    remove_warehouses = graphene.List(graphene.NonNull(graphene.ID), description="List of warehouses to unassign from the channel.")
    metadata = graphene.List(graphene.NonNull(MetadataInput))
    private_metadata = graphene.List(graphene.NonNull(MetadataInput))
    name = graphene.String(description="Name of the channel.")
    slug = graphene.String(description="Slug of the channel.")
    default_country = CountryCode(description="Default country for the channel.")
