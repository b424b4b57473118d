"""Sign-in abuse, catalog visibility and the password reset, as an outside probe of a fresh
quick start found them:

- one document of many aliased tokenCreate (password spraying, CPU burn): every execution counts
  against the per-address sign-in limit and is refused past it before a password is hashed, and
  a document may hold only a few credential-checking mutations;
- staff and apps without permissions: unpublished products and private metadata stay hidden
  (Saleor: MANAGE_ORDERS / MANAGE_DISCOUNTS / MANAGE_PRODUCTS to see unpublished items,
  MANAGE_PRODUCTS / MANAGE_PAGES … for private metadata);
- the password reset on the quick start's host (127.0.0.1:8000) mails a working link, and the
  page never says "sent" when the core refused.
"""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.test import Client

from commerce.account.models import User
from commerce.graphql.core.types import to_global_id
from commerce.product.models import Collection, CollectionChannelListing, CollectionProduct, ProductChannelListing
from tests.conftest import ApiClient, assert_no_permission, get_graphql_content
from tests.factories import create_product

pytestmark = pytest.mark.django_db

PASSWORD = "Banh-trang-phoi-suong-1"


def _address() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


@pytest.fixture
def shopper(db):
    return User.objects.create_user("lan@example.com", PASSWORD, first_name="Lan")


@pytest.fixture
def password_checks(monkeypatch):
    """How many times a password was checked against a stored hash (the real check still runs)."""
    calls = []
    real = User.check_password

    def counting(self, raw):
        calls.append(self.email)
        return real(self, raw)

    monkeypatch.setattr(User, "check_password", counting)
    return calls


def _token_creates(count: int, password: str = PASSWORD) -> str:
    fields = " ".join(
        f'a{n}: tokenCreate(email: "lan@example.com", password: "{password}") {{ token errors {{ code }} }}' for n in range(count)
    )
    return f"mutation {{ {fields} }}"


# --- 6. Aliased sign-ins ------------------------------------------------------------------------


def test_each_aliased_token_create_counts_against_the_sign_in_limit(settings, shopper, password_checks):
    settings.RATE_LIMIT_SIGN_IN = "2/300"
    address = _address()
    response = ApiClient(REMOTE_ADDR=address).post_graphql(_token_creates(3))
    content = json.loads(response.content)
    assert content["data"]["a0"]["token"] and content["data"]["a1"]["token"]
    # The third execution is over the limit: refused in the top-level errors, no password hashed.
    assert content["data"]["a2"] is None
    assert [(e["path"], e["extensions"]["exception"]["code"]) for e in content["errors"]] == [(["a2"], "TooManyRequests")]
    assert password_checks == ["lan@example.com", "lan@example.com"]
    # The address has used its sign-ins up: the next request is answered 429 before it runs.
    again = ApiClient(REMOTE_ADDR=address).post_graphql(_token_creates(1))
    assert again.status_code == 429 and int(again["Retry-After"]) > 0
    assert len(password_checks) == 2
    # Another address is not affected.
    assert get_graphql_content(ApiClient(REMOTE_ADDR=_address()).post_graphql(_token_creates(1)))["data"]["a0"]["token"]


def test_each_aliased_account_register_counts_against_the_registration_limit(settings):
    settings.RATE_LIMIT_ACCOUNT_REGISTER = "2/3600"
    fields = " ".join(
        f'r{n}: accountRegister(input: {{email: "khach{n}@example.com", password: "{PASSWORD}"}}) {{ errors {{ code }} }}' for n in range(3)
    )
    content = json.loads(ApiClient(REMOTE_ADDR=_address()).post_graphql(f"mutation {{ {fields} }}").content)
    assert content["data"]["r0"] == {"errors": []} and content["data"]["r1"] == {"errors": []}
    assert content["data"]["r2"] is None and content["errors"][0]["extensions"]["exception"]["code"] == "TooManyRequests"
    assert sorted(User.objects.values_list("email", flat=True)) == ["khach0@example.com", "khach1@example.com"]


