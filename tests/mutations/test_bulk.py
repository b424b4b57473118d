"""productBulkCreate and productVariantBulkCreate under each error policy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from graphene.relay import Node

from commerce.product.models import Product, ProductChannelListing, ProductVariant
from tests.conftest import get_graphql_content

PRODUCT_BULK_CREATE = """
mutation($products: [ProductBulkCreateInput!]!, $policy: ErrorPolicyEnum) {
  productBulkCreate(products: $products, errorPolicy: $policy) {
    count
    results { product { id slug } errors { path code message channels } }
    errors { path code }
  }
}"""


def gid(obj):
    return Node.to_global_id(type(obj).__name__, obj.pk)


def rows(product_type, channel, warehouse, stars_attribute):
    good = lambda n: {  # noqa: E731
        "productType": gid(product_type),
        "name": f"Bánh tráng phơi sương {n}",
        "externalReference": f"OCOP-{n}",
        "attributes": [{"id": gid(stars_attribute), "dropdown": {"value": "4 sao"}}],
        "channelListings": [{"channelId": gid(channel), "isPublished": True, "isAvailableForPurchase": True}],
        "variants": [
            {
                "sku": f"BT-{n}",
                "attributes": [],
                "stocks": [{"warehouse": gid(warehouse), "quantity": 5}],
                "channelListings": [{"channelId": gid(channel), "price": 30000 + n}],
            }
        ],
    }
    bad = {"productType": gid(product_type), "name": "Hỏng", "externalReference": "OCOP-1"}  # duplicates row 1's reference
    return [good(1), bad, good(3)]


def post(client, products, policy=None):
    variables = {"products": products}
    if policy:
        variables["policy"] = policy
    return get_graphql_content(client.post_graphql(PRODUCT_BULK_CREATE, variables, permissions=["MANAGE_PRODUCTS"]))["data"][
        "productBulkCreate"
    ]


def test_reject_everything_is_the_default(staff_api_client, product_type, channel_online, warehouse, stars_attribute):
    data = post(staff_api_client, rows(product_type, channel_online, warehouse, stars_attribute))
    assert data["count"] == 0
    assert [r["product"] for r in data["results"]] == [None, None, None]
    assert [(e["path"], e["code"]) for e in data["results"][1]["errors"]] == [("externalReference", "UNIQUE")]
    assert data["results"][0]["errors"] == [] and data["errors"] == []
    assert not Product.objects.exists() and not ProductVariant.objects.exists()


def test_reject_failed_rows_keeps_the_good_rows(staff_api_client, product_type, channel_online, warehouse, stars_attribute):
    data = post(staff_api_client, rows(product_type, channel_online, warehouse, stars_attribute), "REJECT_FAILED_ROWS")
    assert data["count"] == 2
    assert [r["product"] is not None for r in data["results"]] == [True, False, True]
    product = Product.objects.get(external_reference="OCOP-3")
    assert product.search_index_dirty and product.attributevalues.get().value.slug == "4"
    listing = ProductChannelListing.objects.get(product=product)
    assert listing.is_published and listing.discounted_price_amount == Decimal(30003)
    assert product.variants.get().stocks.get().quantity == 5
    assert Product.objects.count() == 2


def test_bad_variant_under_each_policy(staff_api_client, product_type, channel_online, warehouse, stars_attribute):
    def one_bad_variant(n):
        row = rows(product_type, channel_online, warehouse, stars_attribute)[0]
        row["externalReference"] = f"OCOP-V{n}"
        row["name"] = f"Muối ớt {n}"
        row["variants"].append({"sku": "BT-1", "attributes": []})  # duplicate SKU in the same row
        row["variants"][0]["sku"] = "BT-1"
        return row

    rejected = post(staff_api_client, [one_bad_variant(1)], "REJECT_FAILED_ROWS")
    assert rejected["count"] == 0
    assert [(e["path"], e["code"]) for e in rejected["results"][0]["errors"]] == [("variants.1.sku", "UNIQUE")]
    assert not Product.objects.exists()

    ignored = post(staff_api_client, [one_bad_variant(2)], "IGNORE_FAILED")
    assert ignored["count"] == 1
    assert [(e["path"], e["code"]) for e in ignored["results"][0]["errors"]] == [("variants.1.sku", "UNIQUE")]
    product = Product.objects.get(external_reference="OCOP-V2")
    assert list(product.variants.values_list("sku", flat=True)) == ["BT-1"]


def test_variant_price_in_unlisted_channel(staff_api_client, product_type, channel_online, channel_wholesale, warehouse, stars_attribute):
    row = rows(product_type, channel_online, warehouse, stars_attribute)[0]
    row["variants"][0]["channelListings"].append({"channelId": gid(channel_wholesale), "price": 1000})
    data = post(staff_api_client, [row])
    assert [(e["path"], e["code"], e["channels"]) for e in data["results"][0]["errors"]] == [
        ("variants.0.channelId", "PRODUCT_NOT_ASSIGNED_TO_CHANNEL", [gid(channel_wholesale)])
    ]


VARIANT_BULK_CREATE = """
mutation($product: ID!, $variants: [ProductVariantBulkCreateInput!]!, $policy: ErrorPolicyEnum) {
  productVariantBulkCreate(product: $product, variants: $variants, errorPolicy: $policy) {
    count productVariants { sku } results { productVariant { sku } errors { field code warehouses } } errors { field code }
  }
}"""


@pytest.mark.parametrize(("policy", "created"), [(None, []), ("REJECT_FAILED_ROWS", ["BT-A", "BT-C"]), ("IGNORE_FAILED", ["BT-A", "BT-C"])])
def test_variant_bulk_create_policies(staff_api_client, product, warehouse, channel_online, policy, created):
    variants = [
        {
            "sku": "BT-A",
            "attributes": [],
            "stocks": [{"warehouse": gid(warehouse), "quantity": 3}],
            "channelListings": [{"channelId": gid(channel_online), "price": 12000}],
        },
        {
            "sku": "BT-B",
            "attributes": [],
            "stocks": [{"warehouse": Node.to_global_id("Warehouse", "00000000-0000-0000-0000-000000000000"), "quantity": 1}],
        },
        {"sku": "BT-C", "attributes": []},
    ]
    variables = {"product": gid(product), "variants": variants}
    if policy:
        variables["policy"] = policy
    data = get_graphql_content(staff_api_client.post_graphql(VARIANT_BULK_CREATE, variables, permissions=["MANAGE_PRODUCTS"]))["data"][
        "productVariantBulkCreate"
    ]
    assert [v["sku"] for v in data["productVariants"]] == created and data["count"] == len(created)
    assert data["results"][1]["errors"] == [{"field": "warehouse", "code": "NOT_FOUND", "warehouses": None}]
    assert sorted(product.variants.exclude(sku__startswith="SKU-").values_list("sku", flat=True)) == created
    listing = ProductChannelListing.objects.get(product=product)
    assert listing.discounted_price_amount == (Decimal(12000) if created else Decimal(45000))


def test_product_bulk_create_queries_do_not_grow_with_rows(
    staff_api_client, product_type, channel_online, warehouse, stars_attribute, producer_page
):
    """A batch costs a fixed number of statements (26 here), not ~59 more per product as row by row
    (302 statements for 5 products, 1482 for 25)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commerce.attribute.models import Attribute, AttributeEntityType, AttributeInputType, AttributeProduct, AttributeType

    extra = []
    for slug, input_type, entity in (
        ("ocop-score", AttributeInputType.NUMERIC, None),
        ("producer", AttributeInputType.REFERENCE, AttributeEntityType.PAGE),
    ):
        attribute = Attribute.objects.create(
            slug=slug, name=slug, input_type=input_type, entity_type=entity, type=AttributeType.PRODUCT_TYPE
        )
        AttributeProduct.objects.create(attribute=attribute, product_type=product_type, sort_order=len(extra) + 1)
        extra.append(attribute)
    score, producer = extra

    def batch(first, count):
        out = []
        for n in range(first, first + count):
            row = rows(product_type, channel_online, warehouse, stars_attribute)[0]
            row.update(name=f"Bánh tráng {n % 3}", externalReference=f"OCOP-Q{n}")
            row["attributes"] += [{"id": gid(score), "numeric": str(70 + n)}, {"id": gid(producer), "references": [gid(producer_page)]}]
            row["variants"][0]["sku"] = f"BT-Q{n}"
            out.append(row)
        return out

    counts = []
    for first, count in ((0, 5), (100, 25)):
        with CaptureQueriesContext(connection) as captured:
            data = post(staff_api_client, batch(first, count))
        assert data["count"] == count, data["results"][0]["errors"]
        counts.append(len(captured))
    assert counts[1] == counts[0], counts
    product = Product.objects.get(external_reference="OCOP-Q124")
    assert product.slug == "banh-trang-1-11" and product.default_variant.sku == "BT-Q124"
    assert sorted(product.attributevalues.values_list("value__name", flat=True)) == ["194", "4 sao", producer_page.title]


