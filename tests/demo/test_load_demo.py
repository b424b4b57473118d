"""`manage.py load_demo`, the way `ocop run` calls it: the set-up, the products from the bundled
registry export through catalog_sync, and the dress-up (pictures, English, packs, stock,
wholesale prices, collections). The demo is complete, follows the OCOP rules and is idempotent.
It is loaded once per module — through `config.cli.prepare_database`, the function `ocop run`
prepares the database with — inside a transaction that is rolled back at the end; each test runs
in a savepoint inside it."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from graphql_relay import from_global_id, to_global_id
import pytest
from django.db import transaction
from django.db.models import Count, Min
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from catalog_sync.runner import run_sync
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
from demo import catalog
from demo.builder import DEMO_EXPORT
from commerce.page.models import Page
from commerce.product.models import (
    Category,
    Collection,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
)
from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
from commerce.warehouse.models import ChannelWarehouse, Stock, Warehouse
from config.cli import prepare_database
from tests.conftest import ApiClient, get_graphql_content

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
    Channel,
    Attribute,
    AttributeValue,
    AttributeProduct,
    AttributeVariant,
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Category,
    Page,
    Product,
    ProductTranslation,
    ProductVariant,
    ProductVariantTranslation,
    ProductChannelListing,
    ProductVariantChannelListing,
    ProductMedia,
    Collection,
    CollectionProduct,
    Warehouse,
    ChannelWarehouse,
    Stock,
    User,
    App,
    ShippingZone,
    ShippingMethod,
    ShippingMethodChannelListing,
]


def export_rows() -> list[dict]:
    """The bundled export's rows, read plainly (the test's own eyes, not the sync's parser)."""
    with DEMO_EXPORT.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    header = next(i for i, row in enumerate(lines) if row and row[0] == "Mã sản phẩm")
    return [dict(zip(lines[header], row)) for row in lines[header + 1 :] if row and row[0]]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        with transaction.atomic():
            assert not Product.objects.exists()
            # What `ocop run` does before it starts the web: migrations, then the demo on an
            # empty catalog (load_demo --if-empty), products through the registry sync.
            prepare_database(stdout=out)
            yield {"media_root": media_root, "output": out.getvalue()}
            transaction.set_rollback(True)


@pytest.fixture
def demo_media(demo, settings):
    """Point the storage back at the module's media folder (the suite moves it per test)."""
    settings.MEDIA_ROOT = demo["media_root"]
    return demo["media_root"]


def booth_warehouses() -> list[str]:
    return [from_global_id(booth.warehouse_id)[1] for booth in Booth.objects.all()]


def attribute_value(product, slug):
    return AttributeValue.objects.get(productvalueassignment__product=product, attribute__slug=slug)


def snapshot() -> dict:
    """Everything a rerun must leave alone: row counts, each product's updated_at, prices, stock."""
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED_MODELS},
        "updated": dict(Product.objects.values_list("external_reference", "updated_at")),
        "prices": sorted(ProductVariantChannelListing.objects.values_list("variant__sku", "channel__slug", "price_amount")),
        "listings": sorted(
            ProductChannelListing.objects.values_list(
                "product_id", "channel__slug", "is_published", "published_at", "discounted_price_amount"
            )
        ),
        "stock": sorted(Stock.objects.values_list("product_variant__sku", "warehouse__slug", "quantity")),
        "attributes": sorted(AssignedProductAttributeValue.objects.values_list("product_id", "value_id")),
        "values": sorted(AttributeValue.objects.values_list("pk", "name", "plain_text", "date_time", "numeric")),
        "media": sorted(ProductMedia.objects.values_list("product_id", "sort_order", "image", "alt")),
        "categories": dict(Product.objects.values_list("pk", "category_id")),
        "shipping": sorted(
            ShippingMethodChannelListing.objects.values_list(
                "shipping_method__name", "channel__slug", "price_amount", "minimum_order_price_amount", "maximum_order_price_amount"
            )
        ),
        "zone_warehouses": sorted(ShippingZone.warehouses.through.objects.values_list("shippingzone_id", "warehouse_id")),
    }


