"""Timing and SQL counting for one callable: p50/p95 over N runs after a warm-up."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Figure:
    label: str
    p50: float | None = None
    p95: float | None = None
    sql: int | None = None
    sql_ms: float | None = None  # time spent in the database during the counted run
    note: str = ""
    samples: list[float] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {"label": self.label, "p50_ms": self.p50, "p95_ms": self.p95, "sql": self.sql, "sql_ms": self.sql_ms, "note": self.note}


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def count_sql(fn: Callable[[], object]) -> tuple[int, float]:
    """(statements, their total ms) for one call."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries), sum((float(q["time"]) for q in captured.captured_queries), 0.0) * 1000


def measure(label: str, fn: Callable[[], object], *, runs: int, warmup: int, note: str = "") -> Figure:
    for _ in range(warmup):
        fn()
    sql, sql_ms = count_sql(fn)  # counted apart: capturing queries slows the cursor down
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return Figure(label, statistics.median(samples), percentile(samples, 0.95), sql, sql_ms, note, samples)
