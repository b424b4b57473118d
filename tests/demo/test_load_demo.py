"""`manage.py load_demo`: the demo catalog is complete, consistent with the OCOP rules and
idempotent. The catalog is loaded once per module (it draws ~65 pictures) inside a transaction
that is rolled back at the end; each test runs in a savepoint inside it."""
from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Min
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from commerce.account.models import User
from commerce.app.models import App
from commerce.attribute.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeProduct,
    AttributeValue,
    AttributeVariant,
)
from commerce.channel.models import Channel
from commerce.page.models import Page
from commerce.product.models import (
    Category,
    Collection,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
)
from commerce.warehouse.models import ChannelWarehouse, Stock, Warehouse

OCOP_ATTRIBUTES = {
    "ocop-stars": "dropdown",
    "ocop-certificate-no": "plain-text",
    "ocop-decision-date": "date",
    "ocop-valid-until": "date",
    "ocop-authority": "plain-text",
    "ocop-score": "numeric",
    "ocop-product-group": "dropdown",
    "ocop-status": "dropdown",
    "producer": "reference",
}
COUNTED_MODELS = [
    Channel, Attribute, AttributeValue, AttributeProduct, AttributeVariant, AssignedProductAttributeValue,
    AssignedVariantAttributeValue, Category, Page, Product, ProductTranslation, ProductVariant, ProductChannelListing,
    ProductVariantChannelListing, ProductMedia, Collection, Warehouse, ChannelWarehouse, Stock, User, App,
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        with transaction.atomic():
            assert not Product.objects.exists()
            # --if-empty on an empty catalog loads it.
            call_command("load_demo", "--if-empty", stdout=out)
            yield {"media_root": media_root, "output": out.getvalue()}
            transaction.set_rollback(True)


@pytest.fixture
def demo_media(demo, settings):
    """Point the storage back at the module's media folder (the suite moves it per test)."""
    settings.MEDIA_ROOT = demo["media_root"]
    return demo["media_root"]


def attribute_value(product, slug):
    return AttributeValue.objects.get(productvalueassignment__product=product, attribute__slug=slug)


pytestmark = pytest.mark.django_db


def test_catalog_counts(demo):
    assert "Demo catalog ready" in demo["output"]
    assert Product.objects.count() >= 40
    assert set(Channel.objects.values_list("slug", flat=True)) >= {"online", "wholesale"}
    online = Channel.objects.get(slug="online")
    assert (online.currency_code, online.default_country, online.is_active) == ("VND", "VN", True)
    assert Channel.objects.get(slug="wholesale").is_active
    for slug, input_type in OCOP_ATTRIBUTES.items():
        assert Attribute.objects.get(slug=slug).input_type == input_type
    assert list(AttributeValue.objects.filter(attribute__slug="ocop-stars").values_list("slug", flat=True)) == ["1", "2", "3", "4", "5"]
    assert AttributeValue.objects.filter(attribute__slug="ocop-product-group").count() == 6
    assert set(AttributeValue.objects.filter(attribute__slug="ocop-status").values_list("slug", "name")) == {
        ("valid", "Còn hiệu lực"), ("lapsed", "Hết hiệu lực"), ("revoked", "Thu hồi"),
    }
    producer_attribute = Attribute.objects.get(slug="producer")
    assert producer_attribute.entity_type == "Page"
    assert list(producer_attribute.reference_page_types.values_list("slug", flat=True)) == ["ocop-producer"]
    assert AttributeVariant.objects.get(attribute__slug="pack-size", product_type__slug="ocop-product").variant_selection
    assert AttributeProduct.objects.filter(product_type__slug="ocop-product").count() == len(OCOP_ATTRIBUTES)
    assert Category.objects.get(slug="dac-san-tay-ninh").get_descendant_count() >= 6
    assert Category.objects.filter(translations__language_code="en").count() == Category.objects.count()
    assert ProductTranslation.objects.filter(language_code="en").count() == Product.objects.count()
    assert Warehouse.objects.count() == Page.objects.filter(page_type__slug="ocop-producer").count()
    assert ChannelWarehouse.objects.count() == 2 * Warehouse.objects.count()
    assert Stock.objects.count() == ProductVariant.objects.count()
    assert Stock.objects.filter(quantity=0).exists()


def test_rerun_changes_nothing(demo, demo_media):
    before = {model.__name__: model.objects.count() for model in COUNTED_MODELS}
    files_before = set(ProductMedia.objects.values_list("image", flat=True))
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "(0 new), 0 images drawn" in out.getvalue()
    after = {model.__name__: model.objects.count() for model in COUNTED_MODELS}
    assert after == before
    assert set(ProductMedia.objects.values_list("image", flat=True)) == files_before


def test_if_empty_skips_a_filled_catalog(demo):
    out = io.StringIO()
    updated_before = Product.objects.aggregate(last=Max("updated_at"))["last"]
    call_command("load_demo", "--if-empty", stdout=out)
    assert out.getvalue().strip().count("\n") == 0
    assert "already" in out.getvalue()
    assert Product.objects.aggregate(last=Max("updated_at"))["last"] == updated_before


def test_every_product_has_stars_and_producer(demo):
    products = list(Product.objects.all())
    for product in products:
        assert attribute_value(product, "ocop-stars").slug in {"3", "4", "5"}
        producer = attribute_value(product, "producer").reference_page
        assert producer is not None and producer.page_type.slug == "ocop-producer" and producer.is_published
        assert product.external_reference.startswith("TN-OCOP-")
        assert product.description["blocks"][0]["type"] == "paragraph"
        assert product.description_plaintext


def test_certificates_follow_the_rules(demo):
    today = timezone.localdate()
    seen_2020 = 0
    for product in Product.objects.all():
        stars = int(attribute_value(product, "ocop-stars").slug)
        decided = attribute_value(product, "ocop-decision-date").date_time.date()
        valid_until = attribute_value(product, "ocop-valid-until").date_time.date()
        status = attribute_value(product, "ocop-status").slug
        authority = attribute_value(product, "ocop-authority").plain_text
        assert (valid_until.year - decided.year) * 12 + valid_until.month - decided.month == 36
        assert authority == ("Bộ Nông nghiệp và Môi trường" if stars == 5 else "UBND tỉnh Tây Ninh")
        if decided.year == 2020:
            seen_2020 += 1
            assert valid_until < today and status == "lapsed", product.name
        if status == "valid":
            assert valid_until >= today
        score = attribute_value(product, "ocop-score")
        assert float(score.name) == score.numeric and 50 <= score.numeric <= 100
    assert seen_2020 >= 5
    five_stars = Product.objects.filter(attributevalues__value__attribute__slug="ocop-stars", attributevalues__value__slug="5")
    assert [p.name for p in five_stars] == ["Bánh tráng siêu mỏng Tân Nhiên"]
    assert AssignedProductAttributeValue.objects.filter(value__attribute__slug="ocop-status", value__slug="revoked").count() == 1


def test_per_product_values_use_saleors_slugs(demo):
    product = Product.objects.get(external_reference="TN-OCOP-2024-0012")
    certificate = attribute_value(product, "ocop-certificate-no")
    assert certificate.slug == f"{product.pk}_{certificate.attribute_id}"
    decided = attribute_value(product, "ocop-decision-date")
    assert decided.date_time.date() == date(2024, 1, 31) and decided.slug == f"{product.pk}_{decided.attribute_id}"
    producer = attribute_value(product, "producer")
    assert producer.slug == f"{product.pk}_{producer.reference_page_id}"
    # Shared dropdown values are reused, not copied per product.
    assert AttributeValue.objects.filter(attribute__slug="ocop-stars").count() == 5
    # Pages' own values carry the "page<id>_" prefix used by commerce.attribute.services.
    page = producer.reference_page
    commune = AttributeValue.objects.get(pagevalueassignment__page=page, attribute__slug="ward-commune")
    assert commune.slug == f"page{page.pk}_{commune.attribute_id}" and commune.plain_text == "Phường Hòa Thành"
    assert set(AttributeValue.objects.filter(pagevalueassignment__page=page).values_list("attribute__slug", flat=True)) == {
        "producer-type", "ward-commune", "province", "phone",
    }


def test_prices_listings_and_stock(demo):
    online, wholesale = Channel.objects.get(slug="online"), Channel.objects.get(slug="wholesale")
    for product in Product.objects.prefetch_related("variants"):
        variants = list(product.variants.all())
        assert 1 <= len(variants) <= 3
        assert product.default_variant_id == variants[0].pk
        for channel in (online, wholesale):
            listing = ProductChannelListing.objects.get(product=product, channel=channel)
            assert listing.is_published and listing.visible_in_listings and listing.available_for_purchase_at
            cheapest = ProductVariantChannelListing.objects.filter(variant__product=product, channel=channel).aggregate(m=Min("price_amount"))["m"]
            assert listing.discounted_price_amount == cheapest
        for variant in variants:
            retail = ProductVariantChannelListing.objects.get(variant=variant, channel=online).price_amount
            trade = ProductVariantChannelListing.objects.get(variant=variant, channel=wholesale).price_amount
            assert retail == int(retail) and retail > trade > 0
            assert Stock.objects.filter(product_variant=variant).count() == 1
            assert AssignedVariantAttributeValue.objects.filter(assignment__variant=variant, value__attribute__slug="pack-size").count() == 1


def test_pictures_are_real_images(demo_media):
    per_product = Product.objects.annotate(n=Count("media")).values_list("n", flat=True)
    assert min(per_product) >= 1 and max(per_product) <= 2
    for media in ProductMedia.objects.all():
        assert media.alt
        with Image.open(media.image.path) as image:
            assert image.size == (1024, 1024)
            image.verify()


def test_collections_people_and_app(demo):
    four_up = Collection.objects.get(slug="ocop-4-sao-tro-len")
    assert four_up.products.exists()
    for product in four_up.products.all():
        assert int(attribute_value(product, "ocop-stars").slug) >= 4
        assert attribute_value(product, "ocop-status").slug == "valid"
    gifts = Collection.objects.get(slug="qua-tang-du-lich")
    assert gifts.products.count() >= 5
    assert gifts.channel_listings.get(channel__slug="online").is_published

    admin = User.objects.get(email="admin@example.com")
    assert admin.is_superuser and admin.is_staff and admin.check_password("admin")
    customer = User.objects.get(email="customer@example.com")
    assert not customer.is_staff and customer.check_password("customer")
    group = admin.groups.model.objects.get(name="Catalog managers")
    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")} == {
        "product.manage_products", "product.manage_product_types_and_attributes", "page.manage_pages",
    }
    sync_app = App.objects.get(identifier="catalog-sync")
    assert sync_app.has_perms(["product.manage_products", "product.manage_product_types_and_attributes", "page.manage_pages"])


def test_warehouses_have_vietnamese_addresses(demo):
    for warehouse in Warehouse.objects.select_related("address"):
        address = warehouse.address
        assert address.country == "VN" and address.country_area == "Tây Ninh"
        assert address.city.startswith(("Xã ", "Phường "))
        assert address.phone.startswith("+84") and address.phone[1:].isdigit()
        assert set(warehouse.channels.values_list("slug", flat=True)) == {"online", "wholesale"}
