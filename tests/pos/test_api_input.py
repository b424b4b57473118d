"""The register API never answers 500 to ill-typed or ill-formed input: every endpoint answers
a JSON error {"error": {"code", "message"}} (400 for bad input), whatever a field holds — a
list where an id is meant, 1e400, "abc" as an amount, JSON nested 100,000 deep. The probe's
own requests first, then hypothesis over each field of each endpoint."""

from __future__ import annotations

import json
import os
import re
import uuid

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from pos.models import Sale

from .conftest import make_sale

API = "/pos/api/"
# What a message must never show: Python's own words for what went wrong.
LEAKS = re.compile(
    r"Traceback|File \"|\.py\b|invalid literal|object is not|not subscriptable|could not convert|"
    r"Decimal|InvalidOperation|TypeError|ValueError|KeyError|RecursionError|OverflowError|"
    r"psycopg|IntegrityError|DataError|codec|NoneType|expected a number|\bint\(\)|float\("
)
FUZZ = hsettings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # The fuzzer sends far more requests a minute than a register would.
    settings.POS_RATE_LIMIT_API = settings.POS_RATE_LIMIT_SYNC = settings.POS_RATE_LIMIT_PAIRING = 0


def send(client, path, body: bytes | str):
    return client.post(API + path, data=body.encode() if isinstance(body, str) else body, content_type="application/json")


def assert_json_error_or_success(response, *, expect_error: bool = False):
    """A JSON answer; an error carries a code and a message without Python internals."""
    assert response.status_code < 500 or response.status_code == 502, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    if expect_error:
        assert response.status_code >= 400, body
    if response.status_code >= 400:
        error = body["error"]
        assert isinstance(error["code"], str) and error["code"], body
        assert isinstance(error["message"], str) and error["message"], body
        assert not LEAKS.search(error["message"]), error["message"]
    return body


# --- the probe's requests --------------------------------------------------------------------

PROBE = [
    ("cashiers/sign-in", '{"cashierId": [1], "pin": "1234"}'),
    ("cashiers/sign-in", '{"cashierId": {"a": 1}, "pin": "1234"}'),
    ("cashiers/sign-in", '{"cashierId": 1e400, "pin": "1234"}'),
    ("cashiers/sign-in", '{"cashierId": "abc", "pin": "1234"}'),
    ("cashiers/sign-in", '{"cashierId": 99999999999999999999999, "pin": "1234"}'),
    ("cashiers/sign-in", '{"cashierId": true, "pin": "1234"}'),
    ("sessions", '{"cashierId": CASHIER, "openingFloat": "abc"}'),
    ("sessions", '{"cashierId": CASHIER, "openingFloat": 1e400}'),
    ("sessions", '{"cashierId": CASHIER, "openingFloat": 1e20}'),
    ("sessions", '{"cashierId": [CASHIER], "openingFloat": 0}'),
    ("sessions/SESSION/close", '{"cashierId": CASHIER, "countedCash": "abc"}'),
    ("sessions/SESSION/close", '{"cashierId": CASHIER, "countedCash": "sNaN"}'),
    ("sessions/SESSION/close", '{"cashierId": CASHIER, "countedCash": 100, "deviceSaleCount": [1]}'),
    ("sessions/SESSION/close", '{"cashierId": CASHIER, "countedCash": 100, "denominations": "x"}'),
    ("sales/SALE/print", '{"width": [80]}'),
    ("sales/SALE/print", '{"width": 1e400}'),
    ("sales/sync", '{"sales": {"a": 1}}'),
    ("sales/sync", "[1, 2]"),
    ("sales/sync", "NaN"),
    ("sales/sync", b"\xff\xfe{"),
    ("sales/sync", '{"sales": [' + "1" * 5000 + "]}"),
    ("sales/sync", DEEP),
    ("sessions", DEEP),
]


@pytest.fixture
def recorded_sale(device_client, register, open_session, cashiers, producer_products):
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    device_client.post(API + "sales/sync", data=json.dumps({"sales": [sale]}), content_type="application/json")
    return Sale.objects.get(uuid=sale["uuid"])


def test_the_probes_requests_get_a_json_400(device_client, client, open_session, cashiers, recorded_sale):
    """One test for them all: the set-up (a booth through the core's API) is the slow part."""
    failures = []
    for path, body in PROBE:
        path = path.replace("SESSION", str(open_session.pk)).replace("SALE", str(recorded_sale.uuid))
        if isinstance(body, str):
            body = body.replace("CASHIER", str(cashiers[0].pk))
        response = send(device_client, path, body)
        if response.status_code != 400:
            failures.append((path, str(body)[:60], response.status_code, response.content[:200]))
            continue
        assert_json_error_or_success(response, expect_error=True)
    assert failures == []

    # Not sales at all, in a batch: each is rejected on its own, with a code.
    response = send(device_client, "sales/sync", '{"sales": [1e400, -1e400, "x", null, [], {"uuid": 1e400}]}')
    assert response.status_code == 200, response.content[:300]
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * 6
    assert all(r["code"] for r in results)

    # Ids past bigint in the URL: no such session.
    response = device_client.get(API + "sessions/99999999999999999999999/x-report")
    assert response.status_code == 404
    assert_json_error_or_success(response, expect_error=True)
    response = send(device_client, "sessions/99999999999999999999999/close", '{"countedCash": 0}')
    assert response.status_code == 404
    assert_json_error_or_success(response, expect_error=True)

    # Deep JSON without a token: refused for the token, before the body is read.
    response = send(client, "sales/sync", DEEP)
    assert response.status_code == 401
    assert_json_error_or_success(response)


