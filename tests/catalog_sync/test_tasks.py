"""The sync task and the daily lapse task on a real Celery worker over Redis."""

import json
import pytest
from tests.celery_worker import running_worker
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from catalog_sync.models import Run, Source
from catalog_sync.schedules import ensure_periodic_task
from catalog_sync.tasks import lapse_expired_badges, sync_source
from commerce.product.models import Product

from catalog_sync.runner import run_sync

from .conftest import FIXTURES, TODAY, catalog_state


@pytest.fixture
def redis_worker(transactional_db):
    with running_worker(redis_db=13, require_redis=True) as app:
        yield app


def test_source_task_and_daily_lapse_run_on_a_worker(redis_worker, sync_client):
    # Imported as of 2025-12-20: certificates that have expired since are still marked valid.
    run_sync(str(FIXTURES / "tay-ninh-ocop-2025-03.csv"), client=sync_client, today=TODAY)
    today = timezone.localdate().isoformat()
    overdue = {c for c, s in catalog_state().items() if s["ocop-valid-until"] < today and s["ocop-status"] == "valid"}
    assert overdue, "the fixture should have badges that expired after 2025-12-20"

    lapsed = lapse_expired_badges.delay().get(timeout=120)
    assert lapsed["lapsed"] == len(overdue)
    state = catalog_state()
    assert {c for c in overdue if state[c]["ocop-status"] == "lapsed"} == overdue
    assert Run.objects.get(pk=lapsed["run_id"]).trigger == "expiry"

    source = Source.objects.create(name="Sổ đăng ký Tây Ninh", slug="tay-ninh", location=str(FIXTURES / "tay-ninh-ocop-2025-12.csv"))
    task = ensure_periodic_task(source)
    assert PeriodicTask.objects.get(pk=task.pk).task == "catalog_sync.sync_source"
    assert json.loads(task.args) == [source.pk]
    result = sync_source.delay(source.pk).get(timeout=120)
    assert result["status"] == "succeeded", result
    assert result["counts"]["create"] == 4 and result["counts"]["star_change"] == 5 and result["counts"]["revoke"] == 1
    run = Run.objects.get(pk=result["run_id"])
    assert run.trigger == "schedule" and run.source == source
    assert Product.objects.count() == 153
