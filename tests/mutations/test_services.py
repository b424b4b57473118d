"""The catalog services, called directly as the registry sync and the POS call them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commerce.attribute.models import AttributeInputType, AttributeProduct, AttributeType, AttributeValue
from commerce.attribute.services import AttributeAssignment, create_attribute
from commerce.core.slugs import unique_slug, vn_slugify
from commerce.core.validation import flatten
from commerce.product import services
from commerce.product.models import Product, ProductChannelListing
from commerce.warehouse.services import StockLevel, create_warehouse, set_stock_levels


def codes(exc: ValidationError) -> set[tuple]:
    return {(field, code) for field, code, _, _ in flatten(exc)}


def test_vn_slugify_strips_diacritics_and_d():
    assert vn_slugify("Muối ớt") == "muoi-ot"
    assert vn_slugify("Bánh tráng phơi sương Trảng Bàng") == "banh-trang-phoi-suong-trang-bang"
    assert vn_slugify("Đường thốt nốt") == "duong-thot-not"


def test_unique_slug_adds_suffixes(product_type):
    Product.objects.create(name="x", slug="muoi-ot", product_type=product_type)
    Product.objects.create(name="x", slug="muoi-ot-2", product_type=product_type)
    assert unique_slug("Muối ớt", Product.objects.all()) == "muoi-ot-3"


def test_create_product_generates_unique_slugs_and_marks_dirty(product_type):
    first = services.create_product(product_type=product_type, name="Muối ớt")
    second = services.create_product(product_type=product_type, name="Muối Ớt")
    assert (first.slug, second.slug) == ("muoi-ot", "muoi-ot-2")
    assert first.search_index_dirty and second.search_index_dirty


def test_create_product_rejects_duplicate_slug_and_external_reference(product_type):
    services.create_product(product_type=product_type, name="A", slug="a", external_reference="OCOP-1")
    with pytest.raises(ValidationError) as exc:
        services.create_product(product_type=product_type, name="B", slug="a", external_reference="OCOP-1")
    assert codes(exc.value) == {("slug", "UNIQUE"), ("externalReference", "UNIQUE")}
    assert Product.objects.count() == 1


def test_dropdown_by_name_creates_missing_choice_and_reuses_existing(product_type, stars_attribute):
    p = services.create_product(
        product_type=product_type, name="A", attributes=[AttributeAssignment(stars_attribute, choice_names=["3 sao"])]
    )
    assert list(p.attributevalues.values_list("value__slug", flat=True)) == ["3"]
    q = services.create_product(
        product_type=product_type, name="B", attributes=[AttributeAssignment(stars_attribute, choice_names=["6 sao"])]
    )
    assert stars_attribute.values.filter(name="6 sao").count() == 1
    assert q.attributevalues.get().value.name == "6 sao"


def test_value_required_and_unassigned_attribute(product_type, stars_attribute):
    stars_attribute.value_required = True
    stars_attribute.save()
    other = create_attribute(name="Màu", type=AttributeType.PRODUCT_TYPE, input_type=AttributeInputType.DROPDOWN)
    with pytest.raises(ValidationError) as exc:
        services.create_product(product_type=product_type, name="A", attributes=[AttributeAssignment(other, choice_names=["đỏ"])])
    assert codes(exc.value) == {("attributes", "ATTRIBUTE_CANNOT_BE_ASSIGNED"), ("attributes", "REQUIRED")}


def test_per_product_values_are_replaced_not_shared(product_type):
    cert = create_attribute(
        name="Số chứng nhận", slug="ocop-certificate-no", type=AttributeType.PRODUCT_TYPE, input_type=AttributeInputType.PLAIN_TEXT
    )
    AttributeProduct.objects.create(attribute=cert, product_type=product_type)
    a = services.create_product(product_type=product_type, name="A", attributes=[AttributeAssignment(cert, plain_text="123/QĐ")])
    b = services.create_product(product_type=product_type, name="B", attributes=[AttributeAssignment(cert, plain_text="456/QĐ")])
    services.update_product(a, attributes=[AttributeAssignment(cert, plain_text="789/QĐ")])
    assert a.attributevalues.get().value.plain_text == "789/QĐ"
    assert b.attributevalues.get().value.plain_text == "456/QĐ"
    assert cert.values.count() == 2
    assert a.attributevalues.get().value.slug == f"{a.pk}_{cert.pk}"


def test_variant_channel_listing_keeps_cheapest_price_on_product_listing(product_type, channel_online):
    product = services.create_product(product_type=product_type, name="A")
    services.update_product_channel_listings(product, update=[{"channel": channel_online, "is_published": True}])
    v1 = services.create_variant(product=product, sku="A-1", channel_listings=[{"channel": channel_online, "price": Decimal(50000)}])
    services.create_variant(product=product, sku="A-2", channel_listings=[{"channel": channel_online, "price": Decimal(30000)}])
    listing = ProductChannelListing.objects.get(product=product)
    assert listing.discounted_price_amount == 30000 and listing.published_at is not None
    services.update_variant_channel_listings(v1, [{"channel": channel_online, "price": Decimal(20000)}])
    listing.refresh_from_db()
    assert listing.discounted_price_amount == 20000
    assert product.__class__.objects.get(pk=product.pk).default_variant_id == v1.pk


def test_variant_price_needs_listed_product_and_valid_amount(product_type, channel_online):
    product = services.create_product(product_type=product_type, name="A")
    variant = services.create_variant(product=product, sku="A-1")
    with pytest.raises(ValidationError) as exc:
        services.update_variant_channel_listings(variant, [{"channel": channel_online, "price": Decimal(1)}])
    assert codes(exc.value) == {("channelId", "PRODUCT_NOT_ASSIGNED_TO_CHANNEL")}
    services.update_product_channel_listings(product, update=[{"channel": channel_online}])
    with pytest.raises(ValidationError) as exc:
        services.update_variant_channel_listings(variant, [{"channel": channel_online, "price": Decimal(-1)}])
    assert codes(exc.value) == {("price", "INVALID_PRICE")}
    with pytest.raises(ValidationError) as exc:
        services.update_variant_channel_listings(variant, [{"channel": channel_online, "price": Decimal("1000.5")}])
    assert codes(exc.value) == {("price", "INVALID")}


def test_set_stock_levels_creates_and_updates(product, warehouse):
    variant = product.variants.get()
    other = create_warehouse(
        name="Kho hội chợ",
        address={"street_address_1": "1 Lê Lợi", "city": "Phường Tân Ninh", "country_area": "Tây Ninh", "phone": "0276 3822 456"},
    )
    assert other.address.phone == "+842763822456"
    stocks = set_stock_levels([StockLevel(variant, warehouse, 7), StockLevel(variant, other, 3)])
    assert [(s.warehouse_id, s.quantity) for s in stocks] == [(warehouse.pk, 7), (other.pk, 3)]
    assert variant.stocks.get(warehouse=warehouse).quantity == 7


def test_create_warehouse_rejects_bad_phone_and_missing_province(db):
    with pytest.raises(ValidationError) as exc:
        create_warehouse(name="Kho", address={"street_address_1": "1 Lê Lợi", "city": "Phường Tân Ninh", "phone": "12"})
    assert codes(exc.value) == {("phone", "INVALID"), ("countryArea", "REQUIRED")}


def test_date_numeric_and_reference_values(product_type, producer_page):
    made = {}
    for slug, input_type, extra in [
        ("ocop-valid-until", AttributeInputType.DATE, {}),
        ("ocop-score", AttributeInputType.NUMERIC, {}),
        ("producer", AttributeInputType.REFERENCE, {"entity_type": "Page"}),
    ]:
        made[slug] = create_attribute(name=slug, slug=slug, type=AttributeType.PRODUCT_TYPE, input_type=input_type, **extra)
        AttributeProduct.objects.create(attribute=made[slug], product_type=product_type)
    p = services.create_product(
        product_type=product_type,
        name="A",
        attributes=[
            AttributeAssignment(made["ocop-valid-until"], date=dt.date(2027, 5, 1)),
            AttributeAssignment(made["ocop-score"], numeric="85.5"),
            AttributeAssignment(made["producer"], references=[producer_page]),
        ],
    )
    values = {v.attribute.slug: v for v in AttributeValue.objects.filter(productvalueassignment__product=p)}
    assert values["ocop-valid-until"].date_time.date() == dt.date(2027, 5, 1)
    assert values["ocop-score"].numeric == 85.5
    assert values["producer"].reference_page == producer_page
    with pytest.raises(ValidationError) as exc:
        services.update_product(p, attributes=[AttributeAssignment(made["ocop-score"], numeric="nhiều")])
    assert codes(exc.value) == {("attributes", "INVALID")}
