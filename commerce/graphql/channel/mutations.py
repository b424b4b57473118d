import graphene

from commerce.channel import services
from commerce.core.permissions import PermissionEnum
from commerce.graphql.core.inputs import metadata_dict
from commerce.graphql.core.mutations import BaseMutation
from commerce.graphql.core.model_mutations import get_node, get_nodes
from commerce.channel.models import Channel as ChannelModel
from commerce.warehouse.models import Warehouse

from .errors import ChannelError
from .inputs import ChannelCreateInput, ChannelUpdateInput
from .types import Channel


class ChannelCreate(BaseMutation):
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


class ChannelUpdate(BaseMutation):
    channel = graphene.Field(Channel)

    class Arguments:
        id = graphene.ID(required=True, description="ID of a channel to update.")
        input = ChannelUpdateInput(required=True, description="Fields required to update a channel.")

    class Meta:
        description = "Update a channel."
        permissions = (PermissionEnum.MANAGE_CHANNELS,)
        error_type_class = ChannelError

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        channel = get_node(id, "Channel", ChannelModel, "id")
        country = input.get("default_country")
        channel = services.update_channel(
            channel,
            name=input.get("name"),
            slug=input.get("slug"),
            is_active=input.get("is_active"),
            default_country=getattr(country, "value", country),
            add_warehouses=get_nodes(input.get("add_warehouses") or [], "Warehouse", Warehouse, "addWarehouses"),
            remove_warehouses=get_nodes(input.get("remove_warehouses") or [], "Warehouse", Warehouse, "removeWarehouses"),
            metadata=metadata_dict(input.get("metadata")) if input.get("metadata") is not None else None,
            private_metadata=metadata_dict(input.get("private_metadata")) if input.get("private_metadata") is not None else None,
        )
        return cls(channel=channel)


class ChannelMutations(graphene.ObjectType):
    channel_create = ChannelCreate.Field()
    channel_update = ChannelUpdate.Field()
