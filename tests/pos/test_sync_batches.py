"""One bad sale never poisons its batch. A sale that passed the old checks but could not be
stored (10^15 ₫, "Infinity", 100,000 × 10^9 ₫, refundOf "x", text PostgreSQL refuses, a date
that does not exist) used to make the whole batch fail — and a register resends its queue in
order, so it was stuck behind that sale for good. Now each is rejected alone with a code; the
others are stored, acknowledged and become orders."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from commerce.order.models import Order
from pos.models import Sale, SaleLine, SyncRejection

from .conftest import make_sale

SYNC = "/pos/api/sales/sync"
FUZZ = hsettings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.POS_RATE_LIMIT_SYNC = 0


def post(client, sales):
    return client.post(SYNC, data=json.dumps({"sales": sales}), content_type="application/json")


def _priced(sale: dict, unit, quantity=1) -> dict:
    sale["lines"][0].update(unitPrice=unit, quantity=quantity)
    total = unit if isinstance(unit, str) else unit * quantity
    sale["total"] = total
    sale["payments"] = [{"method": "cash", "amount": total}]
    return sale


# Each takes a well-made sale and spoils it in a way the old checks let through.
POISONS = {
    "unit price 10^15": lambda s: _priced(s, 10**15),
    "unit price Infinity": lambda s: _priced(s, "Infinity"),
    "100000 at 10^9": lambda s: _priced(s, 10**9, 100_000),
    "refundOf x": lambda s: {**s, "kind": "refund", "refundOf": "x"},
    "NUL in the receipt number": lambda s: {**s, "receiptNumber": "A12-1\x00"},
    "lone surrogate in the variant id": lambda s: {**s, "lines": [{**s["lines"][0], "variantId": "UHJvZHVjdFZhcmlhbnQ6\ud800"}]},
    "30 February": lambda s: {**s, "createdAt": "2026-02-30T10:00:00+07:00"},
    "year 1 at +14:00": lambda s: {**s, "createdAt": "0001-01-01T00:00:00+14:00"},
    "lines is a number": lambda s: {**s, "lines": 5},
    "sessionId ²": lambda s: {**s, "sessionId": "²"},
    "cashierId past bigint": lambda s: {**s, "cashierId": 10**30},
    "a receipt number that is a list": lambda s: {**s, "receiptNumber": ["A12-1-000001"]},
}
# Not wrong enough to refuse the sale, but each once failed the whole batch (text PostgreSQL
# refuses) or the whole push chunk (an e-mail that is not a string): labels are repaired,
# a bad e-mail is replaced by the booth's walk-in address.
HARMLESS = {
    "NUL in the product name": lambda s: {**s, "lines": [{**s["lines"][0], "productName": "Muối\x00ớt"}]},
    "lone surrogate in the sku": lambda s: {**s, "lines": [{**s["lines"][0], "sku": "MUOI-\ud800"}]},
    "a product name of 1,000 characters": lambda s: {**s, "lines": [{**s["lines"][0], "productName": "Muối ớt " * 125}]},
    "customerEmail a number": lambda s: {**s, "customerEmail": 12345},
    "customerEmail not an address": lambda s: {**s, "customerEmail": "khách hàng"},
}


def _raw(sales: list) -> str:
    # ensure_ascii keeps "\ud800" as an escape, as a device's JSON would carry it.
    return json.dumps({"sales": sales}, ensure_ascii=True)


def test_each_poisoned_sale_is_rejected_alone(device_client, register, open_session, cashiers, producer_products):
    """The probe's sales and their kin, each between two good sales (one test: the booth's
    set-up is the slow part); the harmless ones are accepted and become orders."""
    stored = set()
    for name in sorted(POISONS) + sorted(HARMLESS):
        good_before = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
        spoil = POISONS.get(name) or HARMLESS[name]
        middle = spoil(make_sale(register, open_session, cashiers[0], [(producer_products[1], 1, 54000, 0)]))
        good_after = make_sale(register, open_session, cashiers[0], [(producer_products[2], 1, 47000, 0)])
        response = device_client.post(SYNC, data=_raw([good_before, middle, good_after]), content_type="application/json")
        assert response.status_code == 200, (name, response.content[:300])
        results = response.json()["results"]
        poisoned = name in POISONS
        assert [r["status"] for r in results] == ["accepted", "rejected" if poisoned else "accepted", "accepted"], (name, results)
        made = [good_before["uuid"], good_after["uuid"]] + ([] if poisoned else [middle["uuid"]])
        if poisoned:
            assert results[1]["code"] in ("INVALID", "OUT_OF_RANGE") and results[1]["errors"], (name, results[1])
        stored |= {uuid.UUID(u) for u in made}
        assert set(Sale.objects.values_list("uuid", flat=True)) == stored, name
        assert Order.objects.filter(external_reference__in=made).count() == len(made), name
    assert SyncRejection.objects.count() == len(POISONS)  # each kept for staff, whatever it held
    # Labels PostgreSQL could not store are kept, repaired.
    assert SaleLine.objects.filter(product_name="Muối\ufffdớt").exists() and SaleLine.objects.filter(sku="MUOI-\ufffd").exists()


sale_kinds = st.lists(st.sampled_from(["good"] * 3 + sorted(POISONS) + sorted(HARMLESS)), min_size=1, max_size=8)


@FUZZ
@given(kinds=sale_kinds)
def test_a_batch_mixing_good_and_bad_sales_stores_every_good_one(device_client, register, open_session, cashiers, producer_products, kinds):
    batch, good = [], []
    for i, kind in enumerate(kinds):
        sale = make_sale(register, open_session, cashiers[i % 2], [(producer_products[i % 4], 1, [41000, 54000, 47000, 77000][i % 4], 0)])
        if kind in POISONS:
            sale = POISONS[kind](sale)
        else:
            good.append(sale["uuid"])
            sale = HARMLESS[kind](sale) if kind in HARMLESS else sale
        batch.append(sale)
    response = device_client.post(SYNC, data=_raw(batch), content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    results = response.json()["results"]
    assert len(results) == len(batch)
    for kind, result in zip(kinds, results):
        if kind in POISONS:
            assert result["status"] == "rejected" and result["code"], (kind, result)
        else:
            assert result["status"] == "accepted", (kind, result)
    assert Sale.objects.filter(uuid__in=good).count() == len(good)
    # …and the bad ones did not hold up the orders of the good ones.
    assert Order.objects.filter(external_reference__in=good).count() == len(good)
    # Sent again (the answer was lost): the good ones are duplicates, the bad ones rejected again.
    again = device_client.post(SYNC, data=_raw(batch), content_type="application/json").json()
    assert [r["status"] for r in again["results"]] == ["rejected" if k in POISONS else "duplicate" for k in kinds]


def test_a_sale_the_database_refuses_is_rejected_alone_and_the_rest_stored(
    device_client, register, open_session, cashiers, producer_products
):
    """Should the checks ever miss something the database refuses, the batch's bulk insert is
    redone sale by sale: only that sale is refused (NOT_STORABLE). A real refusal, made with a
    constraint added in this test's transaction (rolled back with it)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE pos_saleline ADD CONSTRAINT test_unlucky_quantity CHECK (quantity <> 13)")
    sales = [make_sale(register, open_session, cashiers[0], [(producer_products[i], 13 if i == 1 else 1, 41000, 0)]) for i in range(4)]
    body = post(device_client, sales).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "rejected", "accepted", "accepted"]
    assert body["results"][1]["code"] == "NOT_STORABLE"
    assert Sale.objects.count() == 3 and Sale.objects.filter(uuid=sales[1]["uuid"]).count() == 0
    assert SyncRejection.objects.get().sale_uuid == sales[1]["uuid"]
    assert all(Sale.objects.get(uuid=s["uuid"]).lines.count() == 1 for i, s in enumerate(sales) if i != 1)


