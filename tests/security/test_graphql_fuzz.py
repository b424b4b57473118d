"""Property-based fuzzing of POST /graphql/ (hypothesis): documents built from our schema's own
fields and arguments with random values, random JSON bodies and random variables, sent as an
anonymous shopper and as a superuser (the deepest code paths). In production mode (DEBUG off)
the server never answers 500 and never shows a traceback or an internal name."""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
)

from tests.conftest import ApiClient

LEAKS = re.compile(
    r"Traceback|File \"|/site-packages/|\.py\b|django\.|psycopg|commerce\.|graphene\.|"
    r"IntegrityError|DataError|ProgrammingError|OperationalError|KeyError|AttributeError|TypeError:|"
    r"ValueError|DoesNotExist|SELECT |INSERT |UPDATE \"|line \d+, in"
)
# A fixed, quick sample in the suite; FUZZ_EXAMPLES=2000 FUZZ_RANDOM=1 for a longer hunt.
FUZZ = hsettings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "80")),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "online",
            "x" * 300,
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            '"; DROP TABLE product_product; --',
            "\u202e\u200b",
            "%00",
            "../../etc/passwd",
            "UHJvZHVjdDox",
            "UHJvZHVjdDotMQ==",
            "T3JkZXI6bm90LWEtdXVpZA==",
            "Q2hlY2tvdXQ6MQ==",
            "Tm9wZTox",
            "00000000-0000-0000-0000-000000000000",
            "9" * 40,
            "-1",
            "1e309",
            "NaN",
        ]
    ),
)
any_scalar = st.one_of(
    hostile_text,
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)


def _schema():
    from commerce.graphql.api import schema

    return schema.graphql_schema


def _unwrap(type_):
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


def value_for(type_, depth=0):
    """A strategy of GraphQL literal text for an input type: mostly well-typed, sometimes not."""
    if isinstance(type_, GraphQLNonNull):
        return value_for(type_.of_type, depth)
    if isinstance(type_, GraphQLList):
        return st.lists(value_for(type_.of_type, depth + 1), max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
    if isinstance(type_, GraphQLEnumType):
        return st.sampled_from(sorted(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        if depth > 3:
            return st.just("{}")
        fields = sorted(type_.fields.items())
        return (
            st.lists(st.sampled_from(fields), max_size=6, unique_by=lambda f: f[0])
            .flatmap(lambda chosen: st.tuples(*[value_for(f.type, depth + 1).map(lambda v, n=n: f"{n}: {v}") for n, f in chosen]))
            .map(lambda parts: "{" + ", ".join(parts) + "}")
        )
    name = type_.name
    literal = any_scalar.map(lambda v: json.dumps(v) if v is not None else "null")
    if name in ("Int", "PositiveInt"):
        return st.one_of(st.integers(min_value=-(2**31), max_value=2**31 - 1).map(str), literal)
    if name in ("Float", "Decimal", "PositiveDecimal", "Weight"):
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr), literal)
    if name == "Boolean":
        return st.one_of(st.sampled_from(["true", "false"]), literal)
    return st.one_of(hostile_text.map(json.dumps), literal)


def selection_for(type_, depth=0):
    """A strategy of selection-set text for an output type (a few fields, a little nesting)."""
    type_ = _unwrap(type_)
    if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
        return st.just("")
    if isinstance(type_, (GraphQLUnionType,)) or depth > 2:
        return st.just("{ __typename }")
    fields = sorted((n, f) for n, f in type_.fields.items() if not any(isinstance(a.type, GraphQLNonNull) for a in f.args.values()))
    if not fields:
        return st.just("{ __typename }")

    def render(chosen):
        return st.tuples(*[selection_for(f.type, depth + 1).map(lambda sub, n=n: f"{n} {sub}".strip()) for n, f in chosen]).map(
            lambda parts: "{ __typename " + " ".join(parts) + " }"
        )

    return st.lists(st.sampled_from(fields), min_size=1, max_size=4, unique_by=lambda f: f[0]).flatmap(render)


@st.composite
def documents(draw):
    schema = _schema()
    kind = draw(st.sampled_from(["query", "mutation"]))
    root = schema.query_type if kind == "query" else schema.mutation_type
    name, field = draw(st.sampled_from(sorted(root.fields.items())))
    args = []
    for arg_name, arg in sorted(field.args.items()):
        if isinstance(arg.type, GraphQLNonNull) or draw(st.booleans()):
            args.append(f"{arg_name}: {draw(value_for(arg.type))}")
    if draw(st.integers(0, 9)) == 0:  # now and then an argument the field does not have
        args.append(f"bogus: {draw(value_for(schema.get_type('String')))}")
    arguments = f"({', '.join(args)})" if args else ""
    return f"{kind} {{ {name}{arguments} {draw(selection_for(field.type))} }}"


STATUSES: dict[int, int] = {}


def _check(response):
    STATUSES[response.status_code] = STATUSES.get(response.status_code, 0) + 1
    assert response.status_code != 500, response.content[:1000]
    assert response.status_code < 500 or response.status_code == 503, response.status_code
    text = response.content.decode("utf-8", "replace")
    leak = LEAKS.search(text)
    assert leak is None, f"{leak.group(0)!r} in {text[:1000]}"
    if response["Content-Type"].startswith("application/json"):
        json.loads(text)


@pytest.fixture
def production_mode(settings):
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


@pytest.fixture
def fuzz_clients(db, superuser, production_mode, product):
    return [ApiClient(raise_request_exception=False), ApiClient(user=superuser, raise_request_exception=False)]


@FUZZ
@given(document=documents(), who=st.integers(0, 1))
def test_schema_shaped_documents(fuzz_clients, document, who):
    _check(fuzz_clients[who].post_graphql(document))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=12,
)


