import graphene

from commerce.graphql.core.types import ModelObjectType, ObjectWithMetadata
from commerce.warehouse import models


class WarehouseClickAndCollectOptionEnum(graphene.Enum):
    DISABLED = "disabled"
    LOCAL = "local"
    ALL = "all"


class Warehouse(ModelObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)
    click_and_collect_option = graphene.Field(WarehouseClickAndCollectOptionEnum, required=True)
    external_reference = graphene.String(description="External ID of this warehouse.")

    class Meta:
        description = "Represents warehouse."
        model = models.Warehouse
        interfaces = (ObjectWithMetadata,)