def test_an_order_the_core_fails_whole_does_not_hold_up_the_others(device_client, register, open_session, cashiers, producer_products):
    """The push's own poison: one order the core fails the whole orderBulkCreate request over
    (a top-level error, not a per-order one). The chunk goes again one order at a time: the
    others are made, that sale is marked failed for staff (the dashboard's retry), and the
    outbox moves on. The failure is real: a constraint on the core's order lines, added in
    this test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE order_orderline ADD CONSTRAINT test_unlucky_order_quantity CHECK (quantity <> 13)")
    sales = [make_sale(register, open_session, cashiers[0], [(producer_products[i], 13 if i == 1 else 1, 41000, 0)]) for i in range(3)]
    body = post(device_client, sales).json()
    assert [r["status"] for r in body["results"]] == ["accepted"] * 3  # recorded: the sales are safe
    made = set(Order.objects.values_list("external_reference", flat=True))
    assert made == {sales[0]["uuid"], sales[2]["uuid"]}
    failed = Sale.objects.get(uuid=sales[1]["uuid"])
    assert not failed.order_id and "CORE_ERROR" in failed.order_error and failed.needs_review
    # The next sale's order is not held up either.
    later = make_sale(register, open_session, cashiers[0], [(producer_products[3], 1, 77000, 0)])
    post(device_client, [later])
    assert Order.objects.filter(external_reference=later["uuid"]).exists()


def test_a_passing_database_fault_fails_the_request_and_rejects_nothing(device_client, register, open_session, cashiers, producer_products):
    """A lock timeout, a cancelled statement, a dropped connection say nothing about the sale:
    the request must fail so the register sends the batch again — never reject good sales for
    good (a rejected sale leaves the register's queue). Here the fault is real: another
    connection holds the sales table locked and ours gives up waiting after 200 ms."""
    import psycopg
    from django.conf import settings as django_settings
    from django.db import OperationalError

    good = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = django_settings.DATABASES["default"]["NAME"]
    with psycopg.connect(**params) as locker:
        locker.execute(f"LOCK TABLE {Sale._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        try:
            with pytest.raises(OperationalError):
                post(device_client, [good])
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
            locker.rollback()
    assert not SyncRejection.objects.exists()
    response = post(device_client, [good])  # the register's resend, once the fault has passed
    assert response.json()["results"][0]["status"] == "accepted"
