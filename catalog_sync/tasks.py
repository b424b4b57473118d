"""Celery tasks: thin wrappers around runner.py."""

from __future__ import annotations

from celery import shared_task

from .connectors import HttpPolicy


@shared_task(name="catalog_sync.sync_source", bind=True, max_retries=3)
def sync_source(self, source_id: int, full_read: bool = False) -> dict:
    """One source's scheduled run. An unreachable registry is retried with back-off; a run
    already in progress for the source makes this one step aside. `full_read`: compare with
    every catalog product read afresh, not with what the sync remembers of it."""
    from .models import Source
    from .runner import run_sync

    source = Source.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return {"status": "skipped", "message": "source missing or disabled"}
    report = run_sync(
        source.location, source=source, trigger="dashboard" if full_read else "schedule", http_policy=HttpPolicy(), use_memory=not full_read
    )
    if report.status == "failed" and source.is_url and "unreachable" in report.message:
        raise self.retry(countdown=60 * 2**self.request.retries)
    return {
        "status": report.status,
        "counts": report.counts,
        "run_id": report.run_id,
        "exit_code": report.exit_code,
        "catalog_read": report.catalog_read,
    }


@shared_task(name="catalog_sync.lapse_expired_badges")
def lapse_expired_badges() -> dict:
    from .runner import run_expiry

    report = run_expiry()
    return {"status": report.status, "lapsed": report.counts.get("lapse", 0), "run_id": report.run_id}