def test_a_document_may_hold_only_a_few_credential_mutations(shopper, password_checks):
    refused = ApiClient(REMOTE_ADDR=_address()).post_graphql(_token_creates(60))
    assert refused.status_code == 400
    error = json.loads(refused.content)["errors"][0]
    assert error["extensions"]["exception"]["code"] == "TOO_MANY_CREDENTIAL_MUTATIONS"
    assert "60" in error["message"] and "3" in error["message"]
    assert password_checks == []
    # Hiding them in fragments or mixing kinds does not get round the count.
    sneaky = """
    mutation {
      ...SignIns
      ... on Mutation { c: tokenCreate(email: "lan@example.com", password: "x") { token } }
      requestPasswordReset(email: "lan@example.com", redirectUrl: "http://testserver/account/password-reset/confirm/") { errors { code } }
    }
    fragment SignIns on Mutation {
      a: tokenCreate(email: "lan@example.com", password: "x") { token }
      b: accountRegister(input: {email: "neu@example.com", password: "x"}) { errors { code } }
    }
    """
    response = ApiClient(REMOTE_ADDR=_address()).post_graphql(sneaky)
    assert response.status_code == 400
    assert json.loads(response.content)["errors"][0]["extensions"]["exception"]["code"] == "TOO_MANY_CREDENTIAL_MUTATIONS"
    assert password_checks == []
    # Three are fine (sign up, sign in, …).
    assert all(
        payload["token"]
        for payload in get_graphql_content(ApiClient(REMOTE_ADDR=_address()).post_graphql(_token_creates(3)))["data"].values()
    )


def test_failed_sign_ins_count_when_the_cache_is_the_database(monkeypatch, shopper):
    """Production without Redis keeps the failure counts in the ocop_cache table: a refused
    sign-in must not roll its own count back with the mutation's transaction."""
    from commerce.core.cache import AtomicDatabaseCache

    from commerce.account import services
    from commerce.core import ratelimit

    database_cache = AtomicDatabaseCache("ocop_cache", {})
    monkeypatch.setattr(services, "cache", database_cache)
    monkeypatch.setattr(ratelimit, "cache", database_cache)
    client = ApiClient(REMOTE_ADDR=_address())
    for _ in range(services.LOGIN_FAILURE_LIMIT):
        errors = get_graphql_content(client.post_graphql(_token_creates(1, password="sai-mat-khau")))["data"]["a0"]["errors"]
        assert errors == [{"code": "INVALID_CREDENTIALS"}]
    delayed = get_graphql_content(client.post_graphql(_token_creates(1)))["data"]["a0"]
    assert delayed == {"token": None, "errors": [{"code": "LOGIN_ATTEMPT_DELAYED"}]}


# --- 7. Unpublished products and private metadata --------------------------------------------

PRODUCTS = "query($channel: String) { products(first: 20, channel: $channel) { edges { node { slug collections { slug } } } } }"
PRODUCT = 'query($slug: String!) { product(slug: $slug, channel: "online") { slug } }'
VARIANT = 'query($sku: String!) { productVariant(sku: $sku, channel: "online") { sku } }'
VARIANTS = '{ productVariants(first: 20, channel: "online") { edges { node { sku } } } }'
COLLECTIONS = '{ collections(first: 20, channel: "online") { edges { node { slug } } } }'


