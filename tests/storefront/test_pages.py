"""The storefront's first pages, rendered through saleor_client's in-process transport."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from commerce.attribute.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeValue,
)
from storefront.presenters import money, valid_badge

pytestmark = pytest.mark.django_db


def test_money_is_formatted_per_locale_without_minor_units():
    assert money(125000, "VND", "vi") == "125.000\xa0₫"
    assert money(125000, "VND", "en") == "₫125,000"


def _attr(slug, value):
    return {"attribute": {"slug": slug}, "values": [value]}


def badge_attributes(status="valid", valid_until="2027-01-31"):
    return [
        _attr("ocop-stars", {"slug": "4", "name": "4 sao"}),
        _attr("ocop-status", {"slug": status, "name": status}),
        _attr("ocop-valid-until", {"date": valid_until}),
        _attr("ocop-certificate-no", {"plainText": "12/QĐ-UBND"}),
        _attr("ocop-authority", {"plainText": "UBND tỉnh Tây Ninh"}),
    ]


def test_badge_shown_only_while_valid():
    today = date(2026, 11, 28)
    assert valid_badge(badge_attributes(), today)["stars"] == 4
    assert valid_badge(badge_attributes(valid_until="2026-11-28"), today) is not None
    assert valid_badge(badge_attributes(valid_until="2026-11-27"), today) is None
    assert valid_badge(badge_attributes(status="revoked"), today) is None
    assert valid_badge(badge_attributes(status="lapsed"), today) is None


def test_home_lists_published_products(client, products_factory):
    products = products_factory(3)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for product in products:
        assert f"/products/{product.slug}/" in html
    assert "₫" in html


def test_home_sections_are_cached_for_a_minute(client, products_factory, django_assert_max_num_queries):
    from django.core.cache import cache

    from storefront import catalog

    (first,) = products_factory(1)
    assert f"/products/{first.slug}/" in client.get("/").content.decode()
    (later,) = products_factory(1)
    # Within HOME_TTL the sections come from the cache: no catalog queries, the old content.
    with django_assert_max_num_queries(3):
        html = client.get("/").content.decode()
    assert f"/products/{later.slug}/" not in html
    assert catalog.HOME_TTL == 60
    cache.delete("storefront:home:online:vi")  # as when the minute is up
    assert f"/products/{later.slug}/" in client.get("/").content.decode()


def _set_text_attribute(product, slug, input_type, **value_fields):
    attribute, _ = Attribute.objects.get_or_create(slug=slug, defaults={"name": slug, "input_type": input_type})
    AttributeProduct.objects.get_or_create(attribute=attribute, product_type=product.product_type)
    value = AttributeValue.objects.create(attribute=attribute, name=slug, slug=f"{product.pk}_{attribute.pk}", **value_fields)
    AssignedProductAttributeValue.objects.create(value=value, product=product)


def _make_badge(product, valid_until: date, status: str = "valid"):
    from django.utils import timezone
    from datetime import datetime, time

    status_attr, _ = Attribute.objects.get_or_create(
        slug="ocop-status", defaults={"name": "Trạng thái", "input_type": AttributeInputType.DROPDOWN}
    )
    AttributeProduct.objects.get_or_create(attribute=status_attr, product_type=product.product_type)
    value, _ = AttributeValue.objects.get_or_create(attribute=status_attr, slug=status, defaults={"name": status})
    AssignedProductAttributeValue.objects.create(value=value, product=product)
    _set_text_attribute(
        product,
        "ocop-valid-until",
        AttributeInputType.DATE,
        date_time=timezone.make_aware(datetime.combine(valid_until, time.min)),
    )


def test_product_page_shows_a_valid_badge(client, product):
    _make_badge(product, date.today() + timedelta(days=30))
    response = client.get(f"/products/{product.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert product.name in html
    assert 'class="badge"' in html and "OCOP 3 sao" in html


def test_product_page_hides_a_lapsed_badge(client, product):
    _make_badge(product, date.today() - timedelta(days=1))
    html = client.get(f"/products/{product.slug}/").content.decode()
    assert product.name in html
    assert 'class="badge"' not in html


def test_unknown_product_is_a_404(client, channel_online):
    assert client.get("/products/khong-co/").status_code == 404


def test_card_stars_only_while_the_certificate_is_valid():
    from storefront.presenters import stars_of

    today = date(2026, 11, 28)
    card = {
        "stars": {"values": [{"slug": "4"}]},
        "status": {"values": [{"slug": "valid"}]},
        "validUntil": {"values": [{"date": "2026-12-01"}]},
    }
    assert stars_of(card, today) == 4
    assert stars_of({**card, "validUntil": {"values": [{"date": "2026-11-27"}]}}, today) is None
    assert stars_of({**card, "status": {"values": [{"slug": "revoked"}]}}, today) is None
    assert stars_of({**card, "status": None}, today) is None