@FUZZ
@given(
    body=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"query": st.one_of(hostile_text, json_values)}, optional={"variables": json_values, "operationName": json_values}
        ),
        st.lists(st.fixed_dictionaries({"query": hostile_text}), max_size=25),
    )
)
def test_random_json_bodies(fuzz_clients, body):
    response = fuzz_clients[0].post("/graphql/", data=json.dumps(body), content_type="application/json")
    _check(response)


@FUZZ
@given(raw=st.binary(max_size=200), content_type=st.sampled_from(["application/json", "text/plain", "multipart/form-data; boundary=x", ""]))
def test_random_bytes(fuzz_clients, raw, content_type):
    _check(fuzz_clients[0].generic("POST", "/graphql/", raw, content_type=content_type))


VARIABLE_DOCUMENTS = [
    "query($channel: String, $first: Int, $search: String, $after: String) { products(channel: $channel, first: $first, after: $after, search: $search) { totalCount edges { node { name } } } }",
    "query($id: ID, $slug: String, $channel: String) { product(id: $id, slug: $slug, channel: $channel) { name variants { sku } } }",
    "query($id: ID) { order(id: $id) { number userEmail } }",
    "query($token: UUID) { checkout(token: $token) { id email } }",
    "mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) { checkout { id } errors { field code } } }",
    "mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password) { token errors { code } } }",
    "mutation($id: ID!, $input: ProductInput!) { productUpdate(id: $id, input: $input) { product { name } errors { code } } }",
]


@FUZZ
@given(
    document=st.sampled_from(VARIABLE_DOCUMENTS),
    variables=st.one_of(
        json_values,
        st.dictionaries(
            st.sampled_from(["channel", "first", "search", "after", "id", "slug", "token", "input", "email", "password"]),
            json_values,
            max_size=6,
        ),
    ),
    who=st.integers(0, 1),
)
def test_random_variables(fuzz_clients, document, variables, who):
    _check(fuzz_clients[who].post_graphql(document, variables))


def test_the_fuzzing_reaches_execution():
    """Not all refused at the door: a good share of the generated documents ran (200)."""
    if not STATUSES:
        pytest.skip("run with the fuzz tests above")
    assert STATUSES.get(200, 0) >= sum(STATUSES.values()) // 5, STATUSES