@pytest.fixture
def catalog(product_type, channel_online, category, warehouse):
    """Published, unpublished, hidden from listings, not listed in the channel at all; and a
    published and an unpublished collection holding the published product."""
    make = lambda name, **kw: create_product(name=name, product_type=product_type, category=category, warehouse=warehouse, **kw)  # noqa: E731
    shown = make("Muối tôm", channel=channel_online)
    unpublished = make("Bánh tráng sắp bán", channel=channel_online, published=False)
    ProductChannelListing.objects.filter(product=unpublished).update(visible_in_listings=True)
    unlisted = make("Mãng cầu", channel=channel_online)
    ProductChannelListing.objects.filter(product=unlisted).update(visible_in_listings=False)
    unavailable = make("Nước mắm chưa bán")
    collections = {}
    for slug, published in (("qua-tet", True), ("sap-ra-mat", False)):
        collections[slug] = Collection.objects.create(name=slug, slug=slug)
        CollectionChannelListing.objects.create(collection=collections[slug], channel=channel_online, is_published=published)
        CollectionProduct.objects.create(collection=collections[slug], product=shown)
    return {"shown": shown, "unpublished": unpublished, "unlisted": unlisted, "unavailable": unavailable, **collections}


def _callers(staff_user, app):
    from commerce.app.models import AppToken

    _, raw = AppToken.objects.create_with_token(app, "probe")
    return {"staff": ApiClient(user=staff_user), "app": ApiClient(app=app, app_token=raw)}


def _slugs(content, root="products"):
    return [edge["node"]["slug"] for edge in content["data"][root]["edges"]]


def test_staff_and_apps_without_permissions_see_the_catalog_as_shoppers(catalog, staff_user, app):
    for name, client in _callers(staff_user, app).items():
        listed = get_graphql_content(client.post_graphql(PRODUCTS, {"channel": "online"}))
        assert _slugs(listed) == [catalog["shown"].slug], name
        assert listed["data"]["products"]["edges"][0]["node"]["collections"] == [{"slug": "qua-tet"}], name
        # Without a channel they get the default channel's catalog, as a shopper does.
        assert _slugs(get_graphql_content(client.post_graphql(PRODUCTS, {}))) == [catalog["shown"].slug], name
        for hidden in ("unpublished", "unavailable"):
            assert get_graphql_content(client.post_graphql(PRODUCT, {"slug": catalog[hidden].slug}))["data"]["product"] is None, (
                name,
                hidden,
            )
            sku = catalog[hidden].variants.get().sku
            assert get_graphql_content(client.post_graphql(VARIANT, {"sku": sku}))["data"]["productVariant"] is None, (name, hidden)
        # Not in lists, but reachable by its address — as for shoppers.
        assert get_graphql_content(client.post_graphql(PRODUCT, {"slug": catalog["unlisted"].slug}))["data"]["product"], name
        skus = [e["node"]["sku"] for e in get_graphql_content(client.post_graphql(VARIANTS))["data"]["productVariants"]["edges"]]
        assert sorted(skus) == sorted(catalog[k].variants.get().sku for k in ("shown", "unlisted")), name
        assert _slugs(get_graphql_content(client.post_graphql(COLLECTIONS)), "collections") == ["qua-tet"], name


@pytest.mark.parametrize("permission", ["MANAGE_PRODUCTS", "MANAGE_ORDERS", "MANAGE_DISCOUNTS"])
def test_product_order_and_discount_managers_see_unpublished_products(catalog, staff_user, app, permission):
    for name, client in _callers(staff_user, app).items():
        listed = get_graphql_content(client.post_graphql(PRODUCTS, {"channel": "online"}, permissions=[permission]))
        assert sorted(_slugs(listed)) == sorted(catalog[k].slug for k in ("shown", "unpublished", "unlisted")), name
        assert get_graphql_content(client.post_graphql(PRODUCT, {"slug": catalog["unpublished"].slug}))["data"]["product"], name
        # Without a channel: every product, listed in a channel or not (Saleor).
        assert len(_slugs(get_graphql_content(client.post_graphql(PRODUCTS, {})))) == 4, name
        assert sorted(_slugs(get_graphql_content(client.post_graphql(COLLECTIONS)), "collections")) == ["qua-tet", "sap-ra-mat"], name


PRIVATE = """
query($product: ID!, $page: String!) {
  product(id: $product, channel: "online") {
    privateMetadata { key value }
    privateMetafield(key: "cost")
    variants { privateMetafields }
    media { privateMetadata { key } }
    category { privateMetadata { key } }
    productType { privateMetadata { key } }
    collections { privateMetadata { key } }
  }
  page(slug: $page) { privateMetadata { key } }
}
"""


