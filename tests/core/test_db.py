"""Planner statistics are refreshed after a bulk load, not left for autovacuum to find."""

import time

import pytest
from django.db import connection

from catalog_sync.models import KnownProduct
from commerce.core import db


def _stats(table: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_mod_since_analyze, last_analyze FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()


def _load(rows: int, first: int = 0) -> None:
    KnownProduct.objects.bulk_create(
        [KnownProduct(catalog="test", product_id=str(i), code=f"C{i}", name="x", updated_at="t") for i in range(first, first + rows)]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    # The backend hands its counters over when the statement ends; wait until they show.
    table = KnownProduct._meta.db_table
    deadline = time.monotonic() + 10
    while (_stats(table)[0] or 0) < rows and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_large_for_its_table_is_analysed(monkeypatch):
    monkeypatch.setattr(db, "MIN_CHANGED", 40)
    table = KnownProduct._meta.db_table
    with connection.cursor() as cursor:  # start from fresh statistics, whatever ran before
        cursor.execute(f"ANALYZE {table}")
        cursor.execute("SELECT pg_stat_force_next_flush()")
    time.sleep(1.1)  # last_analyze has microseconds, but be sure a new one differs
    _, analysed_before = _stats(table)
    _load(30)
    db.analyze_after_bulk_load(KnownProduct)  # outside a transaction: runs at once
    assert _stats(table)[1] == analysed_before  # 30 changed rows: under the floor, left alone

    _load(30, first=30)
    db.analyze_after_bulk_load(KnownProduct)
    changed, analysed_at = _stats(table)
    assert analysed_at is not None and analysed_at != analysed_before and changed == 0
