"""The standard introspection query gets through the depth and cost limits (hardening issue,
point 13); deep data queries and abusive introspection still do not.

GraphiQL, graphql-js's getIntrospectionQuery() and codegen tools send the query below: its
TypeRef fragment nests `ofType` nine times, 14 levels under `__schema`, and the depth limit of
12 refused it as QUERY_TOO_DEEP. Introspection is now measured on its own bounds (limits.py).
"""

from __future__ import annotations

import json

import pytest
from graphql import get_introspection_query, parse, print_ast

pytestmark = pytest.mark.django_db

# graphql-js's getIntrospectionQuery({descriptions: true, specifiedByUrl: true,
# directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true}), the same
# document as graphql-core's get_introspection_query() with those options (checked below).
STANDARD_INTROSPECTION_QUERY = """
query IntrospectionQuery {
  __schema {
    description
    queryType { name kind }
    mutationType { name kind }
    subscriptionType { name kind }
    types {
      ...FullType
    }
    directives {
      name
      description
      isRepeatable
      locations
      args(includeDeprecated: true) {
        ...InputValue
      }
    }
  }
}

fragment FullType on __Type {
  kind
  name
  description
  specifiedByURL
  fields(includeDeprecated: true) {
    name
    description
    args(includeDeprecated: true) {
      ...InputValue
    }
    type {
      ...TypeRef
    }
    isDeprecated
    deprecationReason
  }
  inputFields(includeDeprecated: true) {
    ...InputValue
  }
  interfaces {
    ...TypeRef
  }
  enumValues(includeDeprecated: true) {
    name
    description
    isDeprecated
    deprecationReason
  }
  possibleTypes {
    ...TypeRef
  }
}

fragment InputValue on __InputValue {
  name
  description
  type { ...TypeRef }
  defaultValue
  isDeprecated
  deprecationReason
}

fragment TypeRef on __Type {
  kind
  name
  ofType {
    name
    kind
    ofType {
      name
      kind
      ofType {
        name
        kind
        ofType {
          name
          kind
          ofType {
            name
            kind
            ofType {
              name
              kind
              ofType {
                name
                kind
                ofType {
                  name
                  kind
                  ofType {
                    name
                    kind
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
"""


def post(client, query: str, variables=None):
    body = {"query": query} if variables is None else {"query": query, "variables": variables}
    response = client.post("/graphql/", data=json.dumps(body), content_type="application/json")
    return response, json.loads(response.content)


def error_code(body) -> str:
    return body["errors"][0]["extensions"]["exception"]["code"]


def test_the_query_here_is_graphql_cores_standard_introspection_query():
    ours = print_ast(parse(STANDARD_INTROSPECTION_QUERY))
    assert ours == print_ast(
        parse(
            get_introspection_query(
                descriptions=True,
                specified_by_url=True,
                directive_is_repeatable=True,
                schema_description=True,
                input_value_deprecation=True,
            )
        )
    )


def test_standard_introspection_query_is_answered(client):
    response, body = post(client, STANDARD_INTROSPECTION_QUERY)
    assert response.status_code == 200, body.get("errors")
    assert "errors" not in body
    schema = body["data"]["__schema"]
    assert schema["queryType"] == {"name": "Query", "kind": "OBJECT"}
    types = {t["name"]: t for t in schema["types"]}
    assert "Product" in types and "ProductCountableConnection" in types
    # The deepest TypeRef the schema has is answered in full: [X!]! is NON_NULL > LIST > NON_NULL > X.
    channels = next(f for f in types["Query"]["fields"] if f["name"] == "channels")
    assert channels["type"]["kind"] == "LIST" and channels["type"]["ofType"]["kind"] == "NON_NULL"


@pytest.mark.parametrize(
    "options", [{}, {"descriptions": False}, {"input_value_deprecation": True}, {"schema_description": True, "specified_by_url": True}]
)
def test_every_variant_of_the_standard_query_is_answered(client, options):
    response, body = post(client, get_introspection_query(**options))
    assert response.status_code == 200 and "errors" not in body, body.get("errors")


