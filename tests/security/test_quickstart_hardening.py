"""What an outside probe of a fresh `make run` found, and what holds now:

- rate limits are counted in one store for every process the quick start runs (two gunicorn
  workers, the Celery worker), not in each process's memory;
- the wholesale channel's prices reach only approved business accounts, staff and apps — not
  anonymous visitors, plain customers or gift shops still waiting for approval — through the
  API and through the storefront.

(That a fresh quick start can sell — delivery to all 34 provinces — is tested with the demo
data in tests/demo/test_load_demo.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.test import Client

from tests.conftest import ApiClient, get_graphql_content

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# --- Rate limits in the quick start ---------------------------------------------------------


def _outside_environment(**extra) -> dict:
    """The shell a newcomer types `make run` in: none of our settings (so the documented limits,
    not the suite's switched-off ones); the suite's own broker folder is kept."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k == "OCOP_BROKER_DIR"
        or not k.startswith(("OCOP_", "DEBUG", "SECRET_KEY", "REDIS_URL", "CACHE_URL", "DJANGO_SETTINGS", "RATE_LIMIT_"))
    }
    env.update(extra)
    return env


def _test_database_url() -> str:
    """The test database, as a URL a fresh process can connect to (it sees the migrated tables,
    e.g. ocop_cache, though not this test's uncommitted rows)."""
    from django.db import connection

    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s.get("PASSWORD") else "")
    host = s["HOST"] or "127.0.0.1"
    if host.startswith("/"):  # a socket directory (the embedded server)
        return f"postgres://{credentials}@/{s['NAME']}?host={quote(host, safe='')}" + (f"&port={s['PORT']}" if s.get("PORT") else "")
    return f"postgres://{credentials}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


SETTINGS_PROBE = """
import django, json
django.setup()
from django.conf import settings
print(json.dumps({"CACHE": settings.CACHES["default"]["BACKEND"], "LOCATION": settings.CACHES["default"].get("LOCATION"),
                  "OPTIONS": settings.CACHES["default"].get("OPTIONS", {})}))
"""

# One gunicorn worker answering sign-in attempts from one address (the storefront's form, wrong
# password each time), printing the status codes.
SIGN_IN_ATTEMPTS = """
import django, sys
django.setup()
from django.test import Client
shopper = Client(REMOTE_ADDR=sys.argv[1], HTTP_HOST="127.0.0.1")
statuses = [shopper.post("/account/sign-in/", {"email": "probe@example.com", "password": "wrong-pass"}).status_code
            for _ in range(int(sys.argv[2]))]
print(",".join(map(str, statuses)))
"""