def test_pairing_parses_the_body_before_any_token_and_refuses_deep_json(db, client):
    response = send(client, "pair", DEEP)
    assert response.status_code == 400
    assert assert_json_error_or_success(response)["error"]["code"] == "INVALID_JSON"
    response = send(client, "pair", '{"code": ' + "[" * 200 + "]" * 200 + "}")  # parses, but deeper than any real body
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_JSON"
    response = send(client, "pair", '{"code": ["12345678"]}')
    assert response.status_code == 400
    assert_json_error_or_success(response)


# --- hypothesis over every field of every endpoint -------------------------------------------

# JSON text for one value: ordinary values of every type, and tokens Python's json module turns
# into trouble (1e400 → inf, 5,000 digits, NaN, lone surrogates, NUL, nesting).
json_fragment = st.one_of(
    st.none().map(json.dumps),
    st.booleans().map(json.dumps),
    st.integers(min_value=-(10**30), max_value=10**30).map(json.dumps),
    st.floats(allow_nan=False, allow_infinity=False).map(json.dumps),
    st.text(max_size=30).map(json.dumps),
    st.lists(st.integers(min_value=-5, max_value=5), max_size=3).map(json.dumps),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3).map(json.dumps),
    st.sampled_from(
        [
            "1e400",
            "-1e400",
            "1e-400",
            "1E309",
            "NaN",
            "Infinity",
            "-Infinity",
            "1" * 5000,
            "-0",
            "0.5",
            "4.2e13",
            '"abc"',
            '"1e400"',
            '"Infinity"',
            '"NaN"',
            '"sNaN"',
            '"²"',
            '"١٢"',
            '"\\u0000"',
            '"\\ud800"',
            '""',
            '" 12 "',
            '"9' + "9" * 40 + '"',
            "[" * 60 + "]" * 60,
            '{"a": ' * 40 + "1" + "}" * 40,
            "[]",
            "{}",
            '"00000000-0000-0000-0000-000000000000"',
        ]
    ),
)


def object_text(fields: dict[str, str]) -> str:
    return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in fields.items()) + "}"


def mutated(valid: dict, data) -> str:
    """The endpoint's valid body with one to all of its fields replaced by random JSON, or
    a field dropped, or an unknown field added."""
    fields = {k: json.dumps(v) for k, v in valid.items()}
    names = data.draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=len(fields), unique=True))
    for name in names:
        if data.draw(st.integers(0, 9)) == 0:
            del fields[name]
        else:
            fields[name] = data.draw(json_fragment)
    return object_text(fields)


@FUZZ
@given(data=st.data())
def test_any_field_of_any_endpoint_is_a_json_answer_never_a_500(
    device_client, client, register, open_session, cashiers, recorded_sale, data
):
    lan = cashiers[0]
    endpoints = [
        ("pair", {"code": "12345678"}),
        ("cashiers/sign-in", {"cashierId": lan.pk, "pin": "0000"}),
        ("sessions", {"cashierId": lan.pk, "openingFloat": 500000}),
        (
            f"sessions/{open_session.pk}/close",
            {"cashierId": lan.pk, "countedCash": 500000, "deviceSaleCount": 0, "denominations": {"500000": 1}},
        ),
        (f"sales/{recorded_sale.uuid}/print", {"width": 80}),
        ("sales/sync", {"sales": []}),
    ]
    path, valid = data.draw(st.sampled_from(endpoints))
    body = data.draw(st.one_of(st.just(None), json_fragment)) if data.draw(st.integers(0, 5)) == 0 else mutated(valid, data)
    body = object_text({k: json.dumps(v) for k, v in valid.items()}) if body is None else body
    answer = send(client if path == "pair" else device_client, path, body)
    assert_json_error_or_success(answer)
    if answer.status_code == 400:
        assert answer.json()["error"]["code"] in {"INVALID", "OUT_OF_RANGE", "INVALID_JSON", "INVALID_CODE"}


def sale_fields(register, session, cashier, product) -> dict:
    return make_sale(register, session, cashier, [(product, 1, 41000, 0)])


@FUZZ
@given(data=st.data())
def test_any_field_of_a_sale_is_a_per_sale_answer_never_a_500(device_client, register, open_session, cashiers, producer_products, data):
    """A sale whose fields are random JSON is accepted or rejected on its own, with a code;
    the batch always answers 200 with one result a sale."""
    sale = sale_fields(register, open_session, cashiers[0], producer_products[0])
    sale["uuid"] = str(uuid.uuid4())
    where = data.draw(st.sampled_from(["sale", "line", "payment"]))
    if where == "sale":
        text = mutated({k: v for k, v in sale.items() if k != "uuid"} | {"uuid": sale["uuid"]}, data)
    else:
        key = "lines" if where == "line" else "payments"
        inner = mutated(sale[key][0], data)
        fields = {k: json.dumps(v) for k, v in sale.items()}
        fields[key] = "[" + inner + "]"
        text = object_text(fields)
    good = sale_fields(register, open_session, cashiers[0], producer_products[1])
    answer = send(device_client, "sales/sync", '{"sales": [' + text + ", " + json.dumps(good) + "]}")
    if answer.status_code != 200:
        # Only a body that is not JSON at all (NaN, a 5,000-digit number) is refused whole.
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "INVALID_JSON", answer.content[:300]
        return
    results = answer.json()["results"]
    assert len(results) == 2
    assert results[1]["status"] in ("accepted", "duplicate"), results[1]
    assert results[0]["status"] in ("accepted", "duplicate", "rejected")
    if results[0]["status"] == "rejected":
        assert results[0]["code"] and results[0]["errors"], results[0]
