"""Who sees what, single-object lookups and translations."""

from datetime import timedelta

from django.utils import timezone

from commerce.core.permissions import PermissionEnum
from commerce.product.models import ProductChannelListing, ProductTranslation
from tests.conftest import assert_no_permission, get_graphql_content

from .queries import PRODUCTS_QUERY

PRODUCT_QUERY = """
query Product($slug: String, $channel: String) {
  product(slug: $slug, channel: $channel) {
    name
    translation(languageCode: EN) { name language { code } }
    variants { sku translation(languageCode: EN) { name } }
    pricing { priceRange { start { gross { amount } } } }
  }
}
"""

CHANNEL_LISTINGS_QUERY = """
query Product($slug: String) { product(slug: $slug, channel: "online") { channelListings { isPublished channel { slug } } } }
"""


def _names(client, **variables):
    content = get_graphql_content(client.post_graphql(PRODUCTS_QUERY, {"channel": "online", "first": 20, **variables}))
    return [edge["node"]["name"] for edge in content["data"]["products"]["edges"]]


def test_unpublished_product_is_invisible_to_shoppers_visible_to_staff(api_client, user_api_client, staff_api_client, products_factory):
    hidden, shown = products_factory(2)
    ProductChannelListing.objects.filter(product=hidden).update(is_published=False)
    assert _names(api_client) == [shown.name]
    assert _names(user_api_client) == [shown.name]
    single = get_graphql_content(api_client.post_graphql(PRODUCT_QUERY, {"slug": hidden.slug, "channel": "online"}))
    assert single["data"]["product"] is None

    response = staff_api_client.post_graphql(
        PRODUCTS_QUERY, {"channel": "online", "first": 20}, permissions=[PermissionEnum.MANAGE_PRODUCTS]
    )
    names = [e["node"]["name"] for e in get_graphql_content(response)["data"]["products"]["edges"]]
    assert names == [hidden.name, shown.name]
    single = get_graphql_content(staff_api_client.post_graphql(PRODUCT_QUERY, {"slug": hidden.slug, "channel": "online"}))
    assert single["data"]["product"]["name"] == hidden.name


def test_future_publication_and_hidden_from_listings(api_client, products_factory):
    future, unlisted, shown = products_factory(3)
    ProductChannelListing.objects.filter(product=future).update(published_at=timezone.now() + timedelta(days=1))
    ProductChannelListing.objects.filter(product=unlisted).update(visible_in_listings=False)
    assert _names(api_client) == [shown.name]
    # Not in lists, but reachable by its address (Saleor's visible_in_listings).
    single = get_graphql_content(api_client.post_graphql(PRODUCT_QUERY, {"slug": unlisted.slug, "channel": "online"}))
    assert single["data"]["product"]["name"] == unlisted.name


def test_product_without_listing_in_channel_is_invisible(api_client, products_factory, channel_wholesale):
    products_factory(1)
    content = get_graphql_content(api_client.post_graphql(PRODUCTS_QUERY, {"channel": "wholesale", "first": 5}))
    assert content["data"]["products"]["edges"] == []


def test_staff_without_channel_sees_all_without_pricing(staff_api_client, products_factory):
    # Leaving the channel out is for those who may see every channel's products (Saleor);
    # staff without the permission get the default channel (tests/security/test_auth_permissions.py).
    product = products_factory(1)[0]
    content = get_graphql_content(
        staff_api_client.post_graphql(PRODUCT_QUERY, {"slug": product.slug}, permissions=[PermissionEnum.MANAGE_PRODUCTS])
    )
    assert content["data"]["product"]["name"] == product.name
    assert content["data"]["product"]["pricing"] is None


def test_channel_listings_need_manage_products(api_client, staff_api_client, products_factory):
    product = products_factory(1)[0]
    assert_no_permission(api_client.post_graphql(CHANNEL_LISTINGS_QUERY, {"slug": product.slug}))
    response = staff_api_client.post_graphql(CHANNEL_LISTINGS_QUERY, {"slug": product.slug}, permissions=[PermissionEnum.MANAGE_PRODUCTS])
    assert get_graphql_content(response)["data"]["product"]["channelListings"] == [{"isPublished": True, "channel": {"slug": "online"}}]


def test_translation_returns_english_name(api_client, product):
    ProductTranslation.objects.create(product=product, language_code="en", name="Tay Ninh chili salt")
    content = get_graphql_content(api_client.post_graphql(PRODUCT_QUERY, {"slug": product.slug, "channel": "online"}))
    data = content["data"]["product"]
    assert data["name"] == "Muối ớt Tây Ninh Phú Gia Bảo"
    assert data["translation"] == {"name": "Tay Ninh chili salt", "language": {"code": "EN"}}
    assert data["variants"][0]["translation"] is None
