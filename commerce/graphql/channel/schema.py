import graphene

from commerce.channel import models
from commerce.graphql.core.permissions import staff_or_app_required
from commerce.graphql.core.types import from_global_id_or_error

from .types import Channel


class ChannelQueries(graphene.ObjectType):
    channel = graphene.Field(
        Channel,
        id=graphene.Argument(graphene.ID, description="ID of the channel."),
        slug=graphene.Argument(graphene.String, description="Slug of the channel."),
        description="Look up a channel by ID or slug.",
    )
    channels = graphene.List(graphene.NonNull(Channel), description="List of all channels.")

    @staticmethod
    def resolve_channel(root, info, id=None, slug=None):
        if id:
            _, pk = from_global_id_or_error(id, "Channel")
            return models.Channel.objects.filter(pk=pk).first()
        if slug:
            return models.Channel.objects.filter(slug=slug).first()
        return None

    @staticmethod
    @staff_or_app_required
    def resolve_channels(root, info):
        return list(models.Channel.objects.all())
