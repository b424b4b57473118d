"""Bad requests get a Saleor-style error with a code: never a 500, never a stack trace."""

from __future__ import annotations

import json

import pytest

from commerce.graphql.core.limits import measure

pytestmark = pytest.mark.django_db


def post_raw(client, body, content_type="application/json"):
    return client.post("/graphql/", data=body, content_type=content_type)


def error_code(response) -> str:
    return json.loads(response.content)["errors"][0]["extensions"]["exception"]["code"]


def test_malformed_json_is_refused_with_400(client):
    response = post_raw(client, "{not json")
    assert response.status_code == 400
    assert error_code(response) == "GraphQLError"


def test_syntax_error_is_reported_with_its_location(client):
    response = post_raw(client, json.dumps({"query": "{ shop { name "}))
    assert response.status_code == 400
    body = json.loads(response.content)
    assert "Syntax Error" in body["errors"][0]["message"]
    assert body["errors"][0]["locations"]


def test_missing_query_is_refused(client):
    response = post_raw(client, json.dumps({"variables": {}}))
    assert response.status_code == 400
    assert "Must provide query string" in json.loads(response.content)["errors"][0]["message"]


def test_unknown_field_is_a_validation_error(client):
    response = post_raw(client, json.dumps({"query": "{ shop { nope } }"}))
    assert response.status_code == 400
    assert "Cannot query field 'nope'" in json.loads(response.content)["errors"][0]["message"]


def test_oversized_body_is_refused_before_parsing(client, settings):
    settings.GRAPHQL_MAX_BODY_BYTES = 1000
    response = post_raw(client, json.dumps({"query": "{ shop { name } }", "pad": "x" * 2000}))
    assert response.status_code == 413
    assert error_code(response) == "REQUEST_TOO_LARGE"


def test_too_deep_query_is_refused(client):
    # Data fields: introspection has bounds of its own (test_introspection_limits.py), since
    # the standard introspection query is 14 levels deep.
    deep = '{ products(first: 1, channel: "online") { edges { node { category { ' + "parent { " * 12 + "name" + " }" * 12 + " } } } } }"
    response = post_raw(client, json.dumps({"query": deep}))
    assert response.status_code == 400
    assert error_code(response) == "QUERY_TOO_DEEP"


def test_cost_grows_with_page_sizes_of_nested_connections():
    from graphql import parse

    document = parse("{ a(first: 100) { edges { node { b(first: 100) { edges { node { id } } } } } } }")
    operation = document.definitions[0]
    _, cost = measure(operation, {}, {})
    assert cost > 10_000


def test_costly_query_is_refused(client, settings):
    settings.GRAPHQL_MAX_COST = 5
    response = post_raw(
        client, json.dumps({"query": "{ shop { name description version schemaVersion phonePrefixes channelCurrencies } }"})
    )
    assert response.status_code == 400
    assert error_code(response) == "QUERY_TOO_COMPLEX"


def test_bad_global_id_is_an_error_not_a_crash(client):
    response = post_raw(client, json.dumps({"query": '{ channel(id: "not-an-id") { name } }'}))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["data"]["channel"] is None
    assert "Invalid ID: not-an-id" in body["errors"][0]["message"]


def test_id_of_another_type_is_refused(client):
    from commerce.graphql.core.types import to_global_id

    response = post_raw(client, json.dumps({"query": '{ channel(id: "%s") { name } }' % to_global_id("Product", 1)}))
    assert "Expected: Channel, received: Product" in json.loads(response.content)["errors"][0]["message"]


def test_invalid_token_is_refused_with_its_code(client):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": "{ shop { name } }"}),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer a.b.c",
    )
    assert response.status_code == 401
    assert error_code(response) == "InvalidTokenError"


def test_unexpected_resolver_error_hides_internals(client, settings, monkeypatch):
    settings.DEBUG = False
    from commerce.graphql.api import schema

    def explode(root, info):
        raise RuntimeError("secret internals")

    field = schema.graphql_schema.type_map["Shop"].fields["description"]
    monkeypatch.setattr(field, "resolve", explode)
    response = post_raw(client, json.dumps({"query": "{ shop { description } }"}))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["errors"][0]["message"] == "Internal Server Error"
    assert "secret" not in response.content.decode()


def test_graphiql_is_served_from_our_own_host(client):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "graphiql.min.js" in html
    assert "https://" not in html and "http://" not in html


def test_batched_operations_run_each(client):
    response = post_raw(client, json.dumps([{"query": "{ shop { name } }"}, {"query": "{ shop { version } }"}]))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body[0]["data"]["shop"]["name"] and body[1]["data"]["shop"]["version"] == "3.23.28"


def test_mutation_over_get_is_refused(client):
    response = client.get("/graphql/", {"query": 'mutation { tokenCreate(email: "a", password: "b") { token } }'})
    assert response.status_code in (400, 405)


def test_missing_required_variable_is_a_refused_request(client):
    query = "query Channel($slug: String!) { channel(slug: $slug) { name } }"
    response = post_raw(client, json.dumps({"query": query, "variables": {}}))
    assert response.status_code == 400
    assert "was not provided" in json.loads(response.content)["errors"][0]["message"]


def test_ill_typed_variable_is_a_refused_request(client):
    query = "query Channel($slug: String!) { channel(slug: $slug) { name } }"
    response = post_raw(client, json.dumps({"query": query, "variables": {"slug": {"nested": 1}}}))
    assert response.status_code == 400
