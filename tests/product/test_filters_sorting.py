"""Saleor's product filters, `where` and every sort field in both directions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.product.models import Category, Collection, CollectionProduct, Product, ProductChannelListing
from commerce.warehouse.models import Stock
from tests.conftest import get_graphql_content
from tests.factories import create_product

from .queries import PRODUCTS_QUERY


def _gid(type_name, pk):
    from commerce.graphql.core.types import to_global_id

    return to_global_id(type_name, pk)


def _names(client, **variables):
    content = get_graphql_content(client.post_graphql(PRODUCTS_QUERY, {"channel": "online", "first": 50, **variables}))
    return [edge["node"]["name"] for edge in content["data"]["products"]["edges"]]


@pytest.fixture
def catalog(products_factory, product_type, channel_online, warehouse, stars_attribute, category):
    """Five products: prices 20k..24k, stars 3,4,5,3,4; #4 out of stock; #2 in a subcategory."""
    products = products_factory(5)
    child = Category.objects.create(name="Muối tôm", slug="muoi-tom", parent=category)
    other = Category.objects.create(name="Bánh", slug="banh")
    Product.objects.filter(pk=products[2].pk).update(category=child)
    Product.objects.filter(pk=products[3].pk).update(category=other)
    Stock.objects.filter(product_variant__product=products[4]).update(quantity=0)
    return {"products": products, "child": child, "other": other}


def test_filter_categories_includes_subcategories(api_client, catalog, category):
    names = _names(api_client, filter={"categories": [_gid("Category", category.pk)]})
    assert names == ["Bánh tráng phơi sương 0", "Bánh tráng phơi sương 1", "Bánh tráng phơi sương 2", "Bánh tráng phơi sương 4"]
    assert _names(api_client, filter={"categories": [_gid("Category", catalog["other"].pk)]}) == ["Bánh tráng phơi sương 3"]


def test_filter_collections(api_client, catalog, channel_online):
    collection = Collection.objects.create(name="Quà Tết", slug="qua-tet")
    CollectionProduct.objects.create(collection=collection, product=catalog["products"][1])
    assert _names(api_client, filter={"collections": [_gid("Collection", collection.pk)]}) == ["Bánh tráng phơi sương 1"]
    assert _names(api_client, where={"collection": {"eq": _gid("Collection", collection.pk)}}) == ["Bánh tráng phơi sương 1"]


def test_filter_attribute_stars(api_client, catalog):
    assert _names(api_client, filter={"attributes": [{"slug": "ocop-stars", "values": ["5"]}]}) == ["Bánh tráng phơi sương 2"]
    four_up = _names(api_client, filter={"attributes": [{"slug": "ocop-stars", "valuesRange": {"gte": 4}}]})
    assert four_up == ["Bánh tráng phơi sương 1", "Bánh tráng phơi sương 2", "Bánh tráng phơi sương 4"]
    assert _names(api_client, where={"attributes": [{"slug": "ocop-stars", "values": ["3"]}]}) == [
        "Bánh tráng phơi sương 0",
        "Bánh tráng phơi sương 3",
    ]


def test_filter_price_range(api_client, catalog):
    assert _names(api_client, filter={"price": {"gte": 21000, "lte": 22000}}) == ["Bánh tráng phơi sương 1", "Bánh tráng phơi sương 2"]
    assert _names(api_client, filter={"minimalPrice": {"lte": 20500}}) == ["Bánh tráng phơi sương 0"]
    assert _names(api_client, where={"price": {"range": {"gte": 23000}}}) == ["Bánh tráng phơi sương 3", "Bánh tráng phơi sương 4"]
    assert _names(api_client, where={"minimalPrice": {"eq": 24000}}) == ["Bánh tráng phơi sương 4"]


def test_filter_stock_and_availability(api_client, catalog):
    assert "Bánh tráng phơi sương 4" not in _names(api_client, filter={"stockAvailability": "IN_STOCK"})
    assert _names(api_client, filter={"stockAvailability": "OUT_OF_STOCK"}) == ["Bánh tráng phơi sương 4"]
    ProductChannelListing.objects.filter(product=catalog["products"][0]).update(
        available_for_purchase_at=timezone.now() + timedelta(days=3)
    )
    assert _names(api_client, filter={"isAvailable": False}) == ["Bánh tráng phơi sương 0"]
    assert len(_names(api_client, filter={"isAvailable": True})) == 4


