"""Hostile argument values reach real queries and never crash them (hardening issue, point 5).

An outside probe found 500s and INTERNAL_ERRORs on: NUL characters in string arguments
(PostgreSQL refuses NUL in text), a Channel ID whose key is not a number, cursors carrying
values of the wrong type, NaN/Infinity/1e400 in price ranges, and JSON bodies or variables
nested deeply enough to make json.loads raise RecursionError. Each answer must instead be a
GraphQL error with a code: 400 when the request cannot run at all, or an error on the field.

The explicit cases pin what the probe found; the hypothesis tests push the same families of
values (as variables and as literals) into a set of real queries: products/page/channel/
attribute by slug, orders by externalReference (staff), price ranges, pagination cursors.
"""

from __future__ import annotations

import base64
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

# Modest, fixed samples: these run in the suite on every change.
INPUTS = hsettings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture
def production_mode(settings):
    """DEBUG off: an unexpected exception shows as INTERNAL_ERROR (or a 500), as in production."""
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


@pytest.fixture
def callers(production_mode, product, producer_page, stars_attribute):
    """An anonymous shopper and a superuser (staff token: orders, every channel). The token
    needs no password: none is hashed, which would be most of each test's time."""
    from commerce.account.models import User

    root = User(email="root@example.com", is_staff=True, is_superuser=True, is_active=True)
    root.set_unusable_password()
    root.save()
    return {"anonymous": ApiClient(raise_request_exception=False), "staff": ApiClient(user=root, raise_request_exception=False)}


def errors_of(response) -> list[dict]:
    body = json.loads(response.content)
    results = body if isinstance(body, list) else [body]
    return [error for result in results for error in result.get("errors") or []]


def assert_handled(response) -> list[dict]:
    """A proper GraphQL answer: 200 or 400, JSON, and every error carries a code that is not
    INTERNAL_ERROR (the code an unexpected exception gets in production)."""
    assert response.status_code in (200, 400), (response.status_code, response.content[:800])
    errors = errors_of(response)
    for error in errors:
        code = (error.get("extensions") or {}).get("exception", {}).get("code")
        assert code, error
        assert code != "INTERNAL_ERROR", error
    return errors


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def cursor(values) -> str:
    return b64(json.dumps(values))


# --- the probe's findings, one by one -------------------------------------------------------

NUL_CASES = [
    ('query($v: String) { product(slug: $v, channel: "online") { name } }', "anonymous"),
    ("query($v: String) { page(slug: $v) { title } }", "anonymous"),
    ("query($v: String) { channel(slug: $v) { name } }", "anonymous"),
    ("query($v: String) { attribute(slug: $v) { name } }", "anonymous"),
    ("query($v: String) { order(externalReference: $v) { number } }", "staff"),
    ('query($v: String) { products(first: 5, channel: "online", filter: {slugs: [$v]}) { totalCount } }', "anonymous"),
]


@pytest.mark.parametrize("document,who", NUL_CASES)
def test_nul_in_a_string_variable_is_refused(callers, document, who):
    response = callers[who].post_graphql(document, {"v": "muoi-ot\x00"})
    errors = assert_handled(response)
    assert response.status_code == 400
    assert "NUL" in errors[0]["message"]


@pytest.mark.parametrize("document,who", NUL_CASES)
def test_nul_in_a_string_literal_is_refused(callers, document, who):
    literal = document.replace("query($v: String) ", "").replace("$v", json.dumps("muoi-ot\x00"))
    response = callers[who].post_graphql(literal)
    errors = assert_handled(response)
    assert response.status_code == 400
    assert "NUL" in errors[0]["message"]


@pytest.mark.parametrize("document,who", NUL_CASES)
def test_a_lone_surrogate_in_a_string_variable_is_refused(callers, document, who):
    """ "\\ud800" is a valid JSON escape but not UTF-8: psycopg could not encode it (a 500).
    (In a literal, graphql-core's lexer already refuses it as a syntax error.)"""
    response = callers[who].post_graphql(document, {"v": "muoi\ud800ot"})
    errors = assert_handled(response)
    assert response.status_code == 400
    assert "surrogate" in errors[0]["message"]


