"""Saleor's error policies for bulk mutations.

REJECT_EVERYTHING: one bad row and nothing is written. REJECT_FAILED_ROWS: bad rows are skipped,
good ones written. IGNORE_FAILED: a row is written without the parts that failed (a bad variant
or listing of a product), skipped only when its own fields are bad.
run_rows writes each row in a savepoint so a failure while writing it cannot leave half a row.
productBulkCreate instead checks every row in memory first and inserts only the accepted ones,
table by table (commerce.product.services.bulk_create_products): a failed row is never written,
and a unique value taken concurrently between check and insert fails the whole mutation
(IntegrityError → UNIQUE), as it did row by row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commerce.core.validation import problems

REJECT_EVERYTHING = "reject_everything"
REJECT_FAILED_ROWS = "reject_failed_rows"
IGNORE_FAILED = "ignore_failed"


def policy_value(policy) -> str:
    return getattr(policy, "value", policy) or REJECT_EVERYTHING


def run_rows(rows, write_row, policy: str):
    """write_row(row) → object or raises; returns [(object|None, error exc|None)] in row order.

    Under REJECT_EVERYTHING a failing row makes every row's object None and the caller's outer
    transaction is rolled back by raising RollbackAll after the results are collected.
    """
    results = []
    failed = False
    for row in rows:
        try:
            with transaction.atomic():
                obj = write_row(row)
            results.append((obj, None))
        except ValidationError as exc:
            failed = True
            results.append((None, exc))
        except IntegrityError:
            failed = True
            results.append((None, problems([(None, "UNIQUE", "A value of this row is already in use.")])))
    return results, failed
