"""The benchmark: a 10,000-product OCOP catalog in its own database, the storefront's hot GraphQL
documents run in-process (and through the full Django view), figures and ratios printed.

    python -m bench.run [--products 10000] [--runs 50] [--warmup 5] [--reuse] [--json FILE]
    ocop manage bench ...        (the same, as a management command; `make bench`)

Targets (DESIGN.md): a quarter of Saleor 3.23's 137 ms / 97 ms / 70 ms, SQL counts that do not
grow with page size, and `products(first: 24)` within 3× of one hand-written SQL statement.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import standalone

DOCUMENTS = Path(__file__).resolve().parent / "graphql"
SALEOR_REFERENCE_MS = {"list": 137, "detail": 97, "search": 70}
RAW_RATIO_GOAL = 3.0


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=10_000, help="catalog size (default 10000)")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per figure (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs first (default 5)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database and its data")
    parser.add_argument("--database", default=None, help="bench database name (default ocop_bench)")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--show-sql", type=int, default=0, metavar="N", help="print the N slowest SQL statements of each figure")
    parser.add_argument("--json", dest="json_out", type=Path, help="also write the figures as JSON here")
    return parser


def _document_problem(client, operation: str) -> str | None:
    """Why our schema cannot run `operation` yet (a field not implemented), or None."""
    from graphql import parse, validate

    from commerce.graphql.api import schema

    errors = validate(schema.graphql_schema, parse(client.document(operation)))
    return errors[0].message if errors else None


def run(options: dict, out=print) -> dict:
    from django.conf import settings
    from django.test import Client

    from bench import dataset
    from bench.database import BENCH_DATABASE, use_bench_database
    from bench.measure import Figure, measure
    from bench.raw_sql import fetch_products_page
    from commerce.channel.models import Channel
    from commerce.product.models import Product
    from saleor_client import InProcessTransport, SaleorClient

    settings.DEBUG = False  # DEBUG would log every SQL statement and slow the figures down
    runs, warmup = max(options["runs"], 1), max(options["warmup"], 0)
    reused = use_bench_database(options.get("database") or BENCH_DATABASE, reuse=options["reuse"])
    have = dataset.bench_product_count()
    if have < options["products"]:
        out(f"• filling {options['products'] - have} products (have {have})…", flush=True)
        started = time.perf_counter()
        dataset.fill(options["products"], batch_size=options["batch_size"], log=out)
        out(f"  filled in {time.perf_counter() - started:.1f}s", flush=True)
    elif reused:
        out(f"• reusing {have} bench products", flush=True)
    started = time.perf_counter()
    indexed = dataset.index_search()
    if indexed is None:
        out("• search indexer not available (commerce.search.indexing)", flush=True)
    else:
        out(f"• search index: {indexed} products indexed in {time.perf_counter() - started:.1f}s", flush=True)

    channel = Channel.objects.get(slug="online")
    detail_slug = (
        Product.objects.filter(slug__startswith=dataset.SLUG_PREFIX, variants__sku__endswith="-1")
        .order_by("pk")
        .values_list("slug", flat=True)[options["products"] // 8]
    )
    client = SaleorClient(InProcessTransport(), [DOCUMENTS])
    http = Client(HTTP_HOST="localhost")

    def via_view(operation: str, variables: dict):
        body = json.dumps({"query": client.document(operation), "variables": variables, "operationName": operation})
        response = http.post("/graphql/", data=body, content_type="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"{operation}: HTTP {response.status_code}: {response.content[:300]!r}")
        return response

    scenarios = [
        ("list", "products(first: 24)", "BenchProductList", {"channel": "online", "first": 24}),
        ("list100", "products(first: 100)", "BenchProductList", {"channel": "online", "first": 100}),
        ("detail", "product(slug) detail", "BenchProductDetail", {"channel": "online", "slug": detail_slug}),
        ("search", 'products(search: "banh trang")', "BenchProductSearch", {"channel": "online", "first": 24, "search": "banh trang"}),
        ("shop", "shop { name } (floor)", "BenchShop", None),
    ]
    figures: dict[str, Figure] = {}
    facts: dict[str, object] = {"products": dataset.bench_product_count(), "runs": runs, "warmup": warmup}
    out(f"• measuring: {runs} runs after {warmup} warm-up runs each", flush=True)
    for key, label, operation, variables in scenarios:
        problem = _document_problem(client, operation)
        if problem:
            figures[key] = Figure(label, note=f"skipped: {problem}")
            continue
        data = client.execute(operation, variables)
        if key in ("list", "search"):
            facts[f"{key}_total"] = data["products"]["totalCount"]
        figures[key] = measure(f"{label} in-process", lambda o=operation, v=variables: client.execute(o, v), runs=runs, warmup=warmup)
        _progress(figures[key], out)
        if options.get("show_sql"):
            _slowest_sql(lambda o=operation, v=variables: client.execute(o, v), options["show_sql"], out)
        if key in ("list", "detail", "search"):
            figures[f"{key}_view"] = measure(
                f"{label} via Django view", lambda o=operation, v=variables: via_view(o, v), runs=runs, warmup=warmup
            )
            _progress(figures[f"{key}_view"], out)

    rows = fetch_products_page(channel.pk, 24)
    figures["raw"] = measure("products page, one raw SQL", lambda: fetch_products_page(channel.pk, 24), runs=runs, warmup=warmup)
    facts["raw_rows"] = len(rows)
    ratios = {}
    if figures["list"].p50:
        ratios["products(first:24) / raw SQL"] = figures["list"].p50 / figures["raw"].p50
    for key in ("list", "detail", "search"):
        if figures[key].p50:
            ratios[f"{key} / Saleor reference ({SALEOR_REFERENCE_MS[key]} ms)"] = figures[key].p50 / SALEOR_REFERENCE_MS[key]
    if figures["list"].sql is not None and figures["list100"].sql is not None:
        facts["sql_first24_vs_first100"] = f"{figures['list'].sql} vs {figures['list100'].sql}"

    _print_table(figures, ratios, facts, out)
    result = {"figures": {k: f.as_dict() for k, f in figures.items()}, "ratios": ratios, "facts": facts}
    if options.get("json_out"):
        options["json_out"].write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        out(f"• wrote {options['json_out']}")
    return result


def _slowest_sql(fn, limit: int, out) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:limit]:
        sql = " ".join(query["sql"].split())
        out(f"      {float(query['time']) * 1000:7.1f} ms  {sql[:220]}{'…' if len(sql) > 220 else ''}")


def _progress(figure, out) -> None:
    out(f"  {figure.label}: p50 {figure.p50:.1f} ms, {figure.sql} SQL ({figure.sql_ms:.1f} ms)", flush=True)


def _fmt(value, unit="") -> str:
    return "—" if value is None else f"{value:.1f}{unit}" if isinstance(value, float) else f"{value}{unit}"


def _print_table(figures, ratios, facts, out) -> None:
    width = max(len(f.label) for f in figures.values()) + 2
    out("")
    out(f"{'figure'.ljust(width)}{'p50 ms':>9}{'p95 ms':>9}{'SQL':>6}{'SQL ms':>8}  note")
    out("-" * (width + 48))
    for figure in figures.values():
        out(
            f"{figure.label.ljust(width)}{_fmt(figure.p50):>9}{_fmt(figure.p95):>9}{_fmt(figure.sql):>6}{_fmt(figure.sql_ms):>8}  {figure.note}"
        )
    out("(SQL and SQL ms: statements and their database time in one separate, counted run)")
    out("")
    for label, ratio in ratios.items():
        goal = ""
        if "raw SQL" in label:
            goal = f"  (goal ≤ {RAW_RATIO_GOAL:g}×: {'met' if ratio <= RAW_RATIO_GOAL else 'NOT met'})"
        elif "Saleor" in label:
            goal = f"  (goal ≤ 0.25×: {'met' if ratio <= 0.25 else 'NOT met'})"
        out(f"{label:<45}{ratio:>7.2f}×{goal}")
    for key, value in facts.items():
        out(f"{key:<45}{value}")


def main(argv: list[str] | None = None) -> int:
    return standalone.main(build_parser(), run, argv)


if __name__ == "__main__":
    sys.exit(main())
