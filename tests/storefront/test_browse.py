"""Browse pages over the demo catalog, through Django's test client (no browser)."""

from __future__ import annotations

import json
import re

import pytest

from commerce.page.models import Page
from commerce.product.models import Product

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'class="card-name">([^<]+)<', html)


def test_home_lists_five_and_four_star_products_groups_and_producers(client, demo_catalog):
    html = client.get("/").content.decode()
    assert "OCOP 5 sao" in html and "OCOP 4 sao" in html
    assert "/products/?group=thuc-pham" in html
    assert "/producers/" in html
    assert 'class="skip-link" href="#main"' in html


def test_search_without_diacritics_finds_the_product(client, demo_catalog):
    html = client.get("/search/", {"q": "muoi ot"}).content.decode()
    assert "Muối ớt Tây Ninh Phú Gia Bảo" in _names(html)


def test_four_stars_and_up_filter(client, demo_catalog):
    html = client.get("/products/", {"stars": "4"}).content.decode()
    names = _names(html)
    assert names
    stars = dict(
        Product.objects.filter(name__in=names, attributevalues__value__attribute__slug="ocop-stars").values_list(
            "name", "attributevalues__value__slug"
        )
    )
    assert all(int(stars[n]) >= 4 for n in names)

    def total(html: str) -> int:
        return int(re.search(r'class="results-count">(\d+) sản phẩm<', html).group(1))

    assert total(client.get("/products/").content.decode()) > total(html) > 0


def test_sorting_by_price_and_stars(client, demo_catalog):
    html = client.get("/products/", {"sort": "price"}).content.decode()
    prices = [int(p.replace(".", "")) for p in re.findall(r'class="price">([\d.]+)\xa0₫<', html)]
    assert prices == sorted(prices) and len(prices) > 3
    html = client.get("/products/", {"sort": "stars"}).content.decode()
    stars = [len(s) for s in re.findall(r'aria-label="\d sao OCOP">(★+)<', html)]
    assert stars == sorted(stars, reverse=True)


def test_cursor_pagination_has_real_links(client, demo_catalog, settings):
    first = client.get("/products/").content.decode()
    match = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert match, "24 per page and more products than that in the demo"
    second = client.get(match.group(1).replace("&amp;", "&")).content.decode()
    assert set(_names(first)).isdisjoint(_names(second))
    assert 'rel="prev"' in second


def test_bad_input_is_a_message_not_an_error(client, demo_catalog):
    response = client.get("/products/", {"price_min": "abc", "stars": "9", "sort": "zzz", "after": "garbage"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giá thấp nhất không hợp lệ." in html and "Số sao phải từ 1 đến 5." in html


def test_producer_page_lists_its_products_and_story(client, demo_catalog):
    page = Page.objects.get(slug__contains="phu-gia-bao")
    html = client.get(f"/producers/{page.slug}/").content.decode()
    assert page.title in html and "Câu chuyện" in html
    names = _names(html)
    assert names and all("Phú Gia Bảo" in n for n in names)


def test_ward_facet_uses_producer_pages(client, demo_catalog):
    html = client.get("/products/", {"ward": "xa-go-dau"}).content.decode()
    names = _names(html)
    assert names and any("Phú Gia Bảo" in n for n in names) and any("Long Hà" in n for n in names)


def test_product_page_has_gallery_badge_traceability_qr_and_json_ld(client, demo_catalog):
    product = Product.objects.get(name__startswith="Muối ớt Tây Ninh Phú Gia Bảo")
    html = client.get(f"/products/{product.slug}/").content.decode()
    assert 'srcset="' in html and " 512w" in html and 'loading="lazy"' in html or 'fetchpriority="high"' in html
    assert "Truy xuất nguồn gốc" in html and "Lịch sử chứng nhận OCOP" in html
    assert f"/products/{product.slug}/qr.svg" in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.+?)</script>', html, re.S).group(1))
    assert ld["@type"] == "Product" and ld["offers"][0]["priceCurrency"] == "VND"
    svg = client.get(f"/products/{product.slug}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_predictive_search_json(client, demo_catalog):
    data = client.get("/search/suggest/", {"q": "banh trang"}).json()
    assert data["items"] and all(item["url"].startswith("/products/") for item in data["items"])
    assert client.get("/search/suggest/", {"q": "x"}).json()["items"] == []


def test_english_prices_and_names(client, demo_catalog):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/search/", {"q": "muoi ot"}).content.decode()
    assert '<html lang="en">' in html
    assert re.search(r"₫[\d,]+", html)


def test_wholesale_channel_uses_its_theme(client, demo_catalog):
    """An approved gift shop browses the wholesale channel in its theme; anyone else is sent to
    the wholesale account page instead (tests/security/test_quickstart_hardening.py)."""
    from commerce.business.models import BusinessAccountStatus
    from tests.business.conftest import make_shop

    shop = make_shop("hoa@quanuiba.vn", BusinessAccountStatus.APPROVED)
    assert client.post("/account/sign-in/", {"email": shop.email, "password": "Gift-shop-pass-1"}).status_code == 302
    client.post("/channel/", {"channel": "wholesale", "next": "/products/"})
    html = client.get("/products/").content.decode()
    assert 'class="sku-table"' in html and "wholesale/wholesale.css" in html and "storefront/site.css" in html


def test_themed_404(client, demo_catalog):
    response = client.get("/products/khong-co-san-pham-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_cart_bad_input_is_a_message(client, demo_catalog):
    response = client.post("/cart/add/", {"variant": "not-an-id", "quantity": "1"}, follow=True)
    assert response.status_code == 200 and "Yêu cầu không hợp lệ." in response.content.decode()
    response = client.post("/cart/add/", {"variant": "x", "quantity": "abc"}, follow=True)
    assert "Vui lòng chọn quy cách và số lượng hợp lệ." in response.content.decode()
    # A checkout that no longer exists is simply forgotten.
    session = client.session
    session["storefront.checkouts"] = {"online": "Q2hlY2tvdXQ6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw"}
    session.save()
    assert client.get("/checkout/contact/")["Location"] == "/cart/"
    assert "Giỏ hàng của bạn đang trống." in client.get("/cart/").content.decode()


def test_every_form_carries_a_csrf_token(client, demo_catalog):
    from django.test import Client

    product = Product.objects.filter(name__startswith="Muối ớt Tây Ninh").first()
    html = client.get(f"/products/{product.slug}/").content.decode()
    for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S):
        assert "csrfmiddlewaretoken" in form
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/cart/add/", {"variant": "x", "quantity": "1"}).status_code == 403
