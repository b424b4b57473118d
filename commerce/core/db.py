"""Database housekeeping the ORM does not do for us."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction

# What the columns hold, for input checks that must refuse a value before the database does:
# ids and integer keys are bigint; money columns are numeric(20, 3), so amounts stay below 10^17.
BIGINT_MAX = 2**63 - 1
MONEY_AMOUNT_LIMIT = Decimal(10) ** 17

# A table is re-analysed once this share of its rows (and at least MIN_CHANGED rows) changed
# since PostgreSQL last sampled it; autovacuum's own default waits for 10% and up to a minute.
CHANGED_SHARE = 0.2
MIN_CHANGED = 1000


def analyze_after_bulk_load(*models) -> None:
    """After the transaction commits, refresh the planner statistics of those of `models`'
    tables that a bulk load has outgrown.

    PostgreSQL plans from sampled statistics. Right after thousands of rows are bulk-inserted
    they still describe the small table it was, and the planner sorts whole tables where an
    index would do (a 10,000-product catalog paged by product type: 50 ms a page instead of
    1 ms) until autovacuum gets round to it. PostgreSQL's advice for bulk loads is to ANALYZE;
    this does so when the change counters say the load was large, so it costs a catalog-size
    query only every few thousand rows."""
    tables = [model._meta.db_table for model in models]

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) AND n_mod_since_analyze > GREATEST(%s, %s * n_live_tup)",
                [tables, MIN_CHANGED, CHANGED_SHARE],
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

    transaction.on_commit(analyze)
