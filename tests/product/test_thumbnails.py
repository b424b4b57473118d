"""Thumbnails: made once on first request, stored, linked directly afterwards."""

from django.test import Client

from commerce.graphql.core.types import to_global_id
from commerce.product.models import Thumbnail
from tests.conftest import get_graphql_content

QUERY = """
query P($slug: String!, $size: Int, $format: ThumbnailFormatEnum) {
  product(slug: $slug, channel: "online") {
    thumbnail(size: $size, format: $format) { url alt }
    media { url(size: $size, format: $format) }
  }
}
"""


def _thumbnail(client, product, **variables):
    content = get_graphql_content(client.post_graphql(QUERY, {"slug": product.slug, **variables}))
    return content["data"]["product"]


def test_without_size_the_original_is_linked(api_client, product):
    data = _thumbnail(api_client, product)
    assert data["thumbnail"]["url"].startswith("http://testserver/media/products/")
    assert data["thumbnail"]["alt"] == product.name


def test_thumbnail_made_once_then_linked(api_client, product):
    media = product.media.get()
    data = _thumbnail(api_client, product, size=100, format="WEBP")
    expected = f"http://testserver/thumbnail/{to_global_id('ProductMedia', media.pk)}/128/webp/"
    assert data["thumbnail"]["url"] == expected == data["media"][0]["url"]

    response = Client().get(expected.replace("http://testserver", ""))
    assert response.status_code == 302
    assert "max-age" in response["Cache-Control"]
    thumbnail = Thumbnail.objects.get(product_media=media)
    assert (thumbnail.size, thumbnail.format) == (128, "webp")
    assert thumbnail.image.name.endswith(".webp")
    from PIL import Image

    with Image.open(thumbnail.image.path) as image:
        assert image.format == "WEBP" and max(image.size) <= 128

    # Second request: no new thumbnail; GraphQL now links the stored file.
    assert Client().get(expected.replace("http://testserver", "")).status_code == 302
    assert Thumbnail.objects.count() == 1
    data = _thumbnail(api_client, product, size=100, format="WEBP")
    assert data["thumbnail"]["url"] == "http://testserver" + thumbnail.image.url


def test_original_format_and_bad_requests(product):
    media = product.media.get()
    gid = to_global_id("ProductMedia", media.pk)
    assert Client().get(f"/thumbnail/{gid}/40/").status_code == 302
    assert Thumbnail.objects.get(product_media=media).size == 64
    assert Client().get(f"/thumbnail/{gid}/40/gif/").status_code == 400
    assert Client().get("/thumbnail/garbage/40/").status_code == 404
    assert Client().get(f"/thumbnail/{to_global_id('ProductMedia', 99999)}/40/").status_code == 404
