"""Which channel a query is about."""
from __future__ import annotations

from commerce.channel.models import Channel
from commerce.graphql.core.errors import ChannelNotFound, SaleorGraphQLError


def get_channel_or_error(context, slug: str | None, required_for_anonymous: bool = True) -> Channel | None:
    """The channel named by `slug`; without one, the only active channel (Saleor's default).

    Staff and apps may omit it and see every channel's data; shoppers are told to pick one.
    """
    cache = context.__dict__.setdefault("_channels", {})
    if slug is not None:
        if slug not in cache:
            cache[slug] = Channel.objects.filter(slug=slug).first()
        if cache[slug] is None:
            raise ChannelNotFound(f"Channel with '{slug}' slug does not exist.")
        return cache[slug]
    if context.is_staff_or_app:
        return None
    if None not in cache:
        active = list(Channel.objects.filter(is_active=True)[:2])
        cache[None] = active[0] if len(active) == 1 else None
    if cache[None] is None and required_for_anonymous:
        raise SaleorGraphQLError("More than one channel exists. Specify which channel to use.", code="MISSING_CHANNEL_SLUG")
    return cache[None]
