"""Production settings and what they switch on: DEBUG off, TLS-only cookies and HSTS when TLS is
declared, security headers and the CSP, rate limits counted in a store every worker shares,
the dashboard's lockout, request size limits."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import resolve

from tests.conftest import ApiClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({k: (list(v) if isinstance(v, tuple) else v) for k, v in {
    "DEBUG": settings.DEBUG, "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE, "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY, "CSRF_COOKIE_HTTPONLY": settings.CSRF_COOKIE_HTTPONLY,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS, "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD, "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER, "SECURE_REFERRER_POLICY": settings.SECURE_REFERRER_POLICY,
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY, "CACHE": settings.CACHES["default"]["BACKEND"],
    "CONN_HEALTH_CHECKS": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"], "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "FILE_UPLOAD_MAX_MEMORY_SIZE": settings.FILE_UPLOAD_MAX_MEMORY_SIZE, "DATA_UPLOAD_MAX_MEMORY_SIZE": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
}.items()}))
"""


def settings_for(**env) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("OCOP_", "DEBUG", "SECRET_KEY", "BEHIND_", "HTTPS", "REDIS_URL", "CACHE_URL", "SECURE_", "SESSION_", "ALLOWED_HOSTS")
        )
    }
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL="postgres://nobody@127.0.0.1:1/none", **env)
    result = subprocess.run([sys.executable, "-c", PROBE], env=clean, cwd=ROOT, capture_output=True, text=True, timeout=60)
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_the_safe_ones():
    s = settings_for(SECRET_KEY="k" * 50, ALLOWED_HOSTS="shop.example.vn")
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_HTTPONLY"]
    assert s["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin" and s["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert s["CACHE"] == "commerce.core.cache.AtomicDatabaseCache"  # shared by all workers without Redis
    assert s["CONN_HEALTH_CHECKS"] is True
    assert s["ALLOWED_HOSTS"] == ["shop.example.vn"]
    assert s["FILE_UPLOAD_MAX_MEMORY_SIZE"] <= 5 * 1024 * 1024 and s["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 5 * 1024 * 1024
    # No TLS declared: no HSTS, no redirect (the instance may sit behind a plain-HTTP probe).
    assert s["SECURE_HSTS_SECONDS"] == 0 and s["SECURE_SSL_REDIRECT"] is False


def test_declared_tls_turns_on_hsts_redirect_and_the_proxy_header():
    s = settings_for(SECRET_KEY="k" * 50, BEHIND_HTTPS_PROXY="1")
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and s["SECURE_HSTS_PRELOAD"]
    assert s["SECURE_SSL_REDIRECT"] is True and s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings_for(SECRET_KEY="k" * 50, HTTPS="1")["SECURE_HSTS_SECONDS"] >= 31536000


def test_quick_start_is_not_debug_and_production_needs_a_secret():
    dev = settings_for(OCOP_DEV="1")
    assert dev["DEBUG"] is False and dev["SESSION_COOKIE_SECURE"] is False  # http://127.0.0.1 works
    assert dev["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        settings_for()


def test_redis_url_makes_the_cache_redis():
    assert settings_for(SECRET_KEY="k" * 50, REDIS_URL="redis://127.0.0.1:6379/3")["CACHE"] == "commerce.core.cache.ResilientRedisCache"


# --- Headers ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_security_headers_on_pages_and_api(client):
    for url in ("/healthz/", "/account/sign-in/", "/dashboard/login/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "img-src 'self' data:" in policy
        assert "'unsafe-inline'" not in re.search(r"script-src ([^;]*)", policy).group(1)
        assert "camera=(self)" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    response = client.get("/account/sign-in/")
    cookie = response.cookies.get("csrftoken")
    if cookie is not None:
        assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_hsts_and_redirect_when_tls_is_declared(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/account/sign-in/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/healthz/").status_code in (200, 503)  # the balancer's probe is not redirected
    secure = client.get("/account/sign-in/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_card_step_alone_may_load_stripe(settings):
    from commerce.core.security import SecurityHeadersMiddleware

    from django.http import HttpResponse

    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse("ok"))
    policies = {}
    for path in ("/checkout/payment/", "/checkout/address/", "/"):
        request = RequestFactory().get(path)
        request.resolver_match = resolve(path)
        policies[path] = middleware(request)["Content-Security-Policy"]
    assert "script-src 'self' http://127.0.0.1:8420" in policies["/checkout/payment/"]
    assert "connect-src 'self' http://127.0.0.1:8420" in policies["/checkout/payment/"]
    assert "frame-src http://127.0.0.1:8420" in policies["/checkout/payment/"]
    for path in ("/checkout/address/", "/"):
        assert "8420" not in policies[path] and "frame-src 'none'" in policies[path]
    settings.STRIPE_API_BASE = ""
    request = RequestFactory().get("/checkout/payment/")
    request.resolver_match = resolve("/checkout/payment/")
    assert "script-src 'self' https://js.stripe.com" in middleware(request)["Content-Security-Policy"]


@pytest.mark.django_db
def test_graphiql_runs_its_one_inline_script_by_nonce(client):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert client.get("/graphql/", HTTP_ACCEPT="text/html")["Content-Security-Policy"] != response["Content-Security-Policy"]


# --- Rate limits --------------------------------------------------------------------------------

TOKEN_CREATE = 'mutation { tokenCreate(email: "nobody@example.com", password: "wrong-pass-1") { token errors { code } } }'
CHECKOUT_CREATE = 'mutation { checkoutCreate(input: {channel: "online", lines: []}) { checkout { id } errors { code } } }'


def _address() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


@pytest.mark.django_db
def test_token_create_is_limited_per_address(settings):
    settings.RATE_LIMIT_SIGN_IN = "3/300"
    address = _address()
    statuses = [ApiClient(REMOTE_ADDR=address).post_graphql(TOKEN_CREATE).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    limited = ApiClient(REMOTE_ADDR=address).post_graphql(TOKEN_CREATE)
    assert int(limited["Retry-After"]) > 0
    assert json.loads(limited.content)["errors"][0]["extensions"]["exception"]["code"] == "TooManyRequests"
    assert ApiClient(REMOTE_ADDR=_address()).post_graphql(TOKEN_CREATE).status_code == 200  # another address


@pytest.mark.django_db
def test_checkout_mutations_are_limited_but_apps_are_not(settings, channel_online, app_api_client):
    settings.RATE_LIMIT_CHECKOUT = "2/60"
    address = _address()
    statuses = [ApiClient(REMOTE_ADDR=address).post_graphql(CHECKOUT_CREATE).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    app_api_client.defaults["REMOTE_ADDR"] = address
    assert app_api_client.post_graphql(CHECKOUT_CREATE).status_code == 200
    # Catalog queries are not counted.
    assert ApiClient(REMOTE_ADDR=address).post_graphql('{ products(channel: "online", first: 1) { totalCount } }').status_code == 200


ALIASED_CHECKOUTS = "mutation {\n%s\n}" % "\n".join(
    f'c{i}: checkoutCreate(input: {{channel: "online", lines: []}}) {{ checkout {{ id }} }}' for i in range(3)
)
CHECKOUTS_IN_A_FRAGMENT = """mutation { ...Carts }
fragment Carts on Mutation {
  a: checkoutCreate(input: {channel: "online", lines: []}) { checkout { id } }
  ... on Mutation { b: checkoutCreate(input: {channel: "online", lines: []}) { checkout { id } } }
  c: checkoutCreate(input: {channel: "online", lines: []}) { checkout { id } }
}"""


@pytest.mark.django_db
@pytest.mark.parametrize("document", [ALIASED_CHECKOUTS, CHECKOUTS_IN_A_FRAGMENT], ids=["aliases", "fragments"])
def test_each_checkout_mutation_of_a_document_counts(settings, channel_online, document):
    """Aliases and fragments do not buy a caller more carts than the limit: each checkout
    mutation in the document counts, wherever it stands."""
    from commerce.checkout.models import Checkout

    settings.RATE_LIMIT_CHECKOUT = "2/60"
    response = ApiClient(REMOTE_ADDR=_address()).post_graphql(document)
    assert response.status_code == 429
    assert not Checkout.objects.exists()


@pytest.mark.django_db
def test_storefront_sign_in_is_limited_per_address(settings):
    settings.RATE_LIMIT_SIGN_IN = "2/300"
    address = _address()
    shopper = Client(REMOTE_ADDR=address)
    statuses = [shopper.post("/account/sign-in/", {"email": "x@example.com", "password": "wrong-pass"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert shopper.get("/account/sign-in/").status_code == 200  # reading the page is not limited


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


COUNT_IN_ANOTHER_PROCESS = """
import django, sys
django.setup()
from commerce.core.ratelimit import RateLimited, hit
out = []
for _ in range(3):
    try:
        out.append(str(hit(sys.argv[1], "10.0.0.1", "5/300")))
    except RateLimited:
        out.append("limited")
print(",".join(out))
"""


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_limits_are_shared_by_processes_through_redis():
    """Two gunicorn workers are two processes: the second one continues the first one's count."""
    scope = f"test-{uuid.uuid4().hex}"
    env = {**os.environ, "OCOP_DEV": "1", "REDIS_URL": "redis://127.0.0.1:6379/13", "DJANGO_SETTINGS_MODULE": "config.settings"}
    outputs = [
        subprocess.run(
            [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, scope],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        for _ in range(2)
    ]
    assert outputs == ["1,2,3", "4,5,limited"]


@pytest.mark.django_db
def test_limits_are_counted_in_the_database_cache_table(monkeypatch):
    """Without Redis, production counts in the ocop_cache table (made by a migration)."""
    from commerce.core.cache import AtomicDatabaseCache
    from django.db import connection

    from commerce.core import ratelimit

    monkeypatch.setattr(ratelimit, "cache", AtomicDatabaseCache("ocop_cache", {}))
    counts = []
    for _ in range(3):
        try:
            counts.append(ratelimit.hit("db-test", "10.0.0.2", "2/300"))
        except ratelimit.RateLimited:
            counts.append("limited")
    assert counts == [1, 2, "limited"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ocop_cache WHERE cache_key LIKE %s", ["%rl:db-test:%"])
        assert cursor.fetchone()[0] == 1


# --- Dashboard lockout --------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_locks_a_username_out_after_failed_sign_ins(settings):
    from commerce.account.models import User

    cache.clear()
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 3
    User.objects.create_user("staff-lock@example.com", "Staff-pass-123", is_staff=True)
    User.objects.create_user("staff-other@example.com", "Staff-pass-123", is_staff=True)
    address = _address()

    def sign_in(username, password, remote=address):
        return Client(REMOTE_ADDR=remote).post("/dashboard/login/", {"username": username, "password": password, "next": "/dashboard/"})

    for _ in range(3):
        assert sign_in("staff-lock@example.com", "wrong").status_code == 200
    # Locked: the right password from that address is refused too…
    assert sign_in("staff-lock@example.com", "Staff-pass-123").status_code == 200
    # …but not from another address, nor for another account from this one.
    assert sign_in("staff-lock@example.com", "Staff-pass-123", remote=_address()).status_code == 302
    assert sign_in("staff-other@example.com", "Staff-pass-123").status_code == 302


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_count(settings):
    from commerce.account.models import User

    cache.clear()
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 3
    User.objects.create_user("staff-reset@example.com", "Staff-pass-123", is_staff=True)
    address = _address()
    post = lambda password: Client(REMOTE_ADDR=address).post(
        "/dashboard/login/", {"username": "staff-reset@example.com", "password": password}
    )  # noqa: E731
    assert [post("wrong").status_code, post("wrong").status_code] == [200, 200]
    assert post("Staff-pass-123").status_code == 302
    assert [post("wrong").status_code, post("wrong").status_code] == [200, 200]
    assert post("Staff-pass-123").status_code == 302


# --- Request size -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_request_bodies_over_the_limits_are_refused(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.GRAPHQL_MAX_BODY_BYTES = 10_000
    shopper = Client(raise_request_exception=False)
    response = shopper.post("/account/sign-in/", {"email": "x@example.com", "password": "p" * 20_000})
    assert response.status_code == 400
    big = json.dumps({"query": "{ shop { name } }", "variables": {"pad": "x" * 20_000}})
    assert shopper.post("/graphql/", big, content_type="application/json").status_code == 413
