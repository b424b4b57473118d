"""The dashboard shows sources with their schedules and runs with their reports."""

import pytest
from django.urls import reverse

from catalog_sync.models import Run, Source
from catalog_sync.runner import run_sync

from .conftest import TODAY
from .exports import VARIANTS


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="sync-admin@example.com", password="x")
    client.force_login(admin)
    return client


def test_source_and_run_pages_show_schedule_and_report(staff_client, sync_client, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(VARIANTS["utf8-bom-comma"]())
    response = staff_client.post(
        reverse("admin:catalog_sync_source_add"),
        {
            "name": "Tây Ninh",
            "slug": "tay-ninh",
            "location": str(path),
            "mapping": "{}",
            "full_export": "",
            "enabled": "on",
        },
    )
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    source = Source.objects.get(slug="tay-ninh")
    assert source.periodic_task is not None and source.periodic_task.crontab is not None
    report = run_sync(str(path), source=source, client=sync_client, today=TODAY)
    run = Run.objects.get(pk=report.run_id)

    page = staff_client.get(reverse("admin:catalog_sync_source_changelist")).content.decode()
    assert "Tây Ninh" in page and "có dòng bị từ chối" in page
    page = staff_client.get(reverse("admin:catalog_sync_run_change", args=[run.pk])).content.decode()
    assert "missing product code" in page and "stars must be 1 to 5" in page  # rejected rows with reasons
    assert "TN-Q-0004" in page  # star history of the run
    assert staff_client.get(reverse("admin:catalog_sync_run_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:catalog_sync_starchange_changelist")).status_code == 200


def test_a_run_that_reads_the_whole_catalog_again(sync_client, tmp_path):
    from catalog_sync.tasks import sync_source

    path = tmp_path / "export.csv"
    path.write_bytes(VARIANTS["utf8-bom-comma"]())
    source = Source.objects.create(name="Tây Ninh", slug="tay-ninh", location=str(path))
    first = sync_source.apply(args=[source.pk]).get()
    assert first["counts"]["create"] == 6
    again = sync_source.apply(args=[source.pk]).get()
    assert again["catalog_read"]["products_read_in_full"] == 0
    full = sync_source.apply(args=[source.pk], kwargs={"full_read": True}).get()
    assert (
        full["catalog_read"]["products_read_in_full"] == 6 and sum(n for action, n in full["counts"].items() if action != "unchanged") == 0
    )
    assert Run.objects.get(pk=full["run_id"]).trigger == "dashboard"


def test_the_full_read_action_queues_a_run(staff_client, tmp_path):
    source = Source.objects.create(name="Tây Ninh", slug="tay-ninh", location=str(tmp_path / "export.csv"))
    response = staff_client.post(
        reverse("admin:catalog_sync_source_changelist"),
        {"action": "run_now_reading_everything", "_selected_action": [source.pk]},
        follow=True,
    )
    assert "Đã xếp 1 lần chạy đọc lại toàn bộ danh mục." in response.content.decode()
