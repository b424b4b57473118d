"""Channels: `online`, `wholesale`, `fair-<event>`."""

from __future__ import annotations

from babel.numbers import list_currencies
from django.db import transaction
from django_countries import countries

from commerce.core.slugs import vn_slugify
from commerce.core.validation import ErrorCollector

from .models import Channel


@transaction.atomic
def create_channel(
    *,
    name: str,
    slug: str,
    currency_code: str,
    default_country: str,
    is_active: bool = False,
    warehouses=(),
    metadata: dict | None = None,
    private_metadata: dict | None = None,
) -> Channel:
    errors = ErrorCollector()
    if not (name or "").strip():
        errors.add("name", "REQUIRED", "The channel needs a name.")
    if not slug or vn_slugify(slug) != slug:
        errors.add("slug", "INVALID", f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens.")
    elif Channel.objects.filter(slug=slug).exists():
        errors.add("slug", "UNIQUE", f"A channel with slug '{slug}' already exists.")
    currency_code = (currency_code or "").upper()
    if currency_code not in list_currencies():
        errors.add("currencyCode", "INVALID", f"'{currency_code}' is not a currency code.")
    if default_country not in dict(countries):
        errors.add("defaultCountry", "INVALID", f"'{default_country}' is not a country code.")
    errors.raise_if_any()
    channel = Channel.objects.create(
        name=name.strip(),
        slug=slug,
        currency_code=currency_code,
        default_country=default_country,
        is_active=is_active,
        metadata=metadata or {},
        private_metadata=private_metadata or {},
    )
    if warehouses:
        from commerce.warehouse.services import add_warehouses_to_channel

        add_warehouses_to_channel(channel, warehouses)
    return channel


@transaction.atomic
def update_channel(
    channel: Channel,
    *,
    name: str | None = None,
    slug: str | None = None,
    is_active: bool | None = None,
    default_country: str | None = None,
    add_warehouses=(),
    remove_warehouses=(),
    metadata: dict | None = None,
    private_metadata: dict | None = None,
) -> Channel:
    """Saleor's channelUpdate: only the given fields change; a fair adds each booth's warehouse
    to its channel this way as booths are set up."""
    errors = ErrorCollector()
    if name is not None and not name.strip():
        errors.add("name", "REQUIRED", "The channel needs a name.")
    if slug is not None:
        if not slug or vn_slugify(slug) != slug:
            errors.add("slug", "INVALID", f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens.")
        elif Channel.objects.filter(slug=slug).exclude(pk=channel.pk).exists():
            errors.add("slug", "UNIQUE", f"A channel with slug '{slug}' already exists.")
    if default_country is not None and default_country not in dict(countries):
        errors.add("defaultCountry", "INVALID", f"'{default_country}' is not a country code.")
    add_ids = {w.pk for w in add_warehouses}
    if add_ids & {w.pk for w in remove_warehouses}:
        errors.add("addWarehouses", "DUPLICATED_INPUT_ITEM", "A warehouse cannot be both added and removed.")
    errors.raise_if_any()
    if name is not None:
        channel.name = name.strip()
    if slug is not None:
        channel.slug = slug
    if is_active is not None:
        channel.is_active = is_active
    if default_country is not None:
        channel.default_country = default_country
    if metadata is not None:
        channel.metadata = {**channel.metadata, **metadata}
    if private_metadata is not None:
        channel.private_metadata = {**channel.private_metadata, **private_metadata}
    channel.save()
    if add_warehouses:
        from commerce.warehouse.services import add_warehouses_to_channel

        add_warehouses_to_channel(channel, add_warehouses)
    if remove_warehouses:
        from commerce.warehouse.models import ChannelWarehouse

        ChannelWarehouse.objects.filter(channel=channel, warehouse__in=list(remove_warehouses)).delete()
    return channel
