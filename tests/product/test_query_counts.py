"""The SQL count of a request depends on the query's shape, never on the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.product.models import Category, ProductVariant, ProductVariantChannelListing
from commerce.warehouse.models import Stock
from tests.conftest import get_graphql_content
from tests.factories import create_product

from .queries import PRODUCTS_FULL_QUERY

CATEGORIES_QUERY = """
query Categories($first: Int) {
  categories(first: $first) {
    totalCount
    edges { node { id name slug level parent { id name } backgroundImage(size: 64) { url }
      translation(languageCode: EN) { name } } }
  }
}
"""

PRODUCT_DETAIL_QUERY = """
query Product($slug: String!) {
  product(slug: $slug, channel: "online") {
    id name description seoTitle
    thumbnail(size: 512, format: WEBP) { url }
    media { id url(size: 1024) alt type }
    category { name }
    attributes { attribute { slug } values { name } }
    pricing { priceRange { start { gross { amount } } stop { gross { amount } } } }
    variants { id sku name quantityAvailable trackInventory
      pricing { price { gross { amount } } priceUndiscounted { gross { amount } } }
      attributes { attribute { slug } values { name } } media { url } }
    defaultVariant { sku }
    collections { name }
    isAvailable
  }
}
"""


def _count(client, query, variables):
    with CaptureQueriesContext(connection) as ctx:
        content = get_graphql_content(client.post_graphql(query, variables))
    return len(ctx.captured_queries), content


def test_products_query_count_does_not_grow_with_page_size(api_client, products_factory):
    products_factory(100)
    small, content_small = _count(api_client, PRODUCTS_FULL_QUERY, {"channel": "online", "first": 10})
    large, content_large = _count(api_client, PRODUCTS_FULL_QUERY, {"channel": "online", "first": 100})
    assert len(content_small["data"]["products"]["edges"]) == 10
    assert len(content_large["data"]["products"]["edges"]) == 100
    assert all(edge["node"]["variants"][0]["quantityAvailable"] == 10 for edge in content_large["data"]["products"]["edges"])
    assert small == large


def test_categories_query_count_does_not_grow_with_page_size(api_client, db):
    root = Category.objects.create(name="Gốc", slug="goc")
    for i in range(100):
        Category.objects.create(name=f"Danh mục {i}", slug=f"danh-muc-{i}", parent=root)
    small, content = _count(api_client, CATEGORIES_QUERY, {"first": 10})
    large, content_large = _count(api_client, CATEGORIES_QUERY, {"first": 100})
    assert len(content_large["data"]["categories"]["edges"]) == 100
    assert content_large["data"]["categories"]["edges"][1]["node"]["parent"]["name"] == "Gốc"
    assert small == large


@pytest.fixture
def product_with_variants(product_type, channel_online, category, warehouse, stars_attribute):
    def make(variant_count):
        product = create_product(
            name=f"Bánh tráng {variant_count}",
            product_type=product_type,
            channel=channel_online,
            category=category,
            warehouse=warehouse,
            stars_attribute=stars_attribute,
            stars=4,
            with_image=True,
        )
        for i in range(1, variant_count):
            variant = ProductVariant.objects.create(product=product, sku=f"{product.slug}-{i}", name=f"Gói {i}", sort_order=i)
            ProductVariantChannelListing.objects.create(variant=variant, channel=channel_online, currency="VND", price_amount=30000 + i)
            Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=i)
        return product

    return make


def test_product_detail_query_count_does_not_grow_with_variants(api_client, product_with_variants):
    one = product_with_variants(1)
    ten = product_with_variants(10)
    count_one, content_one = _count(api_client, PRODUCT_DETAIL_QUERY, {"slug": one.slug})
    count_ten, content_ten = _count(api_client, PRODUCT_DETAIL_QUERY, {"slug": ten.slug})
    assert len(content_one["data"]["product"]["variants"]) == 1
    assert len(content_ten["data"]["product"]["variants"]) == 10
    assert content_ten["data"]["product"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 30001.0
    assert count_one == count_ten
