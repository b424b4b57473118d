"""A run killed mid-way (SIGKILL of the process doing it) leaves every product whole, and the
next run completes the job."""

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from catalog_sync.runner import run_sync
from commerce.attribute.models import AssignedProductAttributeValue
from commerce.product.models import Product, ProductChannelListing, ProductVariant

from .conftest import TODAY, catalog_state

ROOT = Path(__file__).resolve().parents[2]
ROWS = 300


def export(path: Path, stars: int, decision: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Mã sản phẩm", "Tên sản phẩm", "Chủ thể", "Xã/Phường", "Hạng sao", "Điểm", "Số quyết định", "Ngày quyết định", "Giá bán lẻ"]
    )
    for i in range(ROWS):
        writer.writerow(
            [
                f"TN-K-{i:04d}",
                f"Bánh tráng số {i}",
                f"Cơ sở số {i % 20}",
                "Xã Gò Dầu",
                stars,
                60 + stars,
                decision,
                "31/01/2024" if stars == 3 else "20/11/2025",
                "45.000",
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")
    return str(path)


def database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db.get("PASSWORD") else "")
    host = quote(db["HOST"] or "", safe="") + (f":{db['PORT']}" if db.get("PORT") else "")
    return f"postgres://{auth}@{host}/{db['NAME']}"


def start_sync(path: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "OCOP_DEV": "1", "DB_CONN_MAX_AGE": "0"}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "sync_registry", path, "--partial", "--batch-size", "10"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_when(process: subprocess.Popen, reached) -> None:
    deadline = time.monotonic() + 120
    while not reached():
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the run never got going"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    connection.close()


def star_counts() -> dict:
    return {s.get("ocop-stars") for s in catalog_state().values()}


@pytest.mark.django_db(transaction=True)
def test_a_killed_run_leaves_whole_products_and_the_next_run_finishes(tmp_path, sync_client):
    first = export(tmp_path / "first.csv", 3, "245/QĐ-UBND")
    process = start_sync(first)
    kill_when(process, lambda: Product.objects.count() >= 40)
    created = Product.objects.count()
    assert 40 <= created < ROWS, "the kill came too late to interrupt anything"
    # Every product that exists is whole: its 7 OCOP attributes (the export has no authority or group), its variant, its price, its listing.
    for product in Product.objects.all():
        assert AssignedProductAttributeValue.objects.filter(product=product).count() == 7, product.external_reference
        assert ProductVariant.objects.filter(product=product, channel_listings__price_amount=45000).count() == 1
        assert ProductChannelListing.objects.filter(product=product, is_published=True).count() == 1

    report = run_sync(first, client=sync_client, today=TODAY, full_export=False)
    assert report.counts["create"] == ROWS - created and report.counts["unchanged"] == created
    assert Product.objects.count() == ROWS

    # Kill an update run part-way: each product is either all old or all new.
    later = export(tmp_path / "later.csv", 4, "2890/QĐ-UBND")
    process = start_sync(later)
    kill_when(
        process, lambda: AssignedProductAttributeValue.objects.filter(value__attribute__slug="ocop-stars", value__slug="4").count() >= 30
    )
    old = ("3", "245/QĐ-UBND", "2024-01-31", "2027-01-31", 63.0)
    new = ("4", "2890/QĐ-UBND", "2025-11-20", "2028-11-20", 64.0)
    states = [
        (s["ocop-stars"], s["ocop-certificate-no"], s["ocop-decision-date"], s["ocop-valid-until"], s["ocop-score"])
        for s in catalog_state().values()
    ]
    assert set(states) == {old, new}, set(states) - {old, new}
    upgraded = states.count(new)
    assert 30 <= upgraded < ROWS

    report = run_sync(later, client=sync_client, today=TODAY, full_export=False)
    assert report.counts["star_change"] == ROWS - upgraded
    assert {s[0] for s in [(v["ocop-stars"],) for v in catalog_state().values()]} == {"4"}
    assert run_sync(later, client=sync_client, today=TODAY, full_export=False).changes == 0