def test_rows_see_the_rows_before_them(staff_api_client, product_type, channel_online, warehouse, stars_attribute):
    """Checked in memory before anything is inserted, rows still behave as if written one by one:
    generated slugs count earlier rows, a failed row claims nothing, a new choice is made once."""
    make = lambda n, **extra: {
        **rows(product_type, channel_online, warehouse, stars_attribute)[0],
        "externalReference": f"OCOP-R{n}",
        **extra,
    }  # noqa: E731
    batch = [make(1, name="Mắm tôm"), make(2, name="Mắm tôm"), make(3, name="X", slug="mam-tom-2"), make(4, name="Y"), make(5, name="Z")]
    for i, row in enumerate(batch):
        row["variants"] = [{**row["variants"][0], "sku": f"R-{i}"}]
        row["attributes"] = [{"id": gid(stars_attribute), "dropdown": {"value": "6 sao"}}]
    batch[3]["variants"][0]["channelListings"][0]["price"] = -1  # fails its row…
    batch[4]["variants"][0]["sku"] = "R-3"  # …so its SKU is free for the next one
    data = post(staff_api_client, batch, "REJECT_FAILED_ROWS")
    assert [r["product"] and r["product"]["slug"] for r in data["results"]] == ["mam-tom", "mam-tom-2", None, None, "z"]
    assert [(e["path"], e["code"]) for e in data["results"][2]["errors"]] == [("slug", "UNIQUE")]
    assert [(e["path"], e["code"]) for e in data["results"][3]["errors"]] == [("variants.0.price", "INVALID_PRICE")]
    assert stars_attribute.values.filter(name="6 sao").count() == 1
    assert Product.objects.get(external_reference="OCOP-R5").variants.get().sku == "R-3"