def test_introspection_with_a_named_type_and_typename(client):
    query = (
        '{ __typename a: __type(name: "Product") { name fields { name type { ...TypeRef } } } b: __type(name: "Order") { name } }'
        + (STANDARD_INTROSPECTION_QUERY[STANDARD_INTROSPECTION_QUERY.index("fragment TypeRef") :])
    )
    response, body = post(client, query)
    assert response.status_code == 200 and "errors" not in body, body.get("errors")
    assert body["data"]["a"]["name"] == "Product"


def test_deep_data_queries_are_still_refused(client):
    deep = '{ products(first: 1, channel: "online") { edges { node { category { ' + "parent { " * 12 + "name" + " }" * 12 + " } } } } }"
    response, body = post(client, deep)
    assert (response.status_code, error_code(body)) == (400, "QUERY_TOO_DEEP")


def test_introspection_alongside_does_not_hide_a_deep_data_query(client):
    deep = (
        '{ __schema { queryType { name } } products(first: 1, channel: "online") { edges { node { category { '
        + "parent { " * 12
        + "name"
        + " }" * 12
        + " } } } } }"
    )
    response, body = post(client, deep)
    assert (response.status_code, error_code(body)) == (400, "QUERY_TOO_DEEP")


def test_introspection_deeper_than_any_tool_asks_is_refused(client):
    deep = "{ __schema { types { fields { type { " + "ofType { " * 20 + "name" + " }" * 20 + " } } } } }"
    response, body = post(client, deep)
    assert (response.status_code, error_code(body)) == (400, "QUERY_TOO_DEEP")


def test_hundreds_of_aliased_schemas_are_refused(client):
    aliased = "{ " + " ".join(f"s{i}: __schema {{ types {{ name }} }}" for i in range(300)) + " }"
    response, body = post(client, aliased)
    assert (response.status_code, error_code(body)) == (400, "QUERY_TOO_COMPLEX")


def test_a_few_aliased_full_introspections_are_refused(client):
    """Each costs what the standard query does: three are more than the introspection budget."""
    query = STANDARD_INTROSPECTION_QUERY.replace(
        "query IntrospectionQuery {\n  __schema {",
        "query IntrospectionQuery {\n  a: __schema { types { ...FullType } }\n  b: __schema { types { ...FullType } }\n  __schema {",
    )
    response, body = post(client, query)
    assert (response.status_code, error_code(body)) == (400, "QUERY_TOO_COMPLEX")


def test_cycles_through_field_types_are_refused(client):
    """fields > type > fields > … multiplies by every type's fields at each turn."""
    cycle = "{ __schema { types { " + "fields { type { " * 5 + "name" + " } }" * 5 + " } } }"
    response, body = post(client, cycle)
    assert (response.status_code, error_code(body)) == (400, "QUERY_TOO_COMPLEX")


def test_fragment_cycle_is_a_validation_error_not_a_crash(client):
    """The limits walk fragments before the spec's rules report the cycle: it must end."""
    query = '{ products(first: 1, channel: "online") { edges { node { ...P } } } } fragment P on Product { category { products(first: 1) { edges { node { ...P } } } } }'
    response, body = post(client, query)
    assert response.status_code == 400
    assert any("Cannot spread fragment 'P' within itself" in e["message"] for e in body["errors"]), body


def test_a_fragment_doubling_at_every_level_is_measured_once(client):
    """`F0 { a: x { ...F1 } b: x { ...F1 } }`, twenty levels: a walk per use would take 2^20
    steps before the limits answer."""
    fragments = (
        "".join(f"fragment F{i} on Category {{ a: parent {{ ...F{i + 1} }} b: parent {{ ...F{i + 1} }} }} " for i in range(20))
        + "fragment F20 on Category { name }"
    )
    query = '{ category(slug: "x") { ...F0 } } ' + fragments
    response, body = post(client, query)
    assert (response.status_code, error_code(body)) == (400, "QUERY_TOO_DEEP")