# A key of the other kind: a UUID where the model's key is a bigint, an integer where it is a UUID.
WRONG_KIND_OF_KEY = [
    ("query($id: ID!) { channel(id: $id) { name } }", "Channel", "6f1c1a43-9d0e-4a5e-8f43-2d6d0f7a1c11", "anonymous"),
    ('query($id: ID!) { product(id: $id, channel: "online") { name } }', "Product", "6f1c1a43-9d0e-4a5e-8f43-2d6d0f7a1c11", "anonymous"),
    ("query($id: ID!) { page(id: $id) { title } }", "Page", "6f1c1a43-9d0e-4a5e-8f43-2d6d0f7a1c11", "anonymous"),
    ("query($id: ID!) { warehouse(id: $id) { name } }", "Warehouse", "5", "staff"),
    ("query($id: ID!) { checkout(id: $id) { id } }", "Checkout", "5", "anonymous"),
]


@pytest.mark.parametrize("document,type_name,key,who", WRONG_KIND_OF_KEY)
def test_an_id_whose_key_is_of_the_wrong_kind_for_its_type_is_an_invalid_id(callers, document, type_name, key, who):
    response = callers[who].post_graphql(document, {"id": b64(f"{type_name}:{key}")})
    errors = assert_handled(response)
    assert errors and "Invalid ID" in errors[0]["message"], errors


def test_nul_deep_inside_an_input_object_is_refused(callers):
    document = 'query($where: ProductWhereInput) { products(first: 5, channel: "online", where: $where) { totalCount } }'
    response = callers["anonymous"].post_graphql(document, {"where": {"AND": [{"slug": {"oneOf": ["a", "b\x00"]}}]}})
    assert_handled(response)
    assert response.status_code == 400


@pytest.mark.parametrize("key", ["abc", "", "1.5", "1e3", "99999999999999999999999", "\x00", "1 OR 1=1"])
def test_channel_id_with_a_key_that_is_not_a_number_is_an_invalid_id(callers, key):
    response = callers["anonymous"].post_graphql("query($id: ID) { channel(id: $id) { name } }", {"id": b64(f"Channel:{key}")})
    errors = assert_handled(response)
    assert errors and "Invalid ID" in errors[0]["message"], errors
    assert (json.loads(response.content).get("data") or {}).get("channel") is None


@pytest.mark.parametrize(
    "document,after",
    [
        # pages and attributes page by (slug, pk), orders by number: a key of the wrong type
        ("query($after: String) { pages(first: 5, after: $after) { edges { node { slug } } } }", cursor(["a", "not-a-number"])),
        ("query($after: String) { attributes(first: 5, after: $after) { edges { node { slug } } } }", cursor(["a", "1e400"])),
        ("query($after: String) { orders(first: 5, after: $after) { edges { node { number } } } }", cursor(["abc"])),
        ("query($after: String) { orders(first: 5, after: $after) { edges { node { number } } } }", cursor(["99999999999999999999999999"])),
        (
            'query($after: String) { products(first: 5, channel: "online", after: $after) { edges { node { slug } } } }',
            cursor(["a\x00", "b"]),
        ),
        (
            'query($after: String) { products(first: 5, channel: "online", after: $after, sortBy: {field: PRICE, direction: ASC}) { edges { node { slug } } } }',
            cursor(["NaN", "x"]),
        ),
        (
            'query($after: String) { products(first: 5, channel: "online", after: $after, sortBy: {field: CREATED_AT, direction: ASC}) { edges { node { slug } } } }',
            cursor(["yesterday", "1"]),
        ),
        (
            'query($after: String) { products(first: 5, channel: "online", after: $after) { edges { node { slug } } } }',
            cursor([["nested"], {"a": 1}]),
        ),
        ('query($after: String) { products(first: 5, channel: "online", after: $after) { edges { node { slug } } } }', "%%%not base64"),
    ],
)
def test_malformed_cursor_is_an_invalid_cursor_error(callers, document, after):
    response = callers["staff"].post_graphql(document, {"after": after})
    errors = assert_handled(response)
    assert errors and "cursor" in errors[0]["message"].lower(), errors


PRICE_RANGE = 'products(first: 5, channel: "online", filter: {price: {gte: %s}}) { totalCount }'
DECIMAL_RANGE = 'products(first: 5, channel: "online", where: {price: {range: {gte: %s}}}) { totalCount }'


