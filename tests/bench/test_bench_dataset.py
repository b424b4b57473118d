"""The benchmark's catalog builder and its raw-SQL floor still fit the models (bench itself is
not a test; this keeps `make bench` from rotting as the core changes)."""

from __future__ import annotations

import pytest

from bench import dataset
from bench.raw_sql import fetch_products_page
from commerce.attribute.models import AssignedProductAttributeValue
from commerce.channel.models import Channel
from commerce.product.models import Product, ProductMedia, ProductVariant


@pytest.mark.django_db
def test_fill_builds_a_complete_catalog_and_raw_sql_reads_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert dataset.fill(30, batch_size=12, log=lambda *a, **k: None) == 30
    assert dataset.fill(30, log=lambda *a, **k: None) == 0  # tops up, never duplicates
    products = Product.objects.filter(slug__startswith=dataset.SLUG_PREFIX)
    assert products.count() == 30
    assert not products.filter(default_variant__isnull=True).exists()
    assert ProductVariant.objects.filter(product__in=products).count() > 30  # some have two sizes
    assert ProductMedia.objects.filter(product__in=products).values("image").distinct().count() == 1
    assert AssignedProductAttributeValue.objects.filter(product__in=products).count() == 90  # stars, producer, badge status
    assert dataset.index_search() in (None, 30)

    channel = Channel.objects.get(slug="online")
    rows = fetch_products_page(channel.pk, 24)
    assert len(rows) == 24
    first = rows[0]
    assert first[3] == 30  # total count over the whole listing
    assert first[11] is not None and first[12] >= first[11]  # price range
    assert {value["attribute"] for value in first[13]} == {"ocop-stars", "producer", "ocop-status"}
    assert first[8] == dataset.IMAGE_NAME


@pytest.mark.django_db
def test_raw_sql_floor_reads_the_same_page_as_graphql(settings, tmp_path):
    """The ratio compares like with like: the same 24 products, in the same order, same prices."""
    from commerce.graphql.api import schema
    from saleor_client import InProcessTransport, SaleorClient
    from bench.run import DOCUMENTS

    if "products" not in schema.graphql_schema.query_type.fields:
        pytest.skip("Query.products is not in our schema yet")
    settings.MEDIA_ROOT = tmp_path
    dataset.fill(40, log=lambda *a, **k: None)
    channel = Channel.objects.get(slug="online")
    rows = fetch_products_page(channel.pk, 24)
    data = SaleorClient(InProcessTransport(), [DOCUMENTS]).execute("BenchProductList", {"channel": "online", "first": 24})
    nodes = [edge["node"] for edge in data["products"]["edges"]]
    assert [n["slug"] for n in nodes] == [row[2] for row in rows]
    assert data["products"]["totalCount"] == rows[0][3]
    for node, row in zip(nodes, rows):
        price_range = node["pricing"]["priceRange"]
        assert (price_range["start"]["gross"]["amount"], price_range["stop"]["gross"]["amount"]) == (float(row[11]), float(row[12]))
        assert node["category"]["slug"] == row[7]
        assert sorted(v["slug"] for a in node["attributes"] for v in a["values"]) == sorted(v["slug"] for v in row[13])
