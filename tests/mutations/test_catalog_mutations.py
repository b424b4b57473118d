"""Catalog writes through the API: happy paths read back from the database, and bad input
answered with Saleor's error codes in the payload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from graphene.relay import Node

from commerce.attribute.models import Attribute, AttributeInputType, AttributeProduct, AttributeType, AttributeValue
from commerce.channel.models import Channel
from commerce.page.models import Page, PageType
from commerce.product.models import Category, Collection, Product, ProductChannelListing, ProductType, ProductVariant
from commerce.warehouse.models import Warehouse
from tests.conftest import get_graphql_content


def gid(obj, type_name=None):
    return Node.to_global_id(type_name or type(obj).__name__, obj.pk)


def run(client, query, variables=None, perms=("MANAGE_PRODUCTS",)):
    return get_graphql_content(client.post_graphql(query, variables, permissions=list(perms)))["data"]


CHANNEL_CREATE = """
mutation($input: ChannelCreateInput!) { channelCreate(input: $input) {
  channel { slug currencyCode defaultCountry { code } isActive warehouses { slug } } errors { field code } } }"""


def test_channel_create_with_warehouse(staff_api_client, warehouse):
    data = run(
        staff_api_client,
        CHANNEL_CREATE,
        {
            "input": {
                "name": "Hội chợ OCOP 2025",
                "slug": "fair-ocop-2025",
                "currencyCode": "vnd",
                "defaultCountry": "VN",
                "isActive": True,
                "addWarehouses": [gid(warehouse)],
            }
        },
        perms=["MANAGE_CHANNELS"],
    )["channelCreate"]
    assert data["errors"] == []
    assert data["channel"] == {
        "slug": "fair-ocop-2025",
        "currencyCode": "VND",
        "defaultCountry": {"code": "VN"},
        "isActive": True,
        "warehouses": [{"slug": warehouse.slug}],
    }


def test_channel_create_duplicate_slug_and_bad_currency(staff_api_client, channel_online):
    data = run(
        staff_api_client,
        CHANNEL_CREATE,
        {"input": {"name": "x", "slug": "online", "currencyCode": "XYZ", "defaultCountry": "VN"}},
        perms=["MANAGE_CHANNELS"],
    )["channelCreate"]
    assert data["channel"] is None
    assert {(e["field"], e["code"]) for e in data["errors"]} == {("slug", "UNIQUE"), ("currencyCode", "INVALID")}


WAREHOUSE_CREATE = """
mutation($input: WarehouseCreateInput!) { createWarehouse(input: $input) {
  warehouse { id slug externalReference } errors { field code message } } }"""


def test_create_warehouse_stores_e164_phone_and_vn_address(staff_api_client):
    data = run(
        staff_api_client,
        WAREHOUSE_CREATE,
        {
            "input": {
                "name": "Kho Bánh tráng Trảng Bàng",
                "externalReference": "WH-TB",
                "address": {
                    "streetAddress1": "15 Quốc lộ 22",
                    "city": "Phường Trảng Bàng",
                    "countryArea": "Tây Ninh",
                    "country": "VN",
                    "phone": "0276 3882 123",
                },
            }
        },
    )["createWarehouse"]
    assert data["errors"] == []
    assert data["warehouse"]["slug"] == "kho-banh-trang-trang-bang"
    warehouse = Warehouse.objects.get(external_reference="WH-TB")
    assert (warehouse.address.phone, warehouse.address.city, warehouse.address.country_area) == (
        "+842763882123",
        "Phường Trảng Bàng",
        "Tây Ninh",
    )


def test_create_warehouse_rejects_invalid_phone(staff_api_client):
    data = run(
        staff_api_client,
        WAREHOUSE_CREATE,
        {
            "input": {
                "name": "Kho",
                "address": {"streetAddress1": "1", "city": "Xã Dương Minh Châu", "countryArea": "Tây Ninh", "phone": "+84 12"},
            }
        },
    )["createWarehouse"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("phone", "INVALID")]
    assert not Warehouse.objects.exists()


ATTRIBUTE_CREATE = """
mutation($input: AttributeCreateInput!) { attributeCreate(input: $input) {
  attribute { slug inputType entityType } errors { field code } } }"""


def test_attribute_create_with_values(staff_api_client):
    data = run(
        staff_api_client,
        ATTRIBUTE_CREATE,
        {
            "input": {
                "name": "Nhóm sản phẩm",
                "slug": "ocop-product-group",
                "type": "PRODUCT_TYPE",
                "inputType": "DROPDOWN",
                "values": [{"name": "Thực phẩm"}, {"name": "Đồ uống"}],
                "valueRequired": True,
            }
        },
        perms=["MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES"],
    )["attributeCreate"]
    assert data == {"attribute": {"slug": "ocop-product-group", "inputType": "DROPDOWN", "entityType": None}, "errors": []}
    attribute = Attribute.objects.get(slug="ocop-product-group")
    assert attribute.value_required and list(attribute.values.values_list("slug", flat=True)) == ["thuc-pham", "do-uong"]


def test_attribute_create_reference_needs_entity_type_and_unique_slug(staff_api_client, stars_attribute):
    data = run(
        staff_api_client,
        ATTRIBUTE_CREATE,
        {"input": {"name": "x", "slug": "ocop-stars", "type": "PRODUCT_TYPE", "inputType": "REFERENCE"}},
        perms=["MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES"],
    )["attributeCreate"]
    assert {(e["field"], e["code"]) for e in data["errors"]} == {("slug", "UNIQUE"), ("entityType", "REQUIRED")}


def test_page_type_and_producer_page(staff_api_client):
    attr = Attribute.objects.create(
        slug="producer-type", name="Loại chủ thể", type=AttributeType.PAGE_TYPE, input_type=AttributeInputType.DROPDOWN, value_required=True
    )
    data = run(
        staff_api_client,
        """mutation($input: PageTypeCreateInput!) { pageTypeCreate(input: $input) {
        pageType { id slug attributes { slug } } errors { field code } } }""",
        {"input": {"name": "Chủ thể OCOP", "slug": "ocop-producer", "addAttributes": [gid(attr)]}},
        perms=["MANAGE_PAGE_TYPES_AND_ATTRIBUTES"],
    )["pageTypeCreate"]
    assert data["errors"] == [] and data["pageType"]["attributes"] == [{"slug": "producer-type"}]
    page_create = (
        """mutation($input: PageCreateInput!) { pageCreate(input: $input) { page { slug title } errors { field code attributes } } }"""
    )
    missing = run(
        staff_api_client, page_create, {"input": {"title": "HTX Phú Gia Bảo", "pageType": data["pageType"]["id"]}}, perms=["MANAGE_PAGES"]
    )["pageCreate"]
    assert [(e["field"], e["code"], e["attributes"]) for e in missing["errors"]] == [("attributes", "REQUIRED", [gid(attr)])]
    created = run(
        staff_api_client,
        page_create,
        {
            "input": {
                "title": "HTX Phú Gia Bảo",
                "pageType": data["pageType"]["id"],
                "isPublished": True,
                "attributes": [{"id": gid(attr), "dropdown": {"value": "Hợp tác xã"}}],
            }
        },
        perms=["MANAGE_PAGES"],
    )["pageCreate"]
    assert created == {"page": {"slug": "htx-phu-gia-bao", "title": "HTX Phú Gia Bảo"}, "errors": []}
    page = Page.objects.get(slug="htx-phu-gia-bao")
    assert page.is_published and page.attributevalues.get().value.name == "Hợp tác xã"


def test_product_type_category_collection(staff_api_client, stars_attribute, product):
    data = run(
        staff_api_client,
        """mutation($input: ProductTypeInput!) { productTypeCreate(input: $input) {
        productType { slug } errors { field code } } }""",
        {"input": {"name": "Đặc sản OCOP", "productAttributes": [gid(stars_attribute)], "weight": 0.25}},
        perms=["MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES"],
    )["productTypeCreate"]
    assert data == {"productType": {"slug": "dac-san-ocop"}, "errors": []}
    product_type = ProductType.objects.get(slug="dac-san-ocop")
    assert product_type.weight_grams == 250 and list(product_type.product_attributes.all()) == [stars_attribute]

    parent = Category.objects.get(slug="muoi-gia-vi")
    data = run(
        staff_api_client,
        """mutation($input: CategoryInput!, $parent: ID) { categoryCreate(input: $input, parent: $parent) {
        category { slug } errors { field code } } }""",
        {"input": {"name": "Muối ớt"}, "parent": gid(parent)},
    )["categoryCreate"]
    assert data == {"category": {"slug": "muoi-ot"}, "errors": []}
    assert Category.objects.get(slug="muoi-ot").parent == parent

    data = run(
        staff_api_client,
        """mutation($input: CollectionCreateInput!) { collectionCreate(input: $input) {
        collection { id slug } errors { field code } } }""",
        {"input": {"name": "Quà Tết Tây Ninh", "products": [gid(product)]}},
    )["collectionCreate"]
    assert data["errors"] == [] and data["collection"]["slug"] == "qua-tet-tay-ninh"
    other = Product.objects.create(name="Bánh tráng", slug="banh-trang", product_type=product.product_type)
    data = run(
        staff_api_client,
        """mutation($id: ID!, $products: [ID!]!) { collectionAddProducts(collectionId: $id, products: $products) {
        collection { slug } errors { field code } } }""",
        {"id": data["collection"]["id"], "products": [gid(other), gid(product)]},
    )["collectionAddProducts"]
    assert data["errors"] == []
    assert set(Collection.objects.get(slug="qua-tet-tay-ninh").products.all()) == {product, other}


PRODUCT_CREATE = """
mutation($input: ProductCreateInput!) { productCreate(input: $input) {
  product { id name slug } errors { field code message attributes } } }"""


def _ocop_attributes(product_type, producer_page_type):
    made = {}
    for slug, input_type, extra in [
        ("ocop-certificate-no", AttributeInputType.PLAIN_TEXT, {}),
        ("ocop-score", AttributeInputType.NUMERIC, {}),
        ("ocop-valid-until", AttributeInputType.DATE, {}),
        ("producer", AttributeInputType.REFERENCE, {"entity_type": "Page"}),
    ]:
        made[slug] = Attribute.objects.create(slug=slug, name=slug, type=AttributeType.PRODUCT_TYPE, input_type=input_type, **extra)
        AttributeProduct.objects.create(attribute=made[slug], product_type=product_type)
    made["producer"].reference_page_types.add(producer_page_type)
    return made


def test_product_create_with_ocop_attributes(staff_api_client, product_type, category, stars_attribute, producer_page, producer_page_type):
    attrs = _ocop_attributes(product_type, producer_page_type)
    data = run(
        staff_api_client,
        PRODUCT_CREATE,
        {
            "input": {
                "productType": gid(product_type),
                "category": gid(category),
                "name": "Muối ớt Tây Ninh",
                "externalReference": "OCOP-TN-001",
                "description": '{"blocks": [{"type": "paragraph", "data": {"text": "Muối <b>ớt</b> xay"}}]}',
                "seo": {"title": "Muối ớt"},
                "weight": {"value": 200, "unit": "G"},
                "rating": 4.5,
                "metadata": [{"key": "source", "value": "registry"}],
                "attributes": [
                    {"id": gid(stars_attribute), "dropdown": {"value": "4 sao"}},
                    {"id": gid(attrs["ocop-certificate-no"]), "plainText": "123/QĐ-UBND"},
                    {"id": gid(attrs["ocop-score"]), "numeric": "82"},
                    {"id": gid(attrs["ocop-valid-until"]), "date": "2027-06-30"},
                    {"externalReference": None, "id": gid(attrs["producer"]), "references": [gid(producer_page)]},
                ],
            }
        },
    )["productCreate"]
    assert data["errors"] == []
    assert data["product"]["slug"] == "muoi-ot-tay-ninh"
    product = Product.objects.get(external_reference="OCOP-TN-001")
    assert product.search_index_dirty and product.category == category and product.weight_grams == 200
    assert product.description_plaintext == "Muối ớt xay" and product.seo_title == "Muối ớt" and product.metadata == {"source": "registry"}
    values = {v.attribute.slug: v for v in AttributeValue.objects.filter(productvalueassignment__product=product)}
    assert values["ocop-stars"].slug == "4"
    assert values["ocop-certificate-no"].plain_text == "123/QĐ-UBND"
    assert values["ocop-score"].numeric == 82
    assert values["ocop-valid-until"].date_time.date() == dt.date(2027, 6, 30)
    assert values["producer"].reference_page == producer_page


def test_product_create_bad_input(staff_api_client, product_type, product, stars_attribute, producer_page_type):
    attrs = _ocop_attributes(product_type, producer_page_type)
    other_type_page = Page.objects.create(title="Tin tức", slug="tin-tuc", page_type=PageType.objects.create(name="Tin", slug="tin"))
    foreign = Attribute.objects.create(slug="mau", name="Màu", type=AttributeType.PRODUCT_TYPE)
    data = run(
        staff_api_client,
        PRODUCT_CREATE,
        {
            "input": {
                "productType": gid(product_type),
                "name": "x",
                "slug": product.slug,
                "attributes": [
                    {"id": gid(foreign), "dropdown": {"value": "đỏ"}},
                    {"id": gid(attrs["ocop-score"]), "numeric": "tám mươi"},
                    {"id": gid(attrs["producer"]), "references": [gid(other_type_page)]},
                ],
            }
        },
    )["productCreate"]
    assert data["product"] is None
    assert {(e["field"], e["code"]) for e in data["errors"]} == {
        ("slug", "UNIQUE"),
        ("attributes", "ATTRIBUTE_CANNOT_BE_ASSIGNED"),
        ("attributes", "INVALID"),
    }
    assert next(e for e in data["errors"] if e["code"] == "ATTRIBUTE_CANNOT_BE_ASSIGNED")["attributes"] == [gid(foreign)]

    unknown = run(staff_api_client, PRODUCT_CREATE, {"input": {"productType": Node.to_global_id("ProductType", 999999), "name": "x"}})[
        "productCreate"
    ]
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("productType", "NOT_FOUND")]
    wrong = run(staff_api_client, PRODUCT_CREATE, {"input": {"productType": gid(product), "name": "x"}})["productCreate"]
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("productType", "GRAPHQL_ERROR")]
    garbage = run(staff_api_client, PRODUCT_CREATE, {"input": {"productType": "not-an-id", "name": "x"}})["productCreate"]
    assert [(e["field"], e["code"]) for e in garbage["errors"]] == [("productType", "GRAPHQL_ERROR")]
    assert Product.objects.count() == 1


def test_product_update_by_external_reference_and_delete(staff_api_client, product, stars_attribute):
    product.external_reference = "OCOP-1"
    product.search_index_dirty = False
    product.save()
    data = run(
        staff_api_client,
        """mutation($ref: String, $input: ProductInput!) { productUpdate(externalReference: $ref, input: $input) {
        product { name } errors { field code } } }""",
        {
            "ref": "OCOP-1",
            "input": {
                "name": "Muối ớt 5 sao",
                "attributes": [{"id": gid(stars_attribute), "dropdown": {"id": gid(stars_attribute.values.get(slug="5"))}}],
            },
        },
    )["productUpdate"]
    assert data == {"product": {"name": "Muối ớt 5 sao"}, "errors": []}
    product.refresh_from_db()
    assert product.search_index_dirty and product.attributevalues.get().value.slug == "5"

    neither = run(staff_api_client, "mutation { productDelete { errors { field code } } }")["productDelete"]
    assert neither["errors"][0]["code"] == "GRAPHQL_ERROR"
    data = run(
        staff_api_client, """mutation($id: ID) { productDelete(id: $id) { product { id name } errors { code } } }""", {"id": gid(product)}
    )["productDelete"]
    assert data == {"product": {"id": gid(product), "name": "Muối ớt 5 sao"}, "errors": []}
    assert not Product.objects.filter(pk=product.pk).exists()


def test_variant_create_with_stock_and_prices(staff_api_client, product_type, channel_online, warehouse):
    product = Product.objects.create(name="Bánh tráng", slug="banh-trang", product_type=product_type)
    ProductChannelListing.objects.create(product=product, channel=channel_online, currency="VND")
    data = run(
        staff_api_client,
        """mutation($input: ProductVariantCreateInput!) { productVariantCreate(input: $input) {
        productVariant { id sku } errors { field code } } }""",
        {
            "input": {
                "product": gid(product),
                "sku": "BT-500",
                "name": "Gói 500g",
                "attributes": [],
                "stocks": [{"warehouse": gid(warehouse), "quantity": 40}],
            }
        },
    )["productVariantCreate"]
    assert data["errors"] == [] and data["productVariant"]["sku"] == "BT-500"
    variant = ProductVariant.objects.get(sku="BT-500")
    assert variant.stocks.get().quantity == 40
    product.refresh_from_db()
    assert product.default_variant == variant

    dup = run(
        staff_api_client,
        """mutation($input: ProductVariantCreateInput!) { productVariantCreate(input: $input) { errors { field code } } }""",
        {"input": {"product": gid(product), "sku": "BT-500", "attributes": []}},
    )["productVariantCreate"]
    assert dup["errors"] == [{"field": "sku", "code": "UNIQUE"}]

    listing_update = """mutation($id: ID, $input: [ProductVariantChannelListingAddInput!]!) {
        productVariantChannelListingUpdate(id: $id, input: $input) { variant { sku } errors { field code channels } } }"""
    data = run(
        staff_api_client,
        listing_update,
        {"id": data["productVariant"]["id"], "input": [{"channelId": gid(channel_online), "price": "35000", "costPrice": 20000}]},
    )
    assert data["productVariantChannelListingUpdate"]["errors"] == []
    assert ProductChannelListing.objects.get(product=product).discounted_price_amount == Decimal(35000)
    negative = run(staff_api_client, listing_update, {"id": gid(variant), "input": [{"channelId": gid(channel_online), "price": -5}]})
    assert negative["productVariantChannelListingUpdate"]["errors"] == [
        {"field": "price", "code": "INVALID_PRICE", "channels": [gid(channel_online)]}
    ]


def test_product_channel_listing_update_publish_and_remove(staff_api_client, product, channel_online, channel_wholesale):
    query = """mutation($id: ID!, $input: ProductChannelListingUpdateInput!) { productChannelListingUpdate(id: $id, input: $input) {
        product { id } errors { field code channels } } }"""
    data = run(
        staff_api_client,
        query,
        {
            "id": gid(product),
            "input": {
                "updateChannels": [
                    {"channelId": gid(channel_wholesale), "isPublished": True, "visibleInListings": True, "isAvailableForPurchase": True}
                ],
                "removeChannels": [gid(channel_online)],
            },
        },
    )["productChannelListingUpdate"]
    assert data["errors"] == []
    listing = ProductChannelListing.objects.get(product=product)
    assert listing.channel == channel_wholesale and listing.is_published and listing.published_at and listing.available_for_purchase_at
    assert not product.variants.get().channel_listings.filter(channel=channel_online).exists()
    unknown = run(staff_api_client, query, {"id": gid(product), "input": {"removeChannels": [Node.to_global_id("Channel", 99999)]}})
    assert unknown["productChannelListingUpdate"]["errors"][0]["code"] == "NOT_FOUND"


def test_stock_bulk_update(staff_api_client, product, warehouse):
    variant = product.variants.get()
    variant.external_reference = "SKU-EXT"
    variant.save()
    query = """mutation($stocks: [StockBulkUpdateInput!]!, $policy: ErrorPolicyEnum) { stockBulkUpdate(stocks: $stocks, errorPolicy: $policy) {
        count results { stock { quantity } errors { field code } } errors { code } } }"""
    rows = [
        {"variantExternalReference": "SKU-EXT", "warehouseId": gid(warehouse), "quantity": 25},
        {"variantId": gid(variant), "warehouseId": Node.to_global_id("Warehouse", "00000000-0000-0000-0000-000000000000"), "quantity": 1},
    ]
    rejected = run(staff_api_client, query, {"stocks": rows})["stockBulkUpdate"]
    assert rejected["count"] == 0 and rejected["results"][1]["errors"] == [{"field": "warehouseId", "code": "NOT_FOUND"}]
    assert variant.stocks.get(warehouse=warehouse).quantity == 10
    partial = run(staff_api_client, query, {"stocks": rows, "policy": "REJECT_FAILED_ROWS"})["stockBulkUpdate"]
    assert partial["count"] == 1 and partial["results"][0] == {"stock": {"quantity": 25}, "errors": []}
    assert variant.stocks.get(warehouse=warehouse).quantity == 25