@pytest.mark.parametrize(
    "document",
    [
        "{ " + PRICE_RANGE % "NaN" + " }",
        "{ " + PRICE_RANGE % "1e400" + " }",
        "{ " + PRICE_RANGE % "-1e400" + " }",
        "{ " + DECIMAL_RANGE % '"NaN"' + " }",
        "{ " + DECIMAL_RANGE % '"Infinity"' + " }",
        "{ " + DECIMAL_RANGE % '"-Infinity"' + " }",
        "{ " + DECIMAL_RANGE % '"sNaN"' + " }",
        "{ " + DECIMAL_RANGE % '"1e999999"' + " }",
    ],
)
def test_non_finite_or_out_of_range_number_literals_are_invalid_input(callers, document):
    response = callers["anonymous"].post_graphql(document)
    errors = assert_handled(response)
    assert response.status_code == 400 and errors, response.content


@pytest.mark.parametrize(
    "document",
    [
        "{ " + DECIMAL_RANGE % ("9" * 400) + " }",
        "{ " + DECIMAL_RANGE % '"1e-999999"' + " }",
        "{ " + PRICE_RANGE % "1e308" + " }",
        "{ " + PRICE_RANGE % "5e-324" + " }",
    ],
)
def test_huge_or_tiny_finite_numbers_are_answered(callers, document):
    assert_handled(callers["anonymous"].post_graphql(document))


@pytest.mark.parametrize(
    "kind,value",
    [
        ("Float", float("nan")),
        ("Float", float("inf")),
        ("Float", "NaN"),
        ("Decimal", float("nan")),
        ("Decimal", float("-inf")),
        ("Decimal", "NaN"),
        ("Decimal", "Infinity"),
        ("Decimal", "1e999999"),
    ],
)
def test_non_finite_number_variables_are_invalid_input(callers, kind, value):
    field = PRICE_RANGE if kind == "Float" else DECIMAL_RANGE
    # json.dumps writes NaN/Infinity tokens, as a careless client would: not JSON, refused too.
    response = callers["anonymous"].post_graphql(f"query($v: {kind}) {{ {field % '$v'} }}", {"v": value})
    errors = assert_handled(response)
    assert response.status_code == 400 and errors, response.content


@pytest.mark.parametrize("depth", [40, 5000, 200_000])
def test_deeply_nested_json_body_is_a_400(callers, depth):
    body = "[" * depth + "]" * depth
    response = callers["anonymous"].post("/graphql/", data=body, content_type="application/json")
    assert_handled(response)
    assert response.status_code == 400


@pytest.mark.parametrize("depth", [40, 5000, 100_000])
def test_deeply_nested_variables_are_a_400(callers, depth):
    nested = "[" * depth + "]" * depth
    body = '{"query": "query($m: Metadata) { shop { name } }", "variables": {"m": %s}}' % nested
    response = callers["anonymous"].post("/graphql/", data=body, content_type="application/json")
    errors = assert_handled(response)
    assert response.status_code == 400 and "nested" in errors[0]["message"]


def test_deeply_nested_variables_over_get_are_a_400(callers):
    response = callers["anonymous"].get("/graphql/", {"query": "{ shop { name } }", "variables": "[" * 5000 + "]" * 5000})
    assert_handled(response)
    assert response.status_code == 400


def test_deeply_nested_variables_in_process_are_refused(production_mode, db):
    """The in-process transport calls execute_document directly: the same limit applies."""
    from commerce.graphql.core.execute import execute_document

    nested: list = []
    for _ in range(200):
        nested = [nested]
    body, ok = execute_document("query($m: Metadata) { shop { name } }", {"m": nested})
    assert not ok and "nested" in body["errors"][0]["message"]


def test_deeply_nested_graphql_document_is_a_400(callers):
    query = "{ shop " + "{ name " * 3000 + "}" * 3001
    assert_handled(callers["anonymous"].post_graphql(query))
    query = '{ products(first: 1, channel: "online", filter: {slugs: ' + "[" * 3000 + "]" * 3000 + "}) { totalCount } }"
    response = callers["anonymous"].post_graphql(query)
    assert_handled(response)
    assert response.status_code == 400