from pos.models import Booth  # noqa: E402

pytestmark = pytest.mark.django_db


def test_catalog_counts(demo):
    assert "Demo catalog ready: 149 products (149 new" in demo["output"]
    codes = {row["Mã sản phẩm"] for row in export_rows()}
    assert len(codes) == 149
    assert set(Product.objects.values_list("external_reference", flat=True)) == codes
    assert set(Channel.objects.values_list("slug", flat=True)) >= {"online", "wholesale"}
    online = Channel.objects.get(slug="online")
    assert (online.currency_code, online.default_country, online.is_active) == ("VND", "VN", True)
    assert Channel.objects.get(slug="wholesale").is_active
    for slug, input_type in OCOP_ATTRIBUTES.items():
        assert Attribute.objects.get(slug=slug).input_type == input_type
    assert list(AttributeValue.objects.filter(attribute__slug="ocop-stars").values_list("slug", flat=True)) == ["1", "2", "3", "4", "5"]
    assert AttributeValue.objects.filter(attribute__slug="ocop-product-group").count() == 6
    assert set(AttributeValue.objects.filter(attribute__slug="ocop-status").values_list("slug", "name")) == {
        ("valid", "Còn hiệu lực"),
        ("lapsed", "Hết hiệu lực"),
        ("revoked", "Thu hồi"),
    }
    producer_attribute = Attribute.objects.get(slug="producer")
    assert producer_attribute.entity_type == "Page"
    assert list(producer_attribute.reference_page_types.values_list("slug", flat=True)) == ["ocop-producer"]
    assert AttributeVariant.objects.get(attribute__slug="pack-size", product_type__slug="ocop-product").variant_selection
    assert AttributeProduct.objects.filter(product_type__slug="ocop-product").count() == len(OCOP_ATTRIBUTES)
    assert Category.objects.get(slug="dac-san-tay-ninh").get_descendant_count() >= 6
    assert Category.objects.filter(translations__language_code="en").count() == Category.objects.count()
    # The curated producers are matched by the sync (name + commune), the others created by it.
    producers = Page.objects.filter(page_type__slug="ocop-producer")
    assert producers.count() > len(catalog.PRODUCERS)
    # One warehouse per producer (in online and wholesale), plus the demo fair booth's own.
    (booth,) = Booth.objects.all()
    booth_warehouse = from_global_id(booth.warehouse_id)[1]
    assert Warehouse.objects.count() == producers.count() + 1
    assert ChannelWarehouse.objects.count() == 2 * producers.count() + 1
    assert Stock.objects.exclude(warehouse_id=booth_warehouse).count() == ProductVariant.objects.count()
    assert Stock.objects.filter(warehouse_id=booth_warehouse, quantity__gt=0).exists()
    assert Stock.objects.filter(quantity=0).exists()
    assert ProductVariant.objects.count() > Product.objects.count()  # the curated extra packs


def test_every_product_is_complete(demo):
    """Stars and a producer (from the registry), a picture, stock in the producer's own
    warehouse and prices in both channels (the dress-up) — for every product."""
    online, wholesale = Channel.objects.get(slug="online"), Channel.objects.get(slug="wholesale")
    for product in Product.objects.prefetch_related("variants", "media"):
        assert attribute_value(product, "ocop-stars").slug in {"3", "4", "5"}, product.name
        producer = attribute_value(product, "producer").reference_page
        assert producer is not None and producer.page_type.slug == "ocop-producer" and producer.is_published
        assert product.external_reference.startswith("TN-OCOP-")
        assert product.description["blocks"][0]["type"] == "paragraph" and product.description_plaintext
        assert product.category_id is not None
        assert len(product.media.all()) >= 1, product.name
        variants = list(product.variants.all())
        assert 1 <= len(variants) <= 3
        assert product.default_variant_id == variants[0].pk and variants[0].sku == f"{product.external_reference}-01"
        for channel in (online, wholesale):
            listing = ProductChannelListing.objects.get(product=product, channel=channel)
            assert listing.is_published and listing.visible_in_listings and listing.available_for_purchase_at, product.name
            cheapest = ProductVariantChannelListing.objects.filter(variant__product=product, channel=channel).aggregate(
                m=Min("price_amount")
            )["m"]
            assert listing.discounted_price_amount == cheapest
        for variant in variants:
            retail = ProductVariantChannelListing.objects.get(variant=variant, channel=online).price_amount
            trade = ProductVariantChannelListing.objects.get(variant=variant, channel=wholesale).price_amount
            assert retail == int(retail) and retail > trade > 0
            stock = Stock.objects.exclude(warehouse_id__in=booth_warehouses()).get(product_variant=variant)
            assert stock.warehouse.slug == f"kho-{producer.slug}"
            assert (
                AssignedVariantAttributeValue.objects.filter(assignment__variant=variant, value__attribute__slug="pack-size").count() == 1
            )


