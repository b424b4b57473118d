"""The whole sync through the in-process transport: quirky exports, the demo exports and their
later update, reruns, dry runs, the daily lapse, the CLI's exit codes and report."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from catalog_sync.models import RejectedRow, Run, StarChange
from catalog_sync.runner import exclusive, run_expiry, run_sync
from commerce.product.models import Product, ProductChannelListing, ProductVariant

from .conftest import FIXTURES, TODAY, catalog_state
from .exports import EXPECTED_REJECTIONS, GOOD_CODES, VARIANTS

FIRST = FIXTURES / "tay-ninh-ocop-2025-03.csv"
LATER = FIXTURES / "tay-ninh-ocop-2025-12.csv"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("variant", ["utf8-bom-comma", "cp1258-semicolon", "utf16-tab", "xlsx"])
def test_bad_rows_are_reported_and_good_rows_apply_then_a_rerun_changes_nothing(tmp_path, sync_client, variant):
    path = write(tmp_path, f"export.{'xlsx' if variant == 'xlsx' else 'csv'}", VARIANTS[variant]())
    report = run_sync(path, client=sync_client, today=TODAY)
    assert report.status == "partial" and report.exit_code == 1
    assert report.counts["create"] == 6
    assert sorted(Product.objects.values_list("external_reference", flat=True)) == GOOD_CODES
    assert [(r["row"], r["reason"].split(":")[0]) for r in report.rejected][0] == (EXPECTED_REJECTIONS[0][0], "duplicate code")
    stored = list(RejectedRow.objects.filter(run_id=report.run_id).values_list("row", "column"))
    assert [row for row, _ in stored] == [row for row, _, _ in EXPECTED_REJECTIONS]
    assert all(column for _, column in stored)
    state = catalog_state()
    assert state["TN-Q-0004"]["ocop-stars"] == "4" and state["TN-Q-0006"]["ocop-stars"] == "3"
    assert state["TN-Q-0001"]["ocop-valid-until"] == "2027-01-31"
    assert state["TN-Q-0003"]["producer"] == "HTX Minh Trung"

    again = run_sync(path, client=sync_client, today=TODAY)
    assert again.changes == 0 and again.counts["unchanged"] == 6
    assert Product.objects.count() == 6


def test_demo_exports_create_then_upgrade_revoke_lapse_and_add(sync_client):
    first = run_sync(str(FIRST), client=sync_client, today=TODAY)
    assert first.exit_code == 0, first.summary_table()
    assert first.counts["create"] == 149 and Product.objects.count() == 149
    state = catalog_state()
    assert state["TN-OCOP-2025-0001"]["ocop-stars"] == "5"
    assert state["TN-OCOP-2020-0007"]["ocop-status"] == "lapsed"  # a 2020 certificate, never re-evaluated
    assert sum(1 for s in state.values() if s["ocop-stars"] == "4") == 42
    # Published in `online` exactly when the export gives a price.
    priced = {
        p for p in Product.objects.filter(variants__channel_listings__price_amount__gt=0).values_list("external_reference", flat=True)
    }
    published = set(
        ProductChannelListing.objects.filter(channel__slug="online", is_published=True).values_list(
            "product__external_reference", flat=True
        )
    )
    assert priced == published and 0 < len(priced) < 149
    assert ProductVariant.objects.filter(sku="TN-OCOP-2025-0001-01").exists()
    assert StarChange.objects.filter(old_stars=None).count() == 149

    assert run_sync(str(FIRST), client=sync_client, today=TODAY).changes == 0

    later = run_sync(str(LATER), client=sync_client, today=TODAY)
    assert later.exit_code == 0, later.summary_table()
    assert later.counts["create"] == 4
    assert later.counts["star_change"] == 5
    assert later.counts["revoke"] == 1
    assert later.counts["lapse"] == 1  # the code missing from the full export
    state = catalog_state()
    apple = state["TN-OCOP-2024-0062"]
    assert (apple["ocop-stars"], apple["ocop-certificate-no"], apple["ocop-authority"]) == (
        "5",
        "1520/QĐ-BNNMT",
        "Bộ Nông nghiệp và Môi trường",
    )
    assert apple["ocop-valid-until"] == "2028-11-05"
    history = StarChange.objects.filter(code="TN-OCOP-2024-0062").order_by("changed_at")
    assert [(h.old_stars, h.new_stars) for h in history] == [(None, 4), (4, 5)]
    # The core kept the upgrade as well, from the sync's productUpdate, for the KPI pages: the
    # product's 4★ decision before its current 5★ one, written by the catalog-sync App.
    from commerce.attribute.models import ProductAttributeChange
    from commerce.kpi.selectors import certificates

    apple_cert = next(c for c in certificates() if c.code == "TN-OCOP-2024-0062")
    assert [stars for _, stars in apple_cert.earlier] == [4, 5]
    assert apple_cert.earlier[-1][0] == apple_cert.decision_date
    assert set(ProductAttributeChange.objects.filter(product_id=apple_cert.product_id).values_list("app__identifier", flat=True)) == {
        "catalog-sync"
    }
    assert Product.objects.count() == 153  # lapsed and revoked products are kept
    assert run_sync(str(LATER), client=sync_client, today=TODAY).changes == 0


def test_dry_run_plans_and_changes_nothing(sync_client):
    report = run_sync(str(FIRST), client=sync_client, today=TODAY, dry_run=True)
    assert report.counts["create"] == 149 and len(report.planned) == 149
    assert not Product.objects.exists()
    assert Run.objects.get(pk=report.run_id).dry_run


def test_daily_check_lapses_badges_past_their_valid_until(sync_client):
    run_sync(str(FIRST), client=sync_client, today=TODAY)
    report = run_expiry(client=sync_client, today=date(2027, 2, 1))
    state = catalog_state()
    expired = [c for c, s in state.items() if s["ocop-valid-until"] < "2027-02-01" and s["ocop-status"] != "revoked"]
    assert report.counts["lapse"] > 0
    assert all(state[c]["ocop-status"] == "lapsed" for c in expired)
    assert state["TN-OCOP-2025-0001"]["ocop-status"] == "valid"  # valid until 2028
    assert run_expiry(client=sync_client, today=date(2027, 2, 1)).counts["lapse"] == 0


def test_one_run_at_a_time_per_source(sync_client):
    with exclusive(str(FIRST)):
        # The lock is per session: a second connection must be refused while this one holds it.
        import threading

        result = {}

        def other():
            from django.db import connection

            try:
                result["report"] = run_sync(str(FIRST), client=sync_client, today=TODAY)
            finally:
                connection.close()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert result["report"].status == "busy" and result["report"].exit_code == 2


def test_cli_exit_codes_and_json_report(tmp_path, ocop_catalog):
    good = write(tmp_path, "good.csv", "Mã sản phẩm,Tên sản phẩm,Hạng sao,Ngày quyết định\nTN-C-1,Muối ớt,4,31/01/2024\n".encode())
    mixed = write(tmp_path, "mixed.csv", VARIANTS["utf8-bom-comma"]())
    all_bad = write(tmp_path, "bad.csv", "Mã sản phẩm,Tên sản phẩm,Hạng sao\nTN-C-9,,9\n".encode())
    out = tmp_path / "report.json"

    def exit_code(*args):
        with pytest.raises(SystemExit) as stop:
            call_command("sync_registry", *args)
        return stop.value.code

    assert exit_code(good, "--partial") == 0
    assert exit_code(mixed, "--partial", "--report-json", str(out)) == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["counts"]["create"] == 6 and len(report["rejected"]) == 5
    assert {"row", "column", "reason"} <= set(report["rejected"][0])
    assert exit_code(all_bad) == 2
    assert exit_code(str(tmp_path / "missing.csv")) == 2
    assert exit_code(write(tmp_path, "empty.csv", b"")) == 2
    assert exit_code(mixed, "--dry-run", "--partial") == 1  # same rejections, nothing written
    assert Product.objects.count() == 7
    mapping = tmp_path / "map.json"
    mapping.write_text('{"Số hiệu": "code", "Sản vật": "name", "Hạng": "stars"}', encoding="utf-8")
    mapped = write(tmp_path, "mapped.csv", "Số hiệu;Sản vật;Hạng\nTN-C-2;Bánh tráng;3 sao\n".encode())
    assert exit_code(mapped, "--mapping", str(mapping), "--partial") == 0
    assert Product.objects.filter(external_reference="TN-C-2").exists()