def test_ordinary_inputs_still_work(callers, product, producer_page, channel_online):
    """The checks refuse only what is malformed: real slugs, IDs, cursors and ranges answer."""
    from commerce.graphql.core.types import to_global_id

    anonymous = callers["anonymous"]
    body = json.loads(
        anonymous.post_graphql('query($slug: String) { product(slug: $slug, channel: "online") { name } }', {"slug": product.slug}).content
    )
    assert body == {"data": {"product": {"name": product.name}}}
    channel = json.loads(
        anonymous.post_graphql("query($id: ID) { channel(id: $id) { slug } }", {"id": to_global_id("Channel", channel_online.pk)}).content
    )
    assert channel == {"data": {"channel": {"slug": "online"}}}
    for price_range in ("filter: {price: {gte: 1.5, lte: 1e300}}", 'where: {price: {range: {gte: "0.5", lte: 1e20}}}'):
        page = json.loads(
            anonymous.post_graphql('{ products(first: 1, channel: "online", %s) { edges { cursor node { slug } } } }' % price_range).content
        )
        assert page["data"]["products"]["edges"][0]["node"]["slug"] == product.slug, page
    after = page["data"]["products"]["edges"][0]["cursor"]
    rest = json.loads(
        anonymous.post_graphql(
            'query($after: String) { products(first: 1, channel: "online", after: $after) { edges { node { slug } } } }', {"after": after}
        ).content
    )
    assert rest == {"data": {"products": {"edges": []}}}
    text = json.loads(anonymous.post_graphql("query($s: String) { page(slug: $s) { title } }", {"s": "phu-gia-bao\t\n"}).content)
    assert text == {"data": {"page": None}}


# --- property-based: the same families of values, anywhere in a set of real queries ---------

nul_text = st.tuples(st.text(max_size=12), st.text(max_size=12)).map(lambda parts: parts[0] + "\x00" + parts[1])
hostile_text = st.one_of(
    nul_text,
    st.text(max_size=30),
    st.sampled_from(
        ["", "online", "muoi-ot", "x" * 600, "%00", "\\u0000", "' OR 1=1 --", "\u202e", "🌶️", "NaN", "1e400", "\ud800", "a\udfffb"]
    ),
)
hostile_numbers = st.one_of(
    st.floats(),  # NaN and ±Infinity included: json.dumps writes them as (non-JSON) tokens
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([1e30, 1e308, -0.0, 5e-324, 2**31, 2**63, 10**30]),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "sNaN", "1e400", "1e999999", "1e-999999", "0x10", "", "1,5"]),
)
hostile_ids = st.one_of(
    st.sampled_from(["Channel", "Product", "Page", "Attribute", "Order", ""]).flatmap(
        lambda type_name: st.one_of(hostile_text, st.integers(-(10**30), 10**30).map(str)).map(lambda key: b64(f"{type_name}:{key}"))
    ),
    hostile_text,
    st.binary(max_size=20).map(lambda raw: base64.b64encode(raw).decode()),
)
cursor_values = st.one_of(hostile_text, hostile_numbers, st.none(), st.booleans(), st.lists(st.integers(), max_size=2))
hostile_cursors = st.one_of(
    st.lists(cursor_values, min_size=1, max_size=3).map(lambda values: cursor(values)),
    hostile_text,
    st.binary(max_size=30).map(lambda raw: base64.b64encode(raw).decode()),
)

