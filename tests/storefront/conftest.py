"""Storefront fixtures: the demo catalog (real Tây Ninh products, producers, badges, pictures),
loaded once per test module — it takes ~20 s — plus what a shop needs to take orders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings


def _load_demo() -> None:
    from django.core.cache import cache

    from demo.builder import load_demo_catalog

    cache.clear()  # facets and the producer directory are cached between requests
    load_demo_catalog()
    cache.clear()


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    """The module's media folder: the demo's pictures live here for all its tests."""
    folder = tmp_path_factory.mktemp("storefront-media")
    with override_settings(MEDIA_ROOT=folder):
        yield folder


@pytest.fixture
def _media_in_tmp(demo_media):
    """Overrides the suite's per-test media folder: tests here share the module's pictures."""
    yield demo_media


@pytest.fixture(scope="module")
def _demo_in_transaction(django_db_setup, django_db_blocker, demo_media):
    """The demo inside a transaction held for the module: each test runs in a savepoint within
    it, and the module ends with a rollback, so nothing leaks into other tests."""
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _load_demo()
            # Never committed, so the ANALYZE that follows a committed bulk load
            # (commerce.core.db) never runs: planning from empty-table statistics, PostgreSQL
            # nested loops over whole tables (a producer page's product count took 11 s on CI).
            # Run inside this transaction, ANALYZE samples the demo's own uncommitted rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_catalog(_demo_in_transaction, db):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def add_shipping_methods():
    """Delivery to Vietnam in both channels: the demo's own (load_demo sets it up), or — on a
    catalog without it — a zone made here."""
    from commerce.channel.models import Channel
    from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone

    demo = list(ShippingMethod.objects.filter(shipping_zone__countries__contains=["VN"], shipping_zone__channels__slug="online").distinct())
    if demo:
        return demo
    zone = ShippingZone.objects.create(name="Việt Nam", countries=["VN"])
    channels = list(Channel.objects.filter(slug__in=["online", "wholesale"]))
    zone.channels.add(*channels)
    methods = []
    for name, price, days in (("Giao hàng tiêu chuẩn", 30000, (2, 4)), ("Giao nhanh trong tỉnh", 45000, (1, 1))):
        method = ShippingMethod.objects.create(name=name, shipping_zone=zone, minimum_delivery_days=days[0], maximum_delivery_days=days[1])
        for channel in channels:
            ShippingMethodChannelListing.objects.create(
                shipping_method=method, channel=channel, currency="VND", price_amount=Decimal(price)
            )
        methods.append(method)
    return methods


@pytest.fixture
def shipping(demo_catalog):
    return add_shipping_methods()
