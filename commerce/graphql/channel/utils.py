"""Which channel a query is about."""

from __future__ import annotations

from commerce.channel.models import Channel
from commerce.graphql.core.errors import ChannelNotFound, SaleorGraphQLError

# The id of the stand-in for a channel the caller may not see: no listing, stock or warehouse
# link has it, so every catalog query through the stand-in finds nothing.
UNSEEN_CHANNEL_ID = 0


def _as_seen_by(context, channel: Channel) -> Channel:
    """The channel as this caller may see it. Staff and apps see every channel. A shopper who may
    not see a wholesale channel (anyone but an approved business account: commerce.business.gate)
    gets what Saleor gives shoppers for an inactive channel — nothing on sale, so empty product
    lists and null products and variants, never a price — rather than an error, so a storefront
    page or a client asking for it keeps working. The stand-in keeps slug and currency, is
    inactive, and has an id no row refers to."""
    if context.is_staff_or_app:
        return channel
    from commerce.business.gate import may_see_channel

    if may_see_channel(channel, context.user):
        return channel
    return Channel(
        id=UNSEEN_CHANNEL_ID,
        name=channel.name,
        slug=channel.slug,
        currency_code=channel.currency_code,
        default_country=channel.default_country,
        is_active=False,
    )


def get_channel_or_error(context, slug: str | None, required_for_anonymous: bool = True) -> Channel | None:
    """The channel named by `slug` (as this caller may see it: `_as_seen_by`); without one, the
    only active channel (Saleor's default).

    Staff and apps may omit it and see every channel's data; shoppers are told to pick one.
    """
    cache = context.__dict__.setdefault("_channels", {})
    if slug is not None:
        if slug not in cache:
            channel = Channel.objects.filter(slug=slug).first()
            cache[slug] = _as_seen_by(context, channel) if channel is not None else None
        if cache[slug] is None:
            raise ChannelNotFound(f"Channel with '{slug}' slug does not exist.")
        return cache[slug]
    if context.is_staff_or_app:
        return None
    if None not in cache:
        active = list(Channel.objects.filter(is_active=True)[:2])
        cache[None] = _as_seen_by(context, active[0]) if len(active) == 1 else None
    if cache[None] is None and required_for_anonymous:
        raise SaleorGraphQLError("More than one channel exists. Specify which channel to use.", code="MISSING_CHANNEL_SLUG")
    return cache[None]