def test_registry_fields_come_from_the_export(demo):
    """Name, stars, certificate (decision) number, dates, authority, score, group, status,
    producer and the first pack's price are the export's — for the curated products too."""
    rows = {row["Mã sản phẩm"]: row for row in export_rows()}
    online = Channel.objects.get(slug="online")
    for product in Product.objects.all():
        row = rows[product.external_reference]
        assert product.name == row["Tên sản phẩm"]
        assert attribute_value(product, "ocop-stars").slug == row["Hạng sao"].split()[0]
        assert attribute_value(product, "ocop-certificate-no").plain_text == row["Số quyết định"]
        assert attribute_value(product, "ocop-authority").plain_text == row["Cơ quan cấp"]
        assert attribute_value(product, "producer").reference_page.title == row["Chủ thể"]
        first = ProductVariant.objects.get(sku=f"{product.external_reference}-01")
        assert first.name == row["Quy cách"]
        if row["Giá bán lẻ"]:  # otherwise staff priced it (the export had no price)
            price = ProductVariantChannelListing.objects.get(variant=first, channel=online).price_amount
            assert price == int(row["Giá bán lẻ"].replace(".", ""))
    product = Product.objects.get(external_reference="TN-OCOP-2024-0012")
    assert attribute_value(product, "ocop-certificate-no").plain_text == "245/QĐ-UBND"


def test_curated_products_are_dressed(demo):
    """English, category, the extra packs with their prices and stock, from catalog.PRODUCTS by code."""
    online = Channel.objects.get(slug="online")
    assert set(ProductTranslation.objects.filter(language_code="en").values_list("product__external_reference", flat=True)) == set(
        catalog.CURATED
    )
    for code, spec in catalog.CURATED.items():
        product = Product.objects.get(external_reference=code)
        translation = product.translations.get(language_code="en")
        assert translation.name == spec["name_en"]
        assert translation.description["blocks"][0]["data"]["text"] == spec["description_en"]
        assert product.category.slug == spec["category"]
        variants = list(product.variants.order_by("sort_order", "sku"))
        assert [v.name for v in variants] == [pack[0] for pack in spec["packs"]]
        for variant, (_, pack_en, price, quantity, weight, _gtin) in zip(variants, spec["packs"]):
            assert variant.translations.get(language_code="en").name == pack_en
            assert ProductVariantChannelListing.objects.get(variant=variant, channel=online).price_amount == price
            # Some of the demo fair booth's producer's goods were moved to the booth.
            assert sum(Stock.objects.filter(product_variant=variant).values_list("quantity", flat=True)) == quantity
            assert variant.weight_grams == weight


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
    # Shared dropdown values are reused, not copied per product.
    assert AttributeValue.objects.filter(attribute__slug="ocop-stars").count() == 5
    # The curated producer page (with its story and phone) is the one the sync references.
    page = attribute_value(product, "producer").reference_page
    assert page.slug == "cong-ty-tnhh-tan-nhien" and page.metadata["ocop.producer_key"] == "tan-nhien"
    commune = AttributeValue.objects.get(pagevalueassignment__page=page, attribute__slug="ward-commune")
    assert commune.slug == f"page{page.pk}_{commune.attribute_id}" and commune.plain_text == "Phường Hòa Thành"
    assert set(AttributeValue.objects.filter(pagevalueassignment__page=page).values_list("attribute__slug", flat=True)) == {
        "producer-type",
        "ward-commune",
        "province",
        "phone",
    }


