"""One registry sync run, start to end: take the source's lock, fetch and parse, plan against
the catalog, apply (unless dry run), and store the run with its report."""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from datetime import date
from typing import Callable

from django.db import connection
from django.utils import timezone

from saleor_client import SaleorClientError

from . import gateway, known
from .apply import apply_plan
from .connectors import HttpPolicy, SourceUnavailable, fetch
from .models import RejectedRow, Run, Source, StarChange
from .parse import UnreadableSource
from .plan import expiry_plan, make_plan
from .report import Report

logger = logging.getLogger(__name__)


class SourceBusy(Exception):
    pass


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"catalog_sync:{name}".encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def exclusive(name: str):
    """One run at a time per source: a PostgreSQL session advisory lock, released at the end or
    when the process dies (its connection goes with it)."""
    key = _lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        if not cursor.fetchone()[0]:
            raise SourceBusy(f"another run of {name} is in progress")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _store_rejections(run: Run, report: Report) -> None:
    RejectedRow.objects.bulk_create(
        [
            RejectedRow(
                run=run,
                row=r["row"],
                column=r["column"][:200],
                reason=r["reason"],
                value=str(r.get("value", ""))[:2000],
                code=r.get("code", "")[:100],
            )
            for r in report.rejected
        ]
    )


def _store_star_changes(run: Run | None, changes: list[dict]) -> None:
    StarChange.objects.bulk_create(
        [StarChange(run=run, **{**c, "product_name": c["product_name"][:250]}) for c in changes],
        ignore_conflicts=True,
    )


def _finish(run: Run | None, report: Report) -> Report:
    if run is None:
        return report
    run.status = report.status if report.status in Run.Status.values else Run.Status.FAILED
    run.finished_at = timezone.now()
    run.rows_read = report.rows_read
    run.counts = report.counts
    run.message = report.message
    run.report = report.as_dict()
    run.save()
    _store_rejections(run, report)
    report.run_id = run.pk
    return report


def run_sync(
    location: str,
    *,
    source: Source | None = None,
    mapping: dict | None = None,
    dry_run: bool = False,
    trigger: str = "cli",
    client=None,
    today: date | None = None,
    full_export: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    http_policy: HttpPolicy | None = None,
    batch_size: int | None = None,
    use_memory: bool = True,
) -> Report:
    today = today or timezone.localdate()
    if source is None:
        source = Source.objects.filter(location=location).first()
    if source is not None:
        mapping = mapping if mapping is not None else (source.mapping or None)
        full_export = source.full_export if full_export is None else full_export
    full_export = True if full_export is None else full_export
    report = Report(location=location, dry_run=dry_run)
    try:
        with exclusive(source.slug if source else location):
            run = Run.objects.create(source=source, location=location, trigger=trigger, dry_run=dry_run)
            # Only one run holds the lock: earlier runs still "running" died mid-way.
            Run.objects.filter(location=location, status=Run.Status.RUNNING).exclude(pk=run.pk).update(
                status=Run.Status.INTERRUPTED, finished_at=timezone.now()
            )
            _run(run, source, location, mapping, dry_run, client, today, full_export, progress, http_policy, batch_size, use_memory, report)
            return _finish(run, report)
    except SourceBusy as exc:
        report.status, report.message = "busy", str(exc)
        return report


def _remember_writes(client, applied) -> None:
    known.remember(known.catalog_key(client), applied.written)
    applied.written.clear()


def _run(
    run, source, location, mapping, dry_run, client, today, full_export, progress, http_policy, batch_size, use_memory, report: Report
) -> None:
    try:
        fetched = fetch(
            location, mapping, etag=source.etag if source else "", last_modified=source.last_modified if source else "", policy=http_policy
        )
    except (SourceUnavailable, UnreadableSource) as exc:
        report.status, report.message = "failed", str(exc)
        return
    if fetched.not_modified:
        report.status, report.message = "not_modified", "the registry says nothing changed since the last run (304)"
        return
    parsed = fetched.parsed
    report.rows_read = parsed.rows_read
    report.rejected = [r.as_dict() for r in parsed.rejections]
    try:
        client = client or gateway.make_client()
        setup = gateway.read_setup(client)
        catalog = gateway.read_products(client, setup, use_memory=use_memory, stats=report.catalog_read)
        producers = gateway.read_producers(client, setup)
    except (gateway.SetupMissing, SaleorClientError) as exc:
        report.status, report.message = "failed", f"cannot read the catalog: {exc}"
        return
    if not parsed.records:
        report.status = "failed"
        report.message = report.message or "no row could be imported"
        return
    plan = make_plan(parsed.records, catalog, producers, today=today, full_export=full_export, skip_codes=parsed.rejected_codes)
    report.take_plan(plan)
    if dry_run:
        report.producers_created = len(plan.producers_to_create)
        report.status = "partial" if report.rejected else "succeeded"
        return
    planned_counts = dict(report.counts)

    def checkpoint(applied):
        _remember_writes(client, applied)
        _store_star_changes(run, applied.star_changes)
        applied.star_changes.clear()
        Run.objects.filter(pk=run.pk).update(counts=applied.done)

    try:
        applied = apply_plan(
            client, setup, plan, producers, progress=progress, after_batch=checkpoint, **({"batch_size": batch_size} if batch_size else {})
        )
    except SaleorClientError as exc:
        report.status, report.message = "failed", f"the catalog refused the run: {exc}"
        return
    checkpoint(applied)
    report.counts = {action: applied.done.get(action, 0) for action in planned_counts}
    report.counts["unchanged"] = planned_counts["unchanged"]
    report.producers_created = applied.producers_created
    report.failed = [{"code": f.code, "row": f.row, "reason": f.reason} for f in applied.failures]
    if source is not None and (fetched.etag or fetched.last_modified) and not report.failed:
        Source.objects.filter(pk=source.pk).update(etag=fetched.etag, last_modified=fetched.last_modified)
    report.status = "partial" if (report.rejected or report.failed) else "succeeded"


def run_expiry(*, client=None, today: date | None = None) -> Report:
    """The daily task: withdraw badges whose valid-until date has passed."""
    today = today or timezone.localdate()
    report = Report(location="(valid-until check)")
    try:
        with exclusive("expiry"):
            run = Run.objects.create(location=report.location, trigger="expiry")
            client = client or gateway.make_client()
            setup = gateway.read_setup(client)
            plan = expiry_plan(gateway.read_products(client, setup, stats=report.catalog_read), today)
            report.take_plan(plan)
            applied = apply_plan(client, setup, plan, {}, after_batch=lambda applied: _remember_writes(client, applied))
            report.counts["lapse"] = applied.done.get("lapse", 0)
            report.failed = [{"code": f.code, "row": f.row, "reason": f.reason} for f in applied.failures]
            report.status = "partial" if report.failed else "succeeded"
            return _finish(run, report)
    except SourceBusy as exc:
        report.status, report.message = "busy", str(exc)
        return report
