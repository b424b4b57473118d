"""`make bench`: every benchmark in bench/, one after the other, each in its own process (they
use their own databases), then ONE table of their figures with each time also shown as a
multiple of the floor — a minimal "hello" view on the same stack (bench/hello.py).

    python -m bench.all [--only run,checkout,registry_sync,pos,storefront,hello] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (module, what it measures, extra options over its parser's defaults; --quick options)
BENCHMARKS = [
    ("hello", "floor: minimal view", {}, {"runs": 100}),
    ("run", "GraphQL catalog on 10,000 products", {"reuse": True}, {"reuse": True, "runs": 10, "warmup": 2}),
    ("storefront", "storefront pages", {"reuse": True}, {"reuse": True, "storefront_runs": 5, "no_browser": True}),
    ("checkout", "checkout and contention", {}, {"checkout_runs": 5, "contention_orders": 40}),
    ("registry_sync", "registry import", {}, {"rows": 1000}),
    ("pos", "POS sync ingest", {}, {}),
]

CHILD = """
import argparse, json, os, sys, importlib
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("OCOP_DEV", "1")
import django
django.setup()
name, extra, target = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
module = importlib.import_module(f"bench.{name}")
parser = argparse.ArgumentParser()
for builder in ("build_parser", "add_arguments"):
    if hasattr(module, builder):
        try:
            getattr(module, builder)(parser)
        except argparse.ArgumentError:
            pass
options = vars(parser.parse_args([]))
options.update(extra)
result = module.run(options, out=lambda line="", flush=False: print(line, flush=True))
open(target, "w").write(json.dumps(result, default=str))
"""


def _unit(key: str) -> str:
    return "ms" if key.endswith(("_ms", "p50", "p95")) else "s" if key.endswith("_s") else ""


def _rows(name: str, result: dict):
    """(figure, value, unit, sql) rows out of a benchmark's result dict, whatever its shape:
    Figure dicts (p50_ms/p95_ms/sql), page dicts (p50/p95/sql/…), plain numbers, one level of
    nesting."""
    for key, value in result.items():
        if isinstance(value, bool) or key in ("pages",):
            continue
        if isinstance(value, (int, float)):
            yield key, value, _unit(key), None
        elif isinstance(value, dict):
            for sub, inner in value.items():
                if isinstance(inner, dict) and ("p50_ms" in inner or "p50" in inner):
                    label = inner.get("label") or f"{key}: {sub}"
                    p50, p95 = inner.get("p50_ms", inner.get("p50")), inner.get("p95_ms", inner.get("p95"))
                    if p50 is not None:
                        yield f"{label} p50", p50, "ms", inner.get("sql")
                    if p95 is not None:
                        yield f"{label} p95", p95, "ms", None
                elif isinstance(inner, dict):
                    for leaf, number in inner.items():
                        if isinstance(number, (int, float)) and not isinstance(number, bool):
                            yield f"{key}: {sub} {leaf}", number, _unit(leaf), None
                elif isinstance(inner, (int, float)) and not isinstance(inner, bool):
                    yield f"{key}: {sub}", inner, _unit(sub), None


def table(results: dict, failed: list[str]) -> str:
    from bench.load import machine

    hello = results["hello"][0]["figures"]["hello"]["p50_ms"] if "hello" in results else None
    lines = [f"Benchmarks on {machine()}", "", f"{'benchmark':<14} {'figure':<58} {'value':>12} {'× hello':>9} {'SQL':>5}"]
    for name, (result, seconds) in results.items():
        for label, value, unit, sql in _rows(name, result):
            ratio = ""
            if hello and unit == "ms" and name != "hello" and "lcp" not in label:
                ratio = f"{value / hello:,.0f}×" if value / hello >= 10 else f"{value / hello:.1f}×"
            text = f"{value:,.2f} {unit}".strip() if isinstance(value, float) else f"{value:,} {unit}".strip()
            lines.append(f"{name:<14} {label[:58]:<58} {text:>12} {ratio:>9} {'' if sql is None else sql:>5}")
        lines.append(f"{name:<14} {'(wall time of this benchmark)':<58} {seconds:>10.0f} s")
    if failed:
        lines.append(f"FAILED: {', '.join(failed)}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller inputs (a smoke run)")
    args = parser.parse_args(argv)
    wanted = {n for n in args.only.split(",") if n}
    results, failed, folder = {}, [], Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    for name, title, options, quick in BENCHMARKS:
        if wanted and name not in wanted:
            continue
        print(f"\n=== bench/{name}.py — {title}", flush=True)
        target = folder / f"{name}.json"
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, name, json.dumps(quick if args.quick else options), str(target)],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        if done.returncode or not target.exists():
            failed.append(name)
            continue
        results[name] = (json.loads(target.read_text()), time.monotonic() - started)

    (folder / "wall.json").write_text(json.dumps({n: t for n, (_, t) in results.items()}))
    text = table(results, failed)
    print("\n" + text)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-results.txt").write_text(text + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