def test_filter_ids_slugs_and_where_or(api_client, catalog):
    products = catalog["products"]
    assert _names(api_client, filter={"ids": [_gid("Product", products[1].pk), _gid("Product", products[3].pk)]}) == [
        "Bánh tráng phơi sương 1",
        "Bánh tráng phơi sương 3",
    ]
    assert _names(api_client, filter={"slugs": [products[2].slug]}) == ["Bánh tráng phơi sương 2"]
    where = {"OR": [{"slug": {"eq": products[0].slug}}, {"name": {"oneOf": ["Bánh tráng phơi sương 4"]}}]}
    assert _names(api_client, where=where) == ["Bánh tráng phơi sương 0", "Bánh tráng phơi sương 4"]
    assert _names(api_client, filter={"hasCategory": False}) == []


def test_filter_and_where_together_is_refused(api_client, catalog):
    response = api_client.post_graphql(
        PRODUCTS_QUERY, {"channel": "online", "first": 5, "filter": {"hasCategory": True}, "where": {"hasCategory": True}}
    )
    content = get_graphql_content(response, ignore_errors=True)
    assert content["errors"][0]["message"] == "Only one filtering argument (filter or where) can be specified."


@pytest.fixture
def sortable(product_type, channel_online, warehouse, category):
    """Three products whose order differs per field."""
    now = timezone.now()
    specs = [
        # name, price, rating, created offset (days), published offset (days)
        ("Cà phê", Decimal("30000"), 4.0, -3, -1),
        ("Ánh dương", Decimal("10000"), 5.0, -1, -3),
        ("Bánh tráng", Decimal("20000"), None, -2, -2),
    ]
    products = []
    for name, price, rating, created, published in specs:
        product = create_product(
            name=name, product_type=product_type, channel=channel_online, category=category, warehouse=warehouse, price=price
        )
        Product.objects.filter(pk=product.pk).update(rating=rating, created_at=now + timedelta(days=created))
        ProductChannelListing.objects.filter(product=product).update(published_at=now + timedelta(days=published))
        products.append(product)
    # updated_at follows save order; touch them so LAST_MODIFIED_AT = Bánh tráng, Cà phê, Ánh dương.
    for index in (2, 0, 1):
        Product.objects.get(pk=products[index].pk).save()
    return products


@pytest.mark.parametrize(
    "field, ascending",
    [
        ("NAME", ["Ánh dương", "Bánh tráng", "Cà phê"]),
        ("PRICE", ["Ánh dương", "Bánh tráng", "Cà phê"]),
        ("MINIMAL_PRICE", ["Ánh dương", "Bánh tráng", "Cà phê"]),
        ("CREATED_AT", ["Cà phê", "Bánh tráng", "Ánh dương"]),
        ("LAST_MODIFIED_AT", ["Bánh tráng", "Cà phê", "Ánh dương"]),
        ("PUBLISHED_AT", ["Ánh dương", "Bánh tráng", "Cà phê"]),
        ("RATING", ["Bánh tráng", "Cà phê", "Ánh dương"]),
    ],
)
def test_sort_each_field_both_directions(api_client, sortable, field, ascending):
    assert _names(api_client, sortBy={"field": field, "direction": "ASC"}) == ascending
    assert _names(api_client, sortBy={"field": field, "direction": "DESC"}) == list(reversed(ascending))
    # Paging through a sorted list keeps the order.
    first = get_graphql_content(
        api_client.post_graphql(PRODUCTS_QUERY, {"channel": "online", "first": 2, "sortBy": {"field": field, "direction": "DESC"}})
    )
    cursor = first["data"]["products"]["pageInfo"]["endCursor"]
    rest = _names(api_client, first=2, after=cursor, sortBy={"field": field, "direction": "DESC"})
    assert rest == [list(reversed(ascending))[2]]


def test_rank_without_search_is_refused(api_client, sortable):
    response = api_client.post_graphql(PRODUCTS_QUERY, {"channel": "online", "first": 5, "sortBy": {"field": "RANK", "direction": "DESC"}})
    content = get_graphql_content(response, ignore_errors=True)
    assert content["errors"][0]["message"] == "Sorting by RANK is available only when using a search filter."
