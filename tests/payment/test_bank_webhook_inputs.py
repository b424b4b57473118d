"""The bank's notification, correctly signed but with values the tables cannot hold (hardening
issue, point 5): deep nesting (json.loads raised RecursionError), an amount of 1e30 (numeric
overflow on insert), NaN/Infinity, NUL characters (PostgreSQL refuses them), an id longer than
its column. Each is a 400 with a JSON error naming the problem, and nothing is written."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from commerce.payment.models import TransactionEvent, TransactionItem, WebhookDelivery

from .helpers import sign_bank
from .test_vietqr_bank import start_transfer


@pytest.fixture
def bank(db, vietqr_settings, settings):
    """A client that shows a 500 as a response (as production would) instead of raising."""
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    return Client(raise_request_exception=False)


def post_signed(client, body: str | bytes):
    body = body.encode() if isinstance(body, str) else body
    return client.post("/webhooks/bank/", data=body, content_type="application/json", HTTP_X_SIGNATURE=sign_bank(body))


def written() -> tuple[int, int]:
    return WebhookDelivery.objects.count(), TransactionEvent.objects.count()


def nested_text(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


@pytest.mark.parametrize(
    "body,problem",
    [
        ('{"id": "FT1", "amount": 1e30, "memo": "OCOP"}', "amount"),
        ('{"id": "FT1", "amount": 1000000000000000000000000000000, "memo": "OCOP"}', "amount"),
        ('{"id": "FT1", "amount": "1e30", "memo": "OCOP"}', "amount"),
        ('{"id": "FT1", "amount": 100000000000000000, "memo": "OCOP"}', "amount"),
        ('{"id": "FT1", "amount": 1e400, "memo": "OCOP"}', "finite"),
        ('{"id": "FT1", "amount": NaN, "memo": "OCOP"}', "NaN"),
        ('{"id": "FT1", "amount": Infinity, "memo": "OCOP"}', "Infinity"),
        ('{"id": "FT1", "amount": 1e-30, "memo": "OCOP"}', "amount"),
        ('{"id": "FT1", "amount": true, "memo": "OCOP"}', "amount"),
        ('{"id": "FT1", "amount": [180000], "memo": "OCOP"}', "amount"),
        ('{"id": "FT1", "amount": %s}' % nested_text(20), "nested"),
        ('{"id": "FT1", "amount": %s}' % nested_text(5000), "nested"),
        ('{"id": "FT1", "amount": 180000, "extra": %s}' % nested_text(100_000), "nested"),
        (nested_text(120_000), "nested"),  # under the 256 KiB size limit
        ('{"id": "FT1\\u0000", "amount": 180000}', "NUL"),
        ('{"id": "FT1", "amount": 180000, "memo": "OCOP\\u0000ABCDEFGH"}', "NUL"),
        ('{"id": "FT1", "amount": 180000, "bank\\u0000": "x"}', "NUL"),
        ('{"id": "FT1\\ud800", "amount": 180000}', "surrogate"),
        ('{"id": "FT1", "amount": 180000, "memo": "OCOP\\udfffABCDEFGH"}', "surrogate"),
        ('{"id": "%s", "amount": 180000}' % ("F" * 256), "id"),
        ('{"id": {"ref": "FT1"}, "amount": 180000}', "id"),
        ('{"id": true, "amount": 180000}', "id"),
    ],
)
def test_signed_but_unstorable_notification_is_a_400_and_writes_nothing(bank, body, problem):
    response = post_signed(bank, body)
    assert response.status_code == 400, response.content[:300]
    assert problem in response.json()["error"]
    assert written() == (0, 0)


def test_nothing_half_written_for_a_matched_transfer(bank, api_client, order):
    """The memo names a real transfer: a refused amount leaves it untouched."""
    payload = start_transfer(api_client, order)
    memo = payload["data"]["memo"]
    before = written()
    for amount in ("1e30", "1e17", "NaN", "180000.0001"):
        response = post_signed(bank, '{"id": "FT7", "amount": %s, "memo": "%s"}' % (amount, memo))
        assert response.status_code == 400, (amount, response.content)
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert (item.charged_value, item.needs_review) == (0, False)
    assert written() == before
    # The real amount, written as a bank might (a float with zeros, a string), still pays.
    response = post_signed(bank, '{"id": "FT7", "amount": 180000.000, "memo": "%s"}' % memo)
    assert response.json() == {"status": "paid"}


amounts = st.one_of(
    st.floats(),  # NaN and ±Infinity included: json.dumps writes them as (non-JSON) tokens
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from([1e30, 1e17, 99999999999999999, 180000, 180000.5, 5e-324, "180000", " 180000 ", "1e30", "0x10", None, True, [], {}]),
)
texts = st.one_of(
    st.text(max_size=20),
    st.tuples(st.text(max_size=8), st.text(max_size=8)).map(lambda parts: parts[0] + "\x00" + parts[1]),
    st.sampled_from(["F" * 256, "F" * 255, "OCOP", ""]),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
    max_leaves=10,
)


@hsettings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    notification=st.fixed_dictionaries(
        {"id": st.one_of(texts, st.integers(), json_values), "amount": amounts},
        optional={"memo": st.one_of(texts, json_values), "account": texts, "extra": json_values},
    ),
    depth=st.sampled_from([0, 0, 0, 9, 50, 3000]),
)
def test_any_signed_notification_is_answered_without_a_500(bank, notification, depth):
    body = json.dumps(notification)
    if depth:
        body = body[:-1] + ', "deep": %s}' % nested_text(depth)
    before = written()
    response = post_signed(bank, body)
    assert response.status_code in (200, 400), (response.status_code, body[:300])
    answer = response.json()
    if response.status_code == 400:
        assert answer["error"]
        assert written() == before
    else:
        assert answer["status"] in ("paid", "amount_mismatch", "unmatched", "duplicate")