@pytest.fixture
def private_catalog(catalog, producer_page):
    shown = catalog["shown"]
    shown.private_metadata = {"cost": "30000"}
    shown.save()
    for related in (shown.variants.get(), shown.category, shown.product_type, catalog["qua-tet"]):
        related.private_metadata = {"supplier": "HTX Minh Trung"}
        related.save()
    shown.media.create(alt="Muối tôm", external_url="https://example.com/v.mp4", type="VIDEO", private_metadata={"source": "x"})
    producer_page.private_metadata = {"registry-id": "TN-001"}
    producer_page.save()
    return {"product": to_global_id("Product", shown.pk), "page": producer_page.slug}


# Each private field on its own: a refused non-null field stops its siblings from running.
PRIVATE_FIELDS = [
    'query($product: ID!) { product(id: $product, channel: "online") { privateMetadata { key } } }',
    'query($product: ID!) { product(id: $product, channel: "online") { privateMetafield(key: "cost") } }',
    'query($product: ID!) { product(id: $product, channel: "online") { privateMetafields } }',
    'query($product: ID!) { product(id: $product, channel: "online") { variants { privateMetafield(key: "supplier") } } }',
    'query($product: ID!) { product(id: $product, channel: "online") { media { privateMetadata { key } } } }',
    'query($product: ID!) { product(id: $product, channel: "online") { category { privateMetadata { key } } } }',
    'query($product: ID!) { product(id: $product, channel: "online") { productType { privateMetadata { key } } } }',
    'query($product: ID!) { product(id: $product, channel: "online") { collections { privateMetadata { key } } } }',
    "query($page: String!) { page(slug: $page) { privateMetadata { key } } }",
]


def test_private_metadata_needs_the_objects_permission(private_catalog, staff_user, app):
    for name, client in _callers(staff_user, app).items():
        for query in PRIVATE_FIELDS:
            variables = {"page": private_catalog["page"]} if "$page" in query else {"product": private_catalog["product"]}
            response = client.post_graphql(query, variables)
            assert_no_permission(response)
            assert "HTX" not in response.content.decode() and "TN-001" not in response.content.decode(), (name, query)
        # A permission for something else does not open it either.
        assert_no_permission(client.post_graphql(PRIVATE_FIELDS[0], {"product": private_catalog["product"]}, permissions=["MANAGE_ORDERS"]))
        assert_no_permission(client.post_graphql(PRIVATE_FIELDS[-1], {"page": private_catalog["page"]}, permissions=["MANAGE_PRODUCTS"]))


def test_product_and_page_managers_read_private_metadata(private_catalog, staff_user, app):
    for name, client in _callers(staff_user, app).items():
        content = get_graphql_content(
            client.post_graphql(
                PRIVATE, private_catalog, permissions=["MANAGE_PRODUCTS", "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES", "MANAGE_PAGES"]
            )
        )
        product = content["data"]["product"]
        assert product["privateMetadata"] == [{"key": "cost", "value": "30000"}] and product["privateMetafield"] == "30000", name
        assert product["variants"] == [{"privateMetafields": {"supplier": "HTX Minh Trung"}}], name
        assert product["media"] == [{"privateMetadata": [{"key": "source"}]}], name
        assert product["category"] == product["productType"] == {"privateMetadata": [{"key": "supplier"}]}, name
        assert {"privateMetadata": [{"key": "supplier"}]} in product["collections"], name
        assert content["data"]["page"] == {"privateMetadata": [{"key": "registry-id"}]}, name


# --- 12. Password reset on the quick start ----------------------------------------------------

QUICK_START_HOST = "127.0.0.1:8000"


