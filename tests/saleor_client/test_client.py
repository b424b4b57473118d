"""SaleorClient over the in-process transport, and the HTTP transport's retries and errors."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from saleor_client import (
    GraphQLRequestError,
    GraphQLResponseError,
    HttpTransport,
    InProcessTransport,
    MutationError,
    PermissionDeniedError,
    RawResponse,
    Response,
    SaleorClient,
    TransportError,
)

DOCUMENTS = Path(__file__).parent / "graphql"


def client(**who) -> SaleorClient:
    return SaleorClient(InProcessTransport(**who), [DOCUMENTS])


def test_anonymous_reads_the_shop_and_a_channel(channel_online):
    assert client().execute("ShopName") == {"shop": {"name": "OCOP Market"}}
    data = client().execute("ChannelBySlug", {"slug": "online"})
    assert data["channel"]["slug"] == "online"
    assert data["channel"]["currencyCode"] == "VND"
    assert data["channel"]["name"] == "Bán lẻ trực tuyến"


def test_permission_denied_is_a_typed_error(channel_online):
    with pytest.raises(PermissionDeniedError) as caught:
        client().execute("Channels")
    assert caught.value.errors[0]["extensions"]["exception"]["code"] == "PermissionDenied"
    # request() hands the response back unjudged
    response = client().request("Channels")
    assert response.permission_denied and response.data == {"channels": None}


def test_staff_and_apps_see_what_anonymous_may_not(channel_online, staff_user, app):
    assert [c["slug"] for c in client(user=staff_user).execute("Channels")["channels"]] == ["online"]
    assert [c["slug"] for c in client(app=app).execute("Channels")["channels"]] == ["online"]


def test_a_refused_document_raises_request_error(db, tmp_path):
    (tmp_path / "bad.graphql").write_text("query Bad { shop { noSuchField } }")
    with pytest.raises(GraphQLRequestError) as caught:
        SaleorClient(InProcessTransport(), [tmp_path]).execute("Bad")
    assert "noSuchField" in caught.value.errors[0]["message"]


def test_variables_are_checked_by_the_server(db):
    with pytest.raises(GraphQLRequestError):
        client().execute("ChannelBySlug", {})  # $slug is required


class FixedTransport:
    """Hands back a canned body, to exercise how the client judges payloads."""

    def __init__(self, body):
        self.body = body
        self.sent = []

    def send(self, query, variables=None, operation_name=None, *, idempotent=True):
        self.sent.append((operation_name, idempotent))
        return RawResponse(body=self.body, refused=False)


def test_mutation_payload_errors_raise_on_request(tmp_path):
    (tmp_path / "m.graphql").write_text(
        'mutation Rename($id: ID!) { productUpdate(id: $id, input: {name: "x"}) { errors { field code message } } }'
    )
    body = {"data": {"productUpdate": {"errors": [{"field": "name", "code": "INVALID", "message": "Bad"}]}}}
    transport = FixedTransport(body)
    mutation_client = SaleorClient(transport, [tmp_path])
    assert mutation_client.execute("Rename", {"id": "x"}) == body["data"]  # not judged by default
    assert transport.sent == [("Rename", False)]  # mutations are not idempotent for retries
    with pytest.raises(MutationError) as caught:
        mutation_client.execute("Rename", {"id": "x"}, raise_on_payload_errors=True)
    assert caught.value.field == "productUpdate" and caught.value.errors[0]["code"] == "INVALID"
    with pytest.raises(MutationError):
        mutation_client.request("Rename", {"id": "x"}).data_or_raise()


def test_response_with_empty_payload_errors_is_data():
    response = Response("Op", "mutation", {"productUpdate": {"errors": [], "product": {"id": "1"}}})
    assert response.data_or_raise() == response.data


def test_other_top_level_errors_raise_response_error():
    response = Response("Op", "query", {"x": None}, [{"message": "boom", "extensions": {"exception": {"code": "ValueError"}}}])
    with pytest.raises(GraphQLResponseError) as caught:
        response.data_or_raise()
    assert not isinstance(caught.value, PermissionDeniedError)


# --- HTTP transport against a tiny real server --------------------------------------------------


class Script:
    """Status/body pairs the fake server answers with, in order; then the last one forever."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.hits = []


@pytest.fixture
def scripted_server():
    servers = []

    def start(script: Script) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                script.hits.append({"body": json.loads(self.rfile.read(length)), "auth": self.headers.get("Authorization")})
                status, body = script.answers[min(len(script.hits) - 1, len(script.answers) - 1)]
                raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/graphql/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def http_client(url, **kwargs) -> SaleorClient:
    return SaleorClient(HttpTransport(url, backoff=0.01, **kwargs), [DOCUMENTS])


def test_http_retries_5xx_then_succeeds_and_sends_the_token(scripted_server):
    script = Script((503, "busy"), (502, "busy"), (200, {"data": {"shop": {"name": "Remote"}}}))
    url = scripted_server(script)
    assert http_client(url, token="abc").execute("ShopName") == {"shop": {"name": "Remote"}}
    assert len(script.hits) == 3
    assert script.hits[0]["auth"] == "Bearer abc"
    assert script.hits[0]["body"]["operationName"] == "ShopName"


def test_http_gives_up_after_retries(scripted_server):
    script = Script((500, {"errors": [{"message": "Internal"}]}))
    url = scripted_server(script)
    with pytest.raises(TransportError) as caught:
        http_client(url, retries=2).execute("ShopName")
    assert caught.value.status == 500 and len(script.hits) == 3


def test_http_non_json_is_a_transport_error(scripted_server):
    url = scripted_server(Script((200, "<html>proxy login</html>")))
    with pytest.raises(TransportError, match="non-JSON"):
        http_client(url).execute("ShopName")


def test_http_400_without_data_is_a_refused_document(scripted_server):
    url = scripted_server(Script((400, {"errors": [{"message": "Cannot query field"}]})))
    with pytest.raises(GraphQLRequestError, match="Cannot query field"):
        http_client(url).execute("ShopName")


def test_http_connection_refused_is_a_transport_error():
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TransportError, match="ConnectionError"):
        http_client(f"http://127.0.0.1:{port}/graphql/", retries=1).execute("ShopName")
