"""Each Source has its own django-celery-beat PeriodicTask running `catalog_sync.sync_source`;
staff edit the schedule in the dashboard (Periodic tasks), linked from the source."""

from __future__ import annotations

import json

from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .models import Source

DEFAULT_CRONTAB = {"minute": "30", "hour": "5", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}


def ensure_periodic_task(source: Source) -> PeriodicTask:
    task = source.periodic_task
    if task is None:
        crontab, _ = CrontabSchedule.objects.get_or_create(**DEFAULT_CRONTAB, timezone="Asia/Ho_Chi_Minh")
        task, _ = PeriodicTask.objects.get_or_create(
            name=f"catalog-sync: {source.slug}",
            defaults={"task": "catalog_sync.sync_source", "crontab": crontab, "args": json.dumps([source.pk])},
        )
        Source.objects.filter(pk=source.pk).update(periodic_task=task)
        source.periodic_task = task
    changed = False
    if task.args != json.dumps([source.pk]) or task.task != "catalog_sync.sync_source":
        task.args, task.task, changed = json.dumps([source.pk]), "catalog_sync.sync_source", True
    if task.enabled != source.enabled:
        task.enabled, changed = source.enabled, True
    if changed:
        task.save()
    return task
