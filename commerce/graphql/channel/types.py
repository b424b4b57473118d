import graphene
from django_countries import countries

from commerce.channel import models
from commerce.graphql.core.types import ModelObjectType, NonNullList, ObjectWithMetadata


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True, description="Country code.")
    country = graphene.String(required=True, description="Country name.")


def country_display(code: str) -> CountryDisplay:
    return CountryDisplay(code=code, country=countries.name(code) or code)


class Channel(ModelObjectType):
    slug = graphene.String(required=True, description="Slug of the channel.")
    name = graphene.String(required=True, description="Name of the channel.")
    is_active = graphene.Boolean(required=True, description="Whether the channel is active.")
    currency_code = graphene.String(required=True, description="A currency that is assigned to the channel.")
    default_country = graphene.Field(CountryDisplay, required=True, description="Default country for the channel.")
    warehouses = NonNullList("commerce.graphql.warehouse.types.Warehouse", description="List of warehouses assigned to this channel.")

    class Meta:
        description = "Represents channel."
        model = models.Channel
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_default_country(root, info):
        return country_display(root.default_country)

    @staticmethod
    def resolve_warehouses(root, info):
        from commerce.graphql.warehouse.dataloaders import WarehousesByChannelIdLoader

        return WarehousesByChannelIdLoader(info.context).load(root.id)