def test_password_reset_on_the_quick_start_host_mails_a_working_link(shopper, mailoutbox, channel_online):
    browser = Client(HTTP_HOST=QUICK_START_HOST)
    page = browser.post("/account/password-reset/", {"email": "lan@example.com"})
    assert page.status_code == 200 and "vừa gửi tới đó một liên kết" in page.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lan@example.com"]
    link = re.search(rf"http://{re.escape(QUICK_START_HOST)}(/account/password-reset/confirm/\?\S+)", mailoutbox[0].body).group(1)
    form = browser.get(link).content.decode()
    email = re.search(r'name="email" value="([^"]+)"', form).group(1)
    token = re.search(r'name="token" value="([^"]+)"', form).group(1)
    done = browser.post(
        "/account/password-reset/confirm/", {"email": email, "token": token, "password": "mang-cau-nui-ba", "password2": "mang-cau-nui-ba"}
    )
    assert done.status_code == 302
    shopper.refresh_from_db()
    assert shopper.check_password("mang-cau-nui-ba")


def test_the_quick_starts_mail_backend_writes_the_reset_mail(settings, tmp_path, shopper, channel_online):
    """`make run` has no mail server: the message is a file under var/mail (EMAIL_FILE_PATH)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    Client(HTTP_HOST=QUICK_START_HOST).post("/account/password-reset/", {"email": "lan@example.com"})
    written = "".join(path.read_text() for path in tmp_path.iterdir())
    assert "lan@example.com" in written and f"http://{QUICK_START_HOST}/account/password-reset/confirm/?" in written


def test_the_reset_page_says_so_when_the_core_refuses(settings, shopper, mailoutbox, channel_online):
    # A host Django serves ("*") but that is no declared client host: the core refuses the link.
    settings.ALLOWED_HOSTS = ["*"]
    settings.ALLOWED_CLIENT_HOSTS = []
    page = Client(HTTP_HOST="shop.example").post("/account/password-reset/", {"email": "lan@example.com"})
    body = page.content.decode()
    assert page.status_code == 503
    assert "vừa gửi" not in body and "Chưa gửi được liên kết" in body
    assert mailoutbox == []


REQUEST_RESET = "mutation($e: String!, $u: String!) { requestPasswordReset(email: $e, redirectUrl: $u) { errors { field code message } } }"


def test_reset_links_go_only_to_declared_client_hosts(settings, shopper, mailoutbox):
    settings.ALLOWED_CLIENT_HOSTS = [".shop.example"]
    client = ApiClient(REMOTE_ADDR=_address())

    def ask(url):
        return get_graphql_content(client.post_graphql(REQUEST_RESET, {"e": "lan@example.com", "u": url}))["data"]["requestPasswordReset"][
            "errors"
        ]

    for refused in (
        "https://evil.example/reset",
        "https://shop.example.evil.example/",
        "javascript://shop.example/%0aalert(1)",
        "/relative",
    ):
        assert [(e["field"], e["code"]) for e in ask(refused)] == [("redirectUrl", "INVALID")], refused
    assert mailoutbox == []
    assert ask("https://www.shop.example:8443/dat-lai-mat-khau/") == []
    assert mailoutbox[0].body.count("https://www.shop.example:8443/dat-lai-mat-khau/?email=lan%40example.com&token=") == 1


def test_reset_answers_the_same_for_unknown_addresses_and_mails_once_per_lock_time(settings, shopper, mailoutbox):
    settings.RESET_PASSWORD_LOCK_TIME = 900
    client = ApiClient(REMOTE_ADDR=_address())
    url = "http://testserver/account/password-reset/confirm/"
    ask = lambda email: get_graphql_content(client.post_graphql(REQUEST_RESET, {"e": email, "u": url}))["data"]["requestPasswordReset"]  # noqa: E731
    assert ask("nobody@example.com") == {"errors": []}
    assert mailoutbox == []
    assert ask("lan@example.com") == {"errors": []}
    # Asking again at once mails nothing more (no mail bombing), and says the same.
    assert ask("lan@example.com") == {"errors": []}
    assert len(mailoutbox) == 1
