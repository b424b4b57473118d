"""The JSON feed over a real local HTTP server (paging, ETag/Last-Modified, retries, an
unreachable registry), and the sync through the HTTP transport against live_server."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from catalog_sync.connectors import HttpPolicy
from catalog_sync.models import Source
from catalog_sync.runner import run_sync
from commerce.product.models import Product

from .conftest import FIXTURES, TODAY, catalog_state

ITEMS = [
    {
        "code": f"TN-F-{i:03d}",
        "name": f"Muối ớt số {i}",
        "producer": "Cơ sở Muối Long Hà",
        "commune": "Xã Gò Dầu",
        "stars": "4 sao" if i % 2 else 3,
        "decision_date": "2024-01-31",
        "retail_price": "45.000 ₫",
        "extra": "ignored",
    }
    for i in range(1, 8)
]
ETAG = '"v1"'


class Registry(BaseHTTPRequestHandler):
    """GET /products?page=N, three items a page, `next` links; 304 on a matching ETag.
    `fail_first` answers 503 that many times before serving."""

    fail_first = 0
    requests: list = []
    with_next = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).requests.append((self.path, self.headers.get("If-None-Match")))
        if type(self).fail_first > 0:
            type(self).fail_first -= 1
            self.send_response(503)
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
            return
        page = int(self.path.partition("page=")[2] or 1)
        items = ITEMS[(page - 1) * 3 : page * 3]
        body = {"items": items}
        if type(self).with_next:
            body["next"] = f"/products?page={page + 1}" if page * 3 < len(ITEMS) else None
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("ETag", ETAG)
        self.send_header("Last-Modified", "Mon, 01 Dec 2025 00:00:00 GMT")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def registry():
    Registry.fail_first, Registry.requests, Registry.with_next = 0, [], True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/products"
    server.shutdown()
    server.server_close()


FAST = HttpPolicy(timeout=2, retries=3, backoff=0.01)


@pytest.mark.parametrize("with_next", [True, False])
def test_feed_pages_are_followed_and_imported(registry, sync_client, with_next):
    Registry.with_next = with_next  # without `next`, ?page=N until an empty page
    report = run_sync(registry, client=sync_client, today=TODAY, http_policy=FAST)
    assert report.exit_code == 0, report.summary_table()
    assert report.counts["create"] == 7
    assert catalog_state()["TN-F-001"]["ocop-stars"] == "4"
    assert len(Registry.requests) == (3 if with_next else 4)


def test_etag_makes_an_unchanged_feed_a_no_op(registry, sync_client):
    source = Source.objects.create(name="Feed", slug="feed", location=registry)
    first = run_sync(registry, source=source, client=sync_client, today=TODAY, http_policy=FAST)
    assert first.counts["create"] == 7
    source.refresh_from_db()
    assert source.etag == ETAG and source.last_modified
    second = run_sync(registry, source=source, client=sync_client, today=TODAY, http_policy=FAST)
    assert second.status == "not_modified" and second.exit_code == 0
    assert Registry.requests[-1] == ("/products", ETAG)


def test_server_errors_are_retried_with_back_off(registry, sync_client):
    Registry.fail_first = 2
    report = run_sync(registry, client=sync_client, today=TODAY, http_policy=FAST)
    assert report.counts["create"] == 7
    assert len(Registry.requests) == 2 + 3


def test_an_unreachable_registry_touches_nothing(sync_client):
    run_sync(str(FIXTURES / "tay-ninh-ocop-2025-03.csv"), client=sync_client, today=TODAY)
    before = catalog_state()
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    report = run_sync(f"http://127.0.0.1:{port}/products", client=sync_client, today=TODAY, http_policy=FAST)
    assert report.status == "failed" and report.exit_code == 2 and "unreachable" in report.message
    assert catalog_state() == before


def test_a_feed_that_keeps_failing_is_unreachable(registry, sync_client):
    Registry.fail_first = 100
    report = run_sync(registry, client=sync_client, today=TODAY, http_policy=FAST)
    assert report.exit_code == 2 and not Product.objects.exists()
    assert len(Registry.requests) == FAST.retries + 1


@pytest.mark.django_db(transaction=True)
def test_sync_over_the_http_transport_with_an_app_token(live_server, ocop_catalog):
    from commerce.app.models import AppToken

    from catalog_sync.gateway import make_client

    _, token = AppToken.objects.create_with_token(ocop_catalog, name="sync over http")
    client = make_client(url=f"{live_server.url}/graphql/", token=token)
    report = run_sync(str(FIXTURES / "tay-ninh-ocop-2025-03.csv"), client=client, today=TODAY)
    assert report.exit_code == 0, report.summary_table()
    assert Product.objects.count() == 149
    assert run_sync(str(FIXTURES / "tay-ninh-ocop-2025-03.csv"), client=client, today=TODAY).changes == 0
    later = run_sync(str(FIXTURES / "tay-ninh-ocop-2025-12.csv"), client=client, today=TODAY)
    assert later.counts["star_change"] == 5 and later.counts["revoke"] == 1
    # A wrong token is refused, and the run says so without writing.
    bad = run_sync(
        str(FIXTURES / "tay-ninh-ocop-2025-12.csv"), client=make_client(url=f"{live_server.url}/graphql/", token="nope"), today=TODAY
    )
    assert bad.exit_code == 2
