import graphene

from commerce.channel import services
from commerce.core.permissions import PermissionEnum
from commerce.graphql.core.inputs import metadata_dict
from commerce.graphql.core.model_mutations import ModelMutation, get_nodes
from commerce.warehouse.models import Warehouse

from .errors import ChannelError
from .inputs import ChannelCreateInput
from .types import Channel


class ChannelCreate(ModelMutation):
    channel = graphene.Field(Channel)

    class Arguments:
        input = ChannelCreateInput(required=True, description="Fields required to create channel.")

    class Meta:
        description = "Creates a new channel."
        permissions = (PermissionEnum.MANAGE_CHANNELS,)
        error_type_class = ChannelError

    @classmethod
    def perform_mutation(cls, root, info, input):
        country = input["default_country"]
        channel = services.create_channel(
            name=input["name"],
            slug=input["slug"],
            currency_code=input["currency_code"],
            default_country=getattr(country, "value", country),
            is_active=bool(input.get("is_active")),
            warehouses=get_nodes(input.get("add_warehouses") or [], "Warehouse", Warehouse, "addWarehouses"),
            metadata=metadata_dict(input.get("metadata")),
            private_metadata=metadata_dict(input.get("private_metadata")),
        )
        return cls(channel=channel)


class ChannelMutations(graphene.ObjectType):
    channel_create = ChannelCreate.Field()