# (document, variables strategy, caller): each variable is typed as the schema types it.
VARIABLE_QUERIES = [
    ('query($v: String) { product(slug: $v, channel: "online") { name } }', st.fixed_dictionaries({"v": hostile_text}), "anonymous"),
    ("query($v: String) { page(slug: $v) { title } }", st.fixed_dictionaries({"v": hostile_text}), "anonymous"),
    (
        "query($v: String, $id: ID) { channel(slug: $v, id: $id) { name } }",
        st.fixed_dictionaries({}, optional={"v": hostile_text, "id": hostile_ids}),
        "anonymous",
    ),
    (
        "query($v: String, $id: ID) { attribute(slug: $v, id: $id) { name } }",
        st.fixed_dictionaries({}, optional={"v": hostile_text, "id": hostile_ids}),
        "anonymous",
    ),
    (
        "query($v: String, $id: ID) { order(externalReference: $v, id: $id) { number } }",
        st.fixed_dictionaries({}, optional={"v": hostile_text, "id": hostile_ids}),
        "staff",
    ),
    (
        'query($v: String, $id: ID) { product(id: $id, externalReference: $v, channel: "online") { name } }',
        st.fixed_dictionaries({}, optional={"v": hostile_text, "id": hostile_ids}),
        "anonymous",
    ),
    (
        'query($gte: Float, $lte: Float) { products(first: 5, channel: "online", filter: {price: {gte: $gte, lte: $lte}}) { totalCount } }',
        st.fixed_dictionaries({}, optional={"gte": hostile_numbers, "lte": hostile_numbers}),
        "anonymous",
    ),
    (
        'query($gte: Decimal, $lte: Decimal) { products(first: 5, channel: "online", where: {price: {range: {gte: $gte, lte: $lte}}}) { totalCount } }',
        st.fixed_dictionaries({}, optional={"gte": hostile_numbers, "lte": hostile_numbers}),
        "anonymous",
    ),
    (
        'query($after: String, $sort: ProductOrderField) { products(first: 5, channel: "online", after: $after, sortBy: {field: $sort, direction: DESC}) { edges { node { slug } } } }',
        st.fixed_dictionaries(
            {
                "after": hostile_cursors,
                "sort": st.sampled_from(["NAME", "PRICE", "CREATED_AT", "LAST_MODIFIED_AT", "RATING", "PUBLISHED_AT"]),
            }
        ),
        "staff",
    ),
    (
        "query($after: String, $before: String) { pages(first: 5, after: $after, before: $before) { edges { node { slug } } } }",
        st.fixed_dictionaries({}, optional={"after": hostile_cursors, "before": hostile_cursors}),
        "anonymous",
    ),
    (
        "query($after: String) { orders(first: 5, after: $after) { edges { node { number } } } }",
        st.fixed_dictionaries({"after": hostile_cursors}),
        "staff",
    ),
    (
        "query($after: String) { attributes(first: 5, after: $after) { edges { node { slug } } } }",
        st.fixed_dictionaries({"after": hostile_cursors}),
        "anonymous",
    ),
]


@INPUTS
@given(data=st.data())
def test_hostile_variables_in_real_queries(callers, data):
    document, variables, who = data.draw(st.sampled_from(VARIABLE_QUERIES))
    assert_handled(callers[who].post_graphql(document, data.draw(variables)))


def graphql_literal(value) -> str:
    """A value as GraphQL literal text; numbers keep their spelling (1e400, nan, inf)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, float) and not math.isfinite(value):
        return {"nan": "NaN"}.get(str(value), "1e400" if value > 0 else "-1e400")
    return repr(value)


LITERAL_QUERIES = [
    ('{ product(slug: %s, channel: "online") { name } }', hostile_text, "anonymous"),
    ("{ page(slug: %s) { title } }", hostile_text, "anonymous"),
    ("{ channel(id: %s) { name } }", hostile_ids, "anonymous"),
    ("{ attribute(slug: %s) { name } }", hostile_text, "anonymous"),
    ("{ order(externalReference: %s) { number } }", hostile_text, "staff"),
    ("{ " + PRICE_RANGE + " }", hostile_numbers, "anonymous"),
    ("{ " + DECIMAL_RANGE + " }", hostile_numbers, "anonymous"),
    ('{ products(first: 5, channel: "online", after: %s) { edges { node { slug } } } }', hostile_cursors, "anonymous"),
]


@INPUTS
@given(data=st.data())
def test_hostile_literals_in_real_queries(callers, data):
    template, values, who = data.draw(st.sampled_from(LITERAL_QUERIES))
    assert_handled(callers[who].post_graphql(template % graphql_literal(data.draw(values))))


def nested(depth: int, leaf) -> object:
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


@hsettings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    depth=st.integers(min_value=33, max_value=3000),
    leaf=st.one_of(st.none(), st.integers(), hostile_text),
    where=st.sampled_from(["body", "variables"]),
)
def test_deep_nesting_anywhere_in_a_body_is_a_400(callers, depth, leaf, where):
    """Built as text: json.dumps itself would recurse too deep for the largest values."""
    inner = json.dumps(leaf)
    for level in range(depth):
        inner = f"[{inner}]" if level % 2 else f'{{"k": {inner}}}'
    if where == "body":
        body = inner
    else:
        body = '{"query": "query($m: Metadata) { shop { name } }", "variables": {"m": %s}}' % inner
    response = callers["anonymous"].post("/graphql/", data=body, content_type="application/json")
    assert_handled(response)
    assert response.status_code == 400