def test_rerun_and_resync_change_nothing(demo, demo_media):
    before = snapshot()
    files_before = sorted(p.name for p in demo_media.rglob("*") if p.is_file())
    out = io.StringIO()
    from django.core.management import call_command

    call_command("load_demo", stdout=out)
    assert "149 products (0 new, 0 changed by the registry sync), 0 images drawn" in out.getvalue()
    assert snapshot() == before
    # A re-sync of the same export (what the scheduled task would do) leaves the dress-up alone…
    report = run_sync(str(DEMO_EXPORT), today=timezone.localdate())
    assert report.status == "succeeded" and report.changes == 0 and report.counts["unchanged"] == 149
    # …and a dress-up after it has nothing to add.
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == before
    assert sorted(p.name for p in demo_media.rglob("*") if p.is_file()) == files_before


def test_pictures_are_reused_from_the_media_folder(demo, demo_media):
    """A database reset keeps ./media: the files of that name are reused, not drawn again."""
    product = Product.objects.get(external_reference="TN-OCOP-2025-0001")
    names = sorted(product.media.values_list("image", flat=True))
    product.media.all().delete()
    out = io.StringIO()
    from django.core.management import call_command

    call_command("load_demo", stdout=out)
    assert ", 0 images drawn" in out.getvalue()
    assert sorted(product.media.values_list("image", flat=True)) == names


def test_if_empty_skips_a_filled_catalog(demo):
    before = snapshot()
    out = io.StringIO()
    prepare_database(stdout=out)
    skipped, pos_line = out.getvalue().strip().split("\n")
    assert "already" in skipped
    # The demo register gets a fresh pairing code at every start; it can be used at once.
    code = re.search(r"pair with code (\d{8})", pos_line).group(1)
    assert "Lan (PIN 1234)" in pos_line
    assert snapshot() == before
    from pos.services import devices

    register, token = devices.pair(code)
    assert register.booth.fair.slug == "ocop-tay-ninh-demo" and token


def test_ocop_run_preparation_serves_the_storefront_query(demo, demo_media):
    """After `ocop run`'s preparation, the storefront's first page of products has 24 products
    with prices and thumbnails."""
    query = """
    query {
      products(channel: "online", first: 24) {
        totalCount
        edges { node { name externalReference thumbnail { url alt }
          pricing { priceRange { start { gross { amount currency } } } } } }
      }
    }"""
    data = get_graphql_content(ApiClient().post_graphql(query))["data"]["products"]
    nodes = [edge["node"] for edge in data["edges"]]
    assert len(nodes) == 24 and data["totalCount"] == 149
    for node in nodes:
        assert node["thumbnail"]["url"] and node["thumbnail"]["alt"], node["name"]
        gross = node["pricing"]["priceRange"]["start"]["gross"]
        assert gross["currency"] == "VND" and gross["amount"] > 0


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
    valid_four_up = Product.objects.filter(
        attributevalues__value__attribute__slug="ocop-stars",
        attributevalues__value__slug__in=["4", "5"],
    ).filter(attributevalues__value__attribute__slug="ocop-status", attributevalues__value__slug="valid")
    assert set(four_up.products.all()) == set(valid_four_up) and four_up.products.count() > 20
    gifts = Collection.objects.get(slug="qua-tang-du-lich")
    assert set(gifts.products.values_list("external_reference", flat=True)) == {c for c, s in catalog.CURATED.items() if s.get("gift")}
    assert gifts.channel_listings.get(channel__slug="online").is_published

    admin = User.objects.get(email="admin@example.com")
    assert admin.is_superuser and admin.is_staff and admin.check_password("admin")
    customer = User.objects.get(email="customer@example.com")
    assert not customer.is_staff and customer.check_password("customer")
    group = admin.groups.model.objects.get(name="Catalog managers")
    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")} == {
        "product.manage_products",
        "product.manage_product_types_and_attributes",
        "page.manage_pages",
    }
    sync_app = App.objects.get(identifier="catalog-sync")
    assert sync_app.has_perms(["product.manage_products", "product.manage_product_types_and_attributes", "page.manage_pages"])


