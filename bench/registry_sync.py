"""Registry sync benchmark: a 10,000-row export imported through the API into a database of its
own, then imported again (nothing to change), against a plain bulk insert of the same rows.

    python -m bench.registry_sync [--rows 10000] [--batch-size 50]
    ocop manage bench --registry-sync [--rows 10000] [--tracemalloc]

Prints: first import time, no-op rerun time (goal ≤ 10% of the first), peak memory (goal
≤ 300 MB: Python heap by tracemalloc and the process's max RSS), and the first import over a
plain bulk INSERT of the same rows.
"""

from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

RERUN_GOAL = 0.10
MEMORY_GOAL_MB = 300
TODAY = date(2025, 12, 20)


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="python -m bench.registry_sync")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--sync-batch-size", type=int, default=50)
    parser.add_argument("--sync-database", default="ocop_bench_sync")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace the Python heap (slows the import about twofold; max RSS is always shown)"
    )
    return parser


def write_export(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Mã sản phẩm",
                "Tên sản phẩm",
                "Chủ thể",
                "Loại hình chủ thể",
                "Xã/Phường",
                "Nhóm sản phẩm",
                "Hạng sao",
                "Điểm",
                "Số quyết định",
                "Ngày quyết định",
                "Cơ quan cấp",
                "Trạng thái",
                "Giá bán lẻ",
            ]
        )
        for i in range(rows):
            stars = 3 + (i % 7 == 0) + (i % 1000 == 0)
            writer.writerow(
                [
                    f"TN-B-{i:05d}",
                    f"Bánh tráng phơi sương số {i}",
                    f"Cơ sở sản xuất số {i % 250}",
                    "Cơ sở sản xuất",
                    f"Xã số {i % 250 % 40}",
                    "Thực phẩm",
                    f"{stars} sao",
                    50 + stars * 8,
                    f"{1000 + i % 30}/QĐ-UBND",
                    f"{1 + i % 28:02d}/0{1 + i % 9}/2024",
                    "UBND tỉnh Tây Ninh",
                    "Còn hiệu lực",
                    f"{40 + i % 60}.000 đ",
                ]
            )


def plain_bulk_insert(records) -> float:
    """The floor: the same checked rows in one table, executemany in one transaction."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_registry_rows (code text, name text, producer text, commune text, "
            "stars int, score real, decision_no text, decision_date date, valid_until date, authority text, "
            "status text, price int) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_registry_rows VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    r.code,
                    r.name,
                    r.producer,
                    r.commune,
                    r.stars,
                    r.score,
                    r.decision_no,
                    r.decision_date,
                    r.valid_until,
                    r.authority,
                    r.status,
                    r.retail_price,
                )
                for r in records
            ],
        )
    return time.perf_counter() - started


def run(options: dict, out=print) -> dict:
    from django.conf import settings

    from bench.database import use_bench_database
    from catalog_sync.gateway import make_client
    from catalog_sync.parse import parse_bytes
    from catalog_sync.runner import run_sync
    from demo import builder

    settings.DEBUG = False
    rows = options.get("rows") or 10_000
    use_bench_database(options.get("sync_database") or "ocop_bench_sync")
    builder.ensure_channels()
    pages = builder.ensure_producer_page_type()
    builder.ensure_product_type(builder.ensure_product_attributes(pages.page_type))
    builder.ensure_categories()
    builder.ensure_sync_app()
    client = make_client()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "registry.csv"
        write_export(path, rows)
        out(f"• {rows} rows, {path.stat().st_size / 1e6:.1f} MB CSV", flush=True)
        batch = options.get("sync_batch_size") or 50

        def progress(done, total, _last=[0]):
            if done - _last[0] >= 1000 or done == total:
                _last[0] = done
                out(f"  … {done}/{total}", flush=True)

        if options.get("tracemalloc"):
            tracemalloc.start()
        started = time.perf_counter()
        first = run_sync(str(path), client=client, today=TODAY, batch_size=batch, progress=progress)
        first_time = time.perf_counter() - started
        assert first.counts["create"] == rows, first.summary_table()
        started = time.perf_counter()
        again = run_sync(str(path), client=client, today=TODAY, batch_size=batch)
        rerun_time = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
        tracemalloc.stop()
        assert again.changes == 0, again.summary_table()
        records = parse_bytes(path.read_bytes()).records
    floor = plain_bulk_insert(records)
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "rows": rows,
        "first_import_s": round(first_time, 2),
        "noop_rerun_s": round(rerun_time, 2),
        "rerun_ratio": round(rerun_time / first_time, 4),
        "rerun_products_read_in_full": again.catalog_read.get("products_read_in_full"),
        "peak_python_heap_mb": round(peak / 2**20, 1),
        "max_rss_mb": round(max_rss_mb, 1),
        "plain_bulk_insert_s": round(floor, 3),
        "first_import_over_bulk_insert": round(first_time / floor, 1),
    }
    out("")
    out(f"Registry sync, {rows} rows (batches of {batch}, in-process transport):")
    out(f"  first import           {first_time:9.2f} s   ({rows / first_time:.0f} products/s)")
    out(
        f"  no-op rerun            {rerun_time:9.2f} s   = {100 * rerun_time / first_time:.1f}% of the first "
        f"(goal ≤ {RERUN_GOAL:.0%}: {'met' if rerun_time / first_time <= RERUN_GOAL else 'NOT met'}); "
        f"{again.catalog_read.get('products_read_in_full', '?')} products re-read in full"
    )
    heap = f", {peak / 2**20:.1f} MB Python heap (tracemalloc)" if peak else ""
    out(
        f"  peak memory            {max_rss_mb:9.1f} MB max RSS{heap} "
        f"(goal ≤ {MEMORY_GOAL_MB} MB: {'met' if max_rss_mb <= MEMORY_GOAL_MB else 'NOT met'})"
    )
    out(f"  plain bulk INSERT      {floor:9.3f} s   first import is {first_time / floor:.0f}× that")
    return figures


if __name__ == "__main__":
    import sys

    from bench import standalone

    sys.exit(standalone.main(build_parser(), run))
