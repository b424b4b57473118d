"""The HTML side, on the demo catalog: every POST form of the storefront, the dashboard and the
POS carries a CSRF token and is refused (403) without it; hostile text in product names and
addresses comes out escaped; no page has an inline script or event handler the CSP would block;
one customer cannot open another's order."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.storefront.conftest import _demo_in_transaction, demo_catalog, demo_media, shipping  # noqa: F401 (fixtures)

from .conftest import make_order
from .forms import parse, path_of

HOST = "http://testserver"
HOSTILE_NAME = 'Muối ớt <script>alert(1)</script> "><img src=x onerror=alert(2)> \u202eabc\u200b'
HOSTILE_STREET = '"><svg onload=alert(3)> 12 Đường <b>30/4</b> \u202e\u2066'
RAW_PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<svg onload=alert(3)>", "<b>30/4</b>"]


@pytest.fixture
def _media_in_tmp(demo_media):
    yield demo_media


@pytest.fixture
def customer_user(demo_catalog):
    from commerce.account.models import User

    return User.objects.create_user("sec-lan@example.com", "Customer-pass-123", first_name="Lan")


@pytest.fixture
def other_customer(demo_catalog):
    from commerce.account.models import User

    return User.objects.create_user("sec-minh@example.com", "Minh-pass-456", first_name="Minh")


def _get(client, url):
    response = client.get(path_of(url), follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _storefront_pages(client) -> list[str]:
    """Browse like a shopper: home, listings, a product, search; put it in the cart; go through
    the checkout steps as far as pages render. Returns the URLs seen."""
    from commerce.product.models import Product

    product = Product.objects.filter(channel_listings__channel__slug="online", channel_listings__is_published=True).order_by("pk").first()
    urls = ["/", "/products/", f"/products/{product.slug}/", "/search/?q=muoi", "/producers/", "/account/sign-in/", "/account/register/"]
    try:
        urls.append(reverse("storefront:password-reset"))
    except NoReverseMatch:
        pass
    page = parse(HOST + urls[2], _get(client, urls[2]))
    buy = next(f for f in page.forms if f.action.endswith(reverse("storefront:cart-add")))
    response = client.post(path_of(buy.action), {k: v for k, v in buy.fields.items() if v is not None})
    assert response.status_code in (200, 302), response.status_code
    urls += ["/cart/", "/checkout/"]
    return urls


@pytest.mark.django_db
def test_every_post_form_has_a_csrf_token_and_needs_it(demo_catalog, shipping):
    shopper = Client()
    seen_forms = []
    urls = _storefront_pages(shopper)
    staff = Client()
    from commerce.account.models import User

    root = User.objects.create_superuser("root-csrf@example.com", "Root-pass-789")
    staff.force_login(root)
    dashboard = ["/dashboard/", "/dashboard/kpi/"]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        dashboard.append(reverse("admin:%s_%s_changelist" % info))
        if model_admin.has_add_permission(type("R", (), {"user": root})()):
            dashboard.append(reverse("admin:%s_%s_add" % info))
    pages = [(shopper, u) for u in urls] + [(staff, u) for u in dashboard] + [(Client(), "/dashboard/login/"), (Client(), "/pos/")]
    for client, url in pages:
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue
        for form in parse(HOST + response.request["PATH_INFO"], response.content.decode()).forms:
            if form.method != "post" or not form.action.startswith(HOST):
                continue
            assert form.fields.get("csrfmiddlewaretoken"), f"{url}: form to {form.action} has no CSRF token"
            seen_forms.append((client, form))
    actions = {path_of(f.action).split("?")[0] for _, f in seen_forms}
    assert len(seen_forms) >= 20 and "/cart/add/" in actions and "/dashboard/login/" in actions, actions
    # Without the token the same POST, from the same signed-in browser, is refused.
    checked = set()
    for client, form in seen_forms:
        key = path_of(form.action)
        if key in checked:
            continue
        checked.add(key)
        strict = Client(enforce_csrf_checks=True)
        strict.cookies = client.cookies
        data = {k: v for k, v in form.fields.items() if k != "csrfmiddlewaretoken" and v is not None}
        response = strict.post(key, data)
        assert response.status_code == 403, (key, response.status_code)


def _assert_escaped(html: str, where: str):
    # JSON-LD is data inside <script type="application/ld+json">, never parsed as HTML; it is
    # checked on its own below (it must not close its element early).
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    for payload in RAW_PAYLOADS:
        assert payload not in html, f"{payload!r} unescaped in {where}"
    # No attribute or element the payloads would have created.
    assert not re.search(r"<(img|svg)[^>]*\bon(error|load)=", html), where


@pytest.mark.django_db
def test_hostile_product_name_and_address_are_rendered_harmlessly(demo_catalog, customer_user):
    from django.core.cache import cache

    from commerce.channel.models import Channel
    from commerce.product.models import Product

    product = Product.objects.filter(channel_listings__channel__slug="online", channel_listings__is_published=True).order_by("pk").first()
    product.name = HOSTILE_NAME
    product.save()
    cache.clear()
    shopper = Client()
    for url in ("/", "/products/", f"/products/{product.slug}/", "/search/?q=muoi", "/search/?q=%3Cscript%3Ealert(1)%3C/script%3E"):
        html = _get(shopper, url)
        _assert_escaped(html, url)
    product_html = _get(shopper, f"/products/{product.slug}/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in product_html
    assert "\u202eabc" in product_html  # kept as text: it is the merchant's name, shown inside its element
    # JSON-LD carries the name too: it must not close its <script> element.
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', product_html, re.S)
    assert json_ld and "</" not in json_ld.group(1)
    assert json.loads(json_ld.group(1))["name"] == HOSTILE_NAME

    order = make_order(Channel.objects.get(slug="online"), user=customer_user, street=HOSTILE_STREET, first_name=HOSTILE_NAME)
    staff = Client()
    from commerce.account.models import User

    staff.force_login(User.objects.create_superuser("root-xss@example.com", "Root-pass-789"))
    for url in (
        reverse("admin:product_product_changelist") + "?q=Mu",
        reverse("admin:product_product_change", args=[product.pk]),
        reverse("admin:order_order_changelist"),
        reverse("admin:order_order_change", args=[order.pk]),
        reverse("admin:account_address_changelist"),
    ):
        html = _get(staff, url)
        _assert_escaped(html, url)


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_event_handler(demo_catalog, shipping):
    """What the Content-Security-Policy (script-src 'self') would block must not be there."""
    shopper = Client()
    for url in _storefront_pages(shopper) + ["/dashboard/login/", "/pos/"]:
        response = shopper.get(url, follow=True)
        assert response.status_code == 200, url
        page = parse(HOST + url, response.content.decode())
        assert page.inline_scripts == [] and page.event_handlers == [], (url, page.inline_scripts, page.event_handlers)
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, policy
        assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_a_customer_cannot_open_another_customers_order(demo_catalog, customer_user, other_customer):
    """Storefront: the order page of someone else's order is a 404, as is a confirmation page the
    session did not place. (The GraphQL side: test_order_access.py.)"""
    from commerce.channel.models import Channel
    from commerce.graphql.core.types import to_global_id

    order = make_order(Channel.objects.get(slug="online"), user=customer_user)
    order_id = to_global_id("Order", order.pk)
    owner, intruder = Client(), Client()
    for client, user, password in ((owner, customer_user, "Customer-pass-123"), (intruder, other_customer, "Minh-pass-456")):
        response = client.post("/account/sign-in/", {"email": user.email, "password": password})
        assert response.status_code == 302, response.content[:300]
    assert owner.get(f"/account/orders/{order_id}/").status_code == 200
    assert intruder.get(f"/account/orders/{order_id}/").status_code == 404
    assert intruder.get(f"/account/orders/{order.pk}/").status_code == 404
    assert intruder.get(f"/orders/{order_id}/confirmation/").status_code == 404
    assert Client().get(f"/orders/{order_id}/confirmation/").status_code == 404