def test_warehouses_have_vietnamese_addresses(demo):
    curated = {f"kho-{p.slug}" for p in Page.objects.filter(metadata__has_key="ocop.producer_key")}
    assert len(curated) == len(catalog.PRODUCERS)
    # (A fair booth's warehouse is addressed by the fair's venue.)
    for warehouse in Warehouse.objects.exclude(pk__in=booth_warehouses()).select_related("address"):
        address = warehouse.address
        assert address.country == "VN" and address.country_area == "Tây Ninh"
        assert address.city.startswith(("Xã ", "Phường ")), address.city
        assert address.company_name
        if warehouse.slug in curated:  # the curated producers' own address and phone
            assert address.street_address_1 and address.phone.startswith("+84") and address.phone[1:].isdigit()
        assert set(warehouse.channels.values_list("slug", flat=True)) == {"online", "wholesale"}


# --- Delivery: a fresh quick start can sell -------------------------------------------------

CHECKOUT_CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id } errors { field code message } }
}"""
SHIP_TO = """
mutation($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
    checkout { shippingMethods { id name price { amount currency } } availableShippingMethods { id } }
    errors { field code message }
  }
}"""


def in_stock_variant(channel_slug: str = "online") -> ProductVariant:
    """A variant priced in the channel with plenty of stock (the demo has some sold-out packs)."""
    return (
        ProductVariant.objects.filter(
            channel_listings__channel__slug=channel_slug,
            stocks__quantity__gte=50,
            product__channel_listings__channel__slug=channel_slug,
            product__channel_listings__is_published=True,
        )
        .order_by("sku")
        .first()
    )


def address_in(province: dict, **extra) -> dict:
    from storefront import addresses

    return {
        "firstName": "Lan",
        "lastName": "Nguyễn",
        "streetAddress1": "25 đường Cách Mạng Tháng Tám",
        "city": addresses.wards(province["code"])[0],
        "countryArea": province["name"],
        "country": "VN",
        "phone": "+84912345678",
        **extra,
    }


def test_the_demo_ships_to_every_province(demo):
    """Every one of the 34 provinces gets a standard and an express delivery, priced in VND —
    a guest can buy from a fresh `make run` without staff adding a zone first."""
    from storefront import addresses

    client = ApiClient()
    variant = in_stock_variant()
    created = get_graphql_content(
        client.post_graphql(
            CHECKOUT_CREATE,
            {
                "input": {
                    "channel": "online",
                    "email": "khach@example.com",
                    "lines": [{"variantId": to_global_id("ProductVariant", variant.pk), "quantity": 1}],
                }
            },
        )
    )["data"]["checkoutCreate"]
    assert created["errors"] == []
    provinces = addresses.provinces()
    assert len(provinces) == 34
    for province in provinces:
        data = get_graphql_content(client.post_graphql(SHIP_TO, {"id": created["checkout"]["id"], "address": address_in(province)}))
        payload = data["data"]["checkoutShippingAddressUpdate"]
        assert payload["errors"] == [], (province["name"], payload["errors"])
        methods = payload["checkout"]["shippingMethods"]
        assert payload["checkout"]["availableShippingMethods"] == [{"id": m["id"]} for m in methods]
        names = {m["name"] for m in methods}
        assert {"Giao hàng tiêu chuẩn", "Giao hàng nhanh"} <= names, (province["name"], names)
        for method in methods:
            assert method["price"]["currency"] == "VND" and method["price"]["amount"] == int(method["price"]["amount"])


def test_large_orders_ship_free(demo):
    from commerce.shipping.selectors import applicable_shipping_listings

    online = Channel.objects.get(slug="online")
    small = {l.shipping_method.name: l.price_amount for l in applicable_shipping_listings(online, "VN", 100_000, 500)}
    large = {l.shipping_method.name: l.price_amount for l in applicable_shipping_listings(online, "VN", 1_000_000, 5000)}
    assert small["Giao hàng tiêu chuẩn"] > 0 and "Miễn phí giao hàng" not in small
    assert large["Miễn phí giao hàng"] == 0 and "Giao hàng tiêu chuẩn" not in large
    assert large["Giao hàng nhanh"] > 0  # express is paid whatever the order


def test_shipping_zone_covers_the_selling_channels_and_producer_warehouses(demo):
    zone = ShippingZone.objects.get(shipping_methods__name="Giao hàng tiêu chuẩn")
    assert zone.countries == ["VN"]
    assert set(zone.channels.values_list("slug", flat=True)) == {"online", "wholesale"}
    # The producers' warehouses ship into it (Saleor finds stock for an address through them);
    # a fair booth sells over the counter and is not in it.
    assert set(zone.warehouses.values_list("pk", flat=True)) == set(
        Warehouse.objects.exclude(pk__in=booth_warehouses()).values_list("pk", flat=True)
    )
    for method in zone.shipping_methods.all():
        assert set(method.channel_listings.values_list("channel__slug", "currency")) == {("online", "VND"), ("wholesale", "VND")}
        assert method.minimum_delivery_days and method.maximum_delivery_days


def test_second_start_of_an_older_quick_start_database_adds_delivery(demo):
    """A database from a quick start made before the demo had delivery: the next `make run`
    (load_demo --if-empty) leaves the catalog alone but adds the zone, so it can sell; a database
    with a zone of its own is not touched."""
    ShippingZone.objects.all().delete()
    before = snapshot()
    out = io.StringIO()
    prepare_database(stdout=out)
    assert "already" in out.getvalue() and "delivery for Vietnam added" in out.getvalue()
    after = snapshot()
    assert {k: v for k, v in after.items() if k not in {"counts", "shipping", "zone_warehouses"}} == {
        k: v for k, v in before.items() if k not in {"counts", "shipping", "zone_warehouses"}
    }
    assert after["counts"]["ShippingMethod"] == len(catalog.SHIPPING_METHODS) and after["counts"]["Product"] == before["counts"]["Product"]
    out = io.StringIO()
    prepare_database(stdout=out)
    assert "delivery" not in out.getvalue() and snapshot() == after


def test_guest_buys_with_cash_on_delivery_on_the_storefront(demo, demo_media, client):
    """The outside probe's path: a guest on the storefront with a Tây Ninh address reaches the
    delivery step, picks a method and completes with COD."""
    from storefront import addresses

    variant = in_stock_variant()
    response = client.post("/cart/add/", {"variant": to_global_id("ProductVariant", variant.pk), "quantity": "2"})
    assert response.status_code == 302
    assert client.post("/checkout/contact/", {"email": "khach@example.com"})["Location"] == "/checkout/address/"
    tay_ninh = addresses.province_by_name("Tây Ninh")
    response = client.post(
        "/checkout/address/",
        {
            "name": "Nguyễn Thị Lan",
            "phone": "0912 345 678",
            "street": "25 đường Cách Mạng Tháng Tám",
            "province": tay_ninh["code"],
            "ward": "Phường Tân Ninh",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/checkout/delivery/", response.content[:2000]
    page = client.get("/checkout/delivery/").content.decode()
    assert "Chưa có cách giao hàng nào đến địa chỉ này." not in page
    method = re.search(r'name="method" value="([^"]+)"', page)
    assert method, page
    assert client.post("/checkout/delivery/", {"method": method.group(1)})["Location"] == "/checkout/payment/"
    response = client.post("/checkout/payment/", {"gateway": "ocop.payments.cod"})
    assert response.status_code == 302 and "/confirmation/" in response["Location"], response.content[:2000]
    from commerce.order.models import Order

    order = Order.objects.get(user_email="khach@example.com")
    assert order.shipping_address.country_area == "Tây Ninh" and order.shipping_method_name
    assert order.total_gross_amount == order.subtotal_gross_amount + order.shipping_price_gross_amount
    assert order.lines.get().product_sku == variant.sku
