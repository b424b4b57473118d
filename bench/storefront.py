"""Storefront figures on the 10,000-product bench catalog: server render p50/p95 of the home,
listing (24 products), product and search pages, the share of that time spent in GraphQL
(saleor_client calls), page weight (HTML, CSS, JS, fonts; raw and gzip), and LCP and CLS
measured in headless Chromium (PerformanceObserver) against a local server.

    python -m bench.storefront [--products 10000] [--runs 30] [--reuse] [--no-browser]
    ocop manage bench --storefront ...

Runs in its own database (ocop_bench_storefront) so it never drops another bench's data.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

from bench import standalone

BENCH_STOREFRONT_DATABASE = "ocop_bench_storefront"
RENDER_GOAL_MS = 50  # DESIGN.md: storefront pages rendered in ≤ 50 ms at the median
WEIGHT_GOAL_KB = 120
JS_GOAL_KB = 30
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# LCP and CLS as the page reports them; read after load settles.
VITALS_SCRIPT = """
window.__vitals = {lcp: 0, cls: 0};
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__vitals.lcp = e.renderTime || e.loadTime || e.startTime; })
  .observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__vitals.cls += e.value; })
  .observe({type: 'layout-shift', buffered: true});
"""


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    group = parser.add_argument_group("storefront bench (--storefront)")
    group.add_argument("--storefront-runs", type=int, default=30, help="timed renders per page (default 30)")
    group.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements (LCP, CLS, weight)")
    return parser


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="python -m bench.storefront", description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database and its data")
    parser.add_argument("--batch-size", type=int, default=1000)
    return add_arguments(parser)


class GraphQLClock:
    """Time spent inside saleor_client while a page renders (wraps SaleorClient.request)."""

    def __init__(self):
        self.ms = 0.0
        self.calls = 0

    def __enter__(self):
        from saleor_client.client import SaleorClient

        self._original = SaleorClient.request
        clock = self

        def timed(client, *args, **kwargs):
            start = time.perf_counter()
            try:
                return clock._original(client, *args, **kwargs)
            finally:
                clock.ms += (time.perf_counter() - start) * 1000
                clock.calls += 1

        SaleorClient.request = timed
        return self

    def __exit__(self, *exc):
        from saleor_client.client import SaleorClient

        SaleorClient.request = self._original


def _percentile(samples, q):
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _render_figures(client, url: str, runs: int, warmup: int) -> dict:
    from django.core.cache import cache
    from django.db import connection

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
    totals, graphql, calls = [], [], 0
    for _ in range(runs):
        with GraphQLClock() as clock:
            start = time.perf_counter()
            response = client.get(url)
            totals.append((time.perf_counter() - start) * 1000)
        graphql.append(clock.ms)
        calls = clock.calls
    # Counted with a wrapper: CaptureQueriesContext is emptied by the request_started signal.
    statements = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: (statements.append(sql), execute(sql, params, many, context))[1]
    ):
        client.get(url)
    cache.clear()
    with GraphQLClock():
        start = time.perf_counter()
        client.get(url)
        cold_ms = (time.perf_counter() - start) * 1000
    return {
        "p50": statistics.median(totals),
        "p95": _percentile(totals, 0.95),
        "graphql_share": statistics.median(g / t for g, t in zip(graphql, totals)),
        "graphql_calls": calls,
        "sql": len(statements),
        "cold_ms": cold_ms,
        "html_bytes": len(response.content),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve() -> tuple[str, object]:
    """The project's WSGI app with static files, on a local port, in a thread."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    port = _free_port()
    server = ThreadedWSGIServer(("127.0.0.1", port), Quiet, allow_reuse_address=True)
    server.set_app(StaticFilesHandler(WSGIHandler()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


def _browser_figures(base: str, pages: dict[str, str], out) -> dict:
    if not Path(CHROMIUM).exists():
        out(f"• {CHROMIUM} not installed: no LCP/CLS/weight figures")
        return {}
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for key, path in pages.items():
            context = browser.new_context(viewport={"width": 412, "height": 915}, device_scale_factor=2)  # a mid-range phone
            context.add_init_script(VITALS_SCRIPT)
            page = context.new_page()
            bodies: list[tuple[str, str, bytes]] = []

            def on_response(response, bodies=bodies):
                try:
                    body = response.body()
                except Exception:  # noqa: BLE001 — redirects have no body
                    return
                bodies.append((response.url, response.request.resource_type, body))

            page.on("response", on_response)
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(800)
            vitals = page.evaluate("window.__vitals")
            weights = {"document": [0, 0], "stylesheet": [0, 0], "script": [0, 0], "font": [0, 0], "image": [0, 0], "other": [0, 0]}
            for url, kind, body in bodies:
                kind = kind if kind in weights else "other"
                weights[kind][0] += len(body)
                weights[kind][1] += len(body) if kind in ("image", "font") else len(gzip.compress(body, 6))
            without_images = sum(v[1] for k, v in weights.items() if k != "image")
            results[key] = {
                "lcp_ms": vitals["lcp"],
                "cls": vitals["cls"],
                "weights": weights,
                "transfer_without_images_kb": without_images / 1024,
                "js_kb": weights["script"][1] / 1024,
                "requests": len(bodies),
            }
            context.close()
        browser.close()
    return results


def run(options: dict, out=print) -> dict:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from bench import dataset
    from bench.database import use_bench_database
    from commerce.product.models import Product

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    runs, warmup = max(options.get("storefront_runs") or 30, 1), max(options.get("warmup") or 0, 0)
    use_bench_database(BENCH_STOREFRONT_DATABASE, reuse=options.get("reuse", False))
    have = dataset.bench_product_count()
    if have < options["products"]:
        out(f"• filling {options['products'] - have} products (have {have})…", flush=True)
        dataset.fill(options["products"], batch_size=options.get("batch_size") or 1000, log=out)
    dataset.index_search()
    cache.clear()
    detail_slug = (
        Product.objects.filter(slug__startswith=dataset.SLUG_PREFIX).order_by("pk").values_list("slug", flat=True)[options["products"] // 8]
    )
    pages = {
        "home": "/",
        "listing (24)": "/products/",
        "product": f"/products/{detail_slug}/",
        "search": "/search/?q=banh+trang",
    }
    client = Client(HTTP_HOST="localhost")
    figures = {}
    out(f"• rendering each page {runs}× after {warmup} warm-up renders", flush=True)
    for key, path in pages.items():
        figures[key] = _render_figures(client, path, runs, warmup)
        f = figures[key]
        out(f"  {key}: p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms, GraphQL {f['graphql_share'] * 100:.0f}%", flush=True)
    browser = {}
    if not options.get("no_browser"):
        base, server = _serve()
        try:
            browser = _browser_figures(base, pages, out)
        finally:
            server.shutdown()
    out("")
    out(
        f"{'page':<14}{'p50 ms':>8}{'p95 ms':>8}{'cold ms':>9}{'GraphQL':>9}{'calls':>6}{'SQL':>5}{'HTML KB':>9}{'≤img KB':>9}{'JS KB':>7}{'LCP ms':>8}{'CLS':>7}"
    )
    out("-" * 99)
    for key, f in figures.items():
        b = browser.get(key, {})
        out(
            f"{key:<14}{f['p50']:>8.1f}{f['p95']:>8.1f}{f['cold_ms']:>9.1f}{f['graphql_share'] * 100:>8.0f}%{f['graphql_calls']:>6}{f['sql']:>5}"
            f"{f['html_bytes'] / 1024:>9.1f}{b.get('transfer_without_images_kb', float('nan')):>9.1f}{b.get('js_kb', float('nan')):>7.1f}"
            f"{b.get('lcp_ms', float('nan')):>8.0f}{b.get('cls', float('nan')):>7.3f}"
        )
    out("(cold: first render after the facet cache is cleared; ≤img KB: gzip-estimated transfer of HTML, CSS, JS and")
    out(" fonts, images excluded; LCP/CLS: Chromium on localhost, 412×915 viewport)")
    ratios = {key: f["p50"] / RENDER_GOAL_MS for key, f in figures.items()}
    for key, ratio in ratios.items():
        out(f"{key + ' p50 / 50 ms goal':<40}{ratio:>6.2f}×  ({'met' if ratio <= 1 else 'NOT met'})")
    for key, b in browser.items():
        ok = b["transfer_without_images_kb"] <= WEIGHT_GOAL_KB and b["js_kb"] <= JS_GOAL_KB
        out(f"{key + ' weight ≤120 KB, JS ≤30 KB':<40}{'met' if ok else 'NOT met'}")
    result = {"pages": pages, "render": figures, "browser": browser, "products": dataset.bench_product_count()}
    if options.get("json_out"):
        Path(options["json_out"]).write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    return standalone.main(build_parser(), run, argv)


if __name__ == "__main__":
    sys.exit(main())
