"""productVariants, categories and collections lists."""

from commerce.product.models import Category, Collection, CollectionChannelListing, CollectionProduct
from tests.conftest import get_graphql_content

VARIANTS = """
query V($filter: ProductVariantFilterInput) {
  productVariants(channel: "online", first: 10, filter: $filter) { edges { node { sku product { name } pricing { price { gross { amount } } } } } }
  productVariant(sku: "SKU-X1", channel: "online") { sku quantityAvailable }
}
"""

CATEGORIES = """
query C($filter: CategoryFilterInput, $level: Int) {
  categories(first: 10, filter: $filter, level: $level) { edges { node { name level children(first: 5) { edges { node { name } } } } } }
}
"""

COLLECTIONS = """
{ collections(channel: "online", first: 10) { edges { node { name channel products(first: 5) { edges { node { name } } } } } } }
"""


def test_product_variants_by_sku(api_client, products_factory):
    products_factory(2)
    from commerce.product.models import ProductVariant

    ProductVariant.objects.filter(pk=ProductVariant.objects.order_by("pk").first().pk).update(sku="SKU-X1")
    content = get_graphql_content(api_client.post_graphql(VARIANTS, {"filter": {"sku": ["SKU-X1"]}}))
    edges = content["data"]["productVariants"]["edges"]
    assert [e["node"]["sku"] for e in edges] == ["SKU-X1"]
    assert edges[0]["node"]["pricing"]["price"]["gross"]["amount"] == 20000.0
    assert content["data"]["productVariant"] == {"sku": "SKU-X1", "quantityAvailable": 10}


def test_categories_search_without_accents_and_level(api_client, category):
    Category.objects.create(name="Muối tôm", slug="muoi-tom", parent=category)
    Category.objects.create(name="Bánh", slug="banh")
    content = get_graphql_content(api_client.post_graphql(CATEGORIES, {"filter": {"search": "muoi"}}))
    assert sorted(e["node"]["name"] for e in content["data"]["categories"]["edges"]) == ["Muối & gia vị", "Muối tôm"]
    content = get_graphql_content(api_client.post_graphql(CATEGORIES, {"level": 0}))
    roots = {e["node"]["name"]: e["node"] for e in content["data"]["categories"]["edges"]}
    assert set(roots) == {"Muối & gia vị", "Bánh"}
    assert [c["node"]["name"] for c in roots["Muối & gia vị"]["children"]["edges"]] == ["Muối tôm"]


def test_collections_visible_only_when_published(api_client, products_factory, channel_online):
    first, _ = products_factory(2)
    shown = Collection.objects.create(name="Quà Tết", slug="qua-tet")
    hidden = Collection.objects.create(name="Sắp ra mắt", slug="sap-ra-mat")
    CollectionChannelListing.objects.create(collection=shown, channel=channel_online, is_published=True)
    CollectionChannelListing.objects.create(collection=hidden, channel=channel_online, is_published=False)
    CollectionProduct.objects.create(collection=shown, product=first)
    content = get_graphql_content(api_client.post_graphql(COLLECTIONS))
    nodes = [e["node"] for e in content["data"]["collections"]["edges"]]
    assert nodes == [{"name": "Quà Tết", "channel": "online", "products": {"edges": [{"node": {"name": first.name}}]}}]