def _run(script: str, env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", script, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


def test_ocop_run_counts_limits_in_the_database_cache():
    from config.cli import run_environment

    env = run_environment(_outside_environment(DATABASE_URL="postgres://nobody@127.0.0.1:1/none"))
    assert env["OCOP_DEV"] == "1" and env["CACHE_URL"] == "db"
    probe = json.loads(_run(SETTINGS_PROBE, env))
    assert probe["CACHE"] == "commerce.core.cache.AtomicDatabaseCache" and probe["LOCATION"] == "ocop_cache"
    # Many sign-in e-mails or search pages must not cull the counters out of the table.
    assert probe["OPTIONS"]["MAX_ENTRIES"] >= 100_000
    # An operator's own store wins; the test runner keeps its per-process memory (an empty cache per test).
    redis = run_environment(_outside_environment(REDIS_URL="redis://127.0.0.1:6379/3"))
    assert "CACHE_URL" not in redis
    assert run_environment(_outside_environment(CACHE_URL="redis://cache:6379/1"))["CACHE_URL"] == "redis://cache:6379/1"
    assert json.loads(
        _run(
            SETTINGS_PROBE,
            _outside_environment(OCOP_DEV="1", DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL="postgres://nobody@127.0.0.1:1/none"),
        )
    )["CACHE"].endswith("LocMemCache")


@pytest.mark.django_db
def test_the_21st_sign_in_attempt_across_two_processes_is_refused():
    """The documented limit (20 per 300 s per address) holds however gunicorn spreads the
    attempts over its workers: 10 in one process, then the 11th in another is the 21st."""
    from config.cli import run_environment

    env = run_environment(_outside_environment(DATABASE_URL=_test_database_url()))
    # The documented 20 attempts, in a day-long window: two process starts and 21 password
    # hashes on a loaded machine could otherwise straddle a 300 s window's edge and start over.
    env["RATE_LIMIT_SIGN_IN"] = "20/86400"
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"
    first = _run(SIGN_IN_ATTEMPTS, env, address, "10")
    second = _run(SIGN_IN_ATTEMPTS, env, address, "11")
    assert first.split(",") == ["400"] * 10
    assert second.split(",") == ["400"] * 10 + ["429"]


# --- Wholesale prices -----------------------------------------------------------------------

RETAIL, TRADE = Decimal(127000), Decimal(98700)  # amounts no other listing here has
PRICES = """
query($channel: String, $slug: String!, $category: String!, $sku: String!) {
  products(first: 10, channel: $channel) { totalCount edges { node { name
    pricing { priceRange { start { gross { amount currency } } } }
    variants { sku pricing { price { gross { amount } } } } } } }
  product(slug: $slug, channel: $channel) { name pricing { priceRangeUndiscounted { start { gross { amount } } } } }
  productVariant(sku: $sku, channel: $channel) { sku pricing { price { gross { amount } } } }
  productVariants(first: 10, channel: $channel) { edges { node { sku pricing { price { gross { amount } } } } } }
  category(slug: $category) { products(first: 10, channel: $channel) { edges { node { pricing { priceRange { start { gross { amount } } } } } } } }
}"""


@pytest.fixture
def priced(db, channel_online, channel_wholesale, product_type, category, warehouse):
    from commerce.product.models import ProductChannelListing, ProductVariantChannelListing
    from commerce.warehouse.models import ChannelWarehouse
    from tests.factories import create_product

    category.slug = "muoi-tay-ninh"
    category.save(update_fields=["slug"])
    product = create_product(
        name="Muối tôm Tây Ninh",
        product_type=product_type,
        channel=channel_online,
        category=category,
        price=RETAIL,
        warehouse=warehouse,
        quantity=100,
        sku="MT-500",
    )
    listing = ProductChannelListing.objects.get(product=product, channel=channel_online)
    ProductChannelListing.objects.create(
        product=product,
        channel=channel_wholesale,
        currency="VND",
        is_published=True,
        visible_in_listings=True,
        published_at=listing.published_at,
        available_for_purchase_at=listing.available_for_purchase_at,
        discounted_price_amount=TRADE,
    )
    ProductVariantChannelListing.objects.create(
        variant=product.default_variant, channel=channel_wholesale, currency="VND", price_amount=TRADE, discounted_price_amount=TRADE
    )
    ChannelWarehouse.objects.create(channel=channel_wholesale, warehouse=warehouse, sort_order=0)
    return product


_branches = iter(range(1, 1000))


def _shop(email: str, status: str | None):
    """A customer, or a gift shop in that state of approval (each its own branch tax code)."""
    from tests.business.conftest import make_shop

    return make_shop(email, status, tax_code=f"0300588569-{next(_branches):03d}")


def _answer(client, product, channel: str = "wholesale") -> dict:
    variables = {"channel": channel, "slug": product.slug, "category": "muoi-tay-ninh", "sku": "MT-500"}
    return get_graphql_content(client.post_graphql(PRICES, variables))["data"]


def _amounts(data) -> set:
    found = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "amount":
                    found.add(Decimal(str(item)))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


@pytest.mark.parametrize("caller", ["anonymous", "customer", "applied", "declined"])
def test_wholesale_prices_are_not_given_to_the_public(priced, caller):
    """As Saleor treats an inactive channel for shoppers: the wholesale channel has nothing on
    sale for them — empty lists, null product and variant, no error and no price."""
    from commerce.business.models import BusinessAccountStatus

    users = {
        "anonymous": None,
        "customer": lambda: _shop("lan@example.com", None),
        "applied": lambda: _shop("cho@example.com", BusinessAccountStatus.APPLIED),
        "declined": lambda: _shop("tuchoi@example.com", BusinessAccountStatus.DECLINED),
    }
    user = users[caller]() if users[caller] else None
    data = _answer(ApiClient(user=user), priced)
    assert TRADE not in _amounts(data)
    assert data["products"] == {"totalCount": 0, "edges": []}
    assert data["product"] is None and data["productVariant"] is None and data["productVariants"]["edges"] == []
    assert data["category"]["products"]["edges"] == []
    # The retail channel is untouched.
    retail = _answer(ApiClient(user=user), priced, "online")
    assert retail["productVariant"]["pricing"]["price"]["gross"]["amount"] == RETAIL


@pytest.mark.parametrize("caller", ["approved", "staff", "app"])
def test_wholesale_prices_for_approved_shops_staff_and_apps(priced, caller, staff_user, app_api_client):
    from commerce.business.models import BusinessAccountStatus

    client = {
        "approved": lambda: ApiClient(user=_shop("hoa@quanuiba.vn", BusinessAccountStatus.APPROVED)),
        "staff": lambda: ApiClient(user=staff_user),
        "app": lambda: app_api_client,
    }[caller]()
    data = _answer(client, priced)
    assert data["products"]["totalCount"] == 1
    assert data["products"]["edges"][0]["node"]["pricing"]["priceRange"]["start"]["gross"] == {"amount": float(TRADE), "currency": "VND"}
    assert data["productVariant"]["pricing"]["price"]["gross"]["amount"] == TRADE
    assert data["product"]["pricing"]["priceRangeUndiscounted"]["start"]["gross"]["amount"] == TRADE


PASSWORD = "Gift-shop-pass-1"


def _signed_in(user) -> Client:
    client = Client()
    response = client.post("/account/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _trade_price_shown(html: str) -> bool:
    return "98.700" in html or "98,700" in html


def test_storefront_wholesale_price_table_needs_an_approved_business_login(priced):
    from commerce.business.models import BusinessAccountStatus

    # Anonymous: asking for the wholesale channel leads to the business sign-in, and the
    # catalog pages show no trade price.
    visitor = Client()
    response = visitor.post("/channel/", {"channel": "wholesale", "next": "/products/"}, follow=True)
    assert response.redirect_chain[0][0] == "/wholesale/" and response.redirect_chain[-1][0].startswith("/account/sign-in/")
    for path in ("/products/", "/", f"/products/{priced.slug}/", "/search/?q=muoi"):
        page = visitor.get(path)
        assert page.status_code in (200, 404) and not _trade_price_shown(page.content.decode()), path

    # A plain customer and a shop awaiting approval: told why, still no trade price.
    for user in (_shop("lan@example.com", None), _shop("cho@example.com", BusinessAccountStatus.APPLIED)):
        client = _signed_in(user)
        response = client.post("/channel/", {"channel": "wholesale", "next": "/products/"})
        assert response.status_code == 302 and response["Location"] == "/wholesale/"
        assert not _trade_price_shown(client.get("/products/").content.decode())
        assert not _trade_price_shown(client.get(f"/products/{priced.slug}/").content.decode())

    # An approved gift shop: the wholesale theme's price table with the trade price.
    shop = _signed_in(_shop("hoa@quanuiba.vn", BusinessAccountStatus.APPROVED))
    assert shop.post("/channel/", {"channel": "wholesale", "next": "/products/"})["Location"] == "/products/"
    html = shop.get("/products/").content.decode()
    assert 'class="sku-table"' in html and "wholesale/wholesale.css" in html and _trade_price_shown(html)
    assert _trade_price_shown(shop.get(f"/products/{priced.slug}/").content.decode())
    assert _trade_price_shown(shop.get("/").content.decode())
    # Signed out, the same session sees no trade price (and the home page's cache does not leak it).
    shop.post("/account/sign-out/")
    for path in ("/", "/products/", f"/products/{priced.slug}/"):
        page = shop.get(path)
        assert not _trade_price_shown(page.content.decode()), path
