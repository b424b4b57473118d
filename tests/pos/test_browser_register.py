"""The register in headless Chromium: a whole fair day, online and offline."""

from __future__ import annotations

import json
import re

import pytest

from commerce.order.models import Order
from commerce.payment.vietqr import build_payload, crc16_ccitt_false, parse_payload
from pos.models import Sale, ZReport

from .browser import screenshot, wait_js
from .conftest import BANK_ACCOUNT, BANK_BIN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Fair prices: online price less 10 %, rounded to 1.000 ₫.
PRICES = {"MUOI-OT": 41000, "BANH-TRANG": 54000, "MUOI-TOM": 47000, "MANG-CAU": 77000}


@pytest.fixture
def pairing_code(booth, cashiers):
    from pos.models import Register
    from pos.services.devices import new_pairing_code

    register = Register.objects.create(booth=booth, name="Điện thoại 1", code="1")
    return new_pairing_code(register)


def vnd(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " ₫"


def queue_count(page) -> int:
    return int(page.get_by_test_id("queue").get_attribute("data-count"))


def add(page, sku, times=1):
    for _ in range(times):
        page.get_by_test_id(f"tile-{sku}").click()


def wait_screen(page, name: str):
    wait_js(page, f"document.body.dataset.screen === '{name}'")


def pay_cash(page, tendered: int, expected_change: int):
    page.get_by_test_id("pay").click()
    page.get_by_test_id("all-cash").click()
    page.get_by_test_id("pay-tendered").fill(str(tendered))
    assert page.get_by_test_id("pay-change").inner_text() == vnd(expected_change)
    page.get_by_test_id("pay-done").click()
    wait_screen(page, "done")
    assert page.get_by_test_id("done-change").inner_text() == vnd(expected_change)
    receipt = page.get_by_test_id("done-receipt").inner_text()
    page.get_by_test_id("next-sale").click()
    return receipt


def test_a_fair_day_online_and_offline_every_sale_exactly_once(live_server, page, pairing_code, booth):
    base = live_server.url
    page.goto(f"{base}/pos/")
    # Pair the device, sign in, open the session with a float.
    page.get_by_test_id("pair-code").fill(pairing_code)
    page.get_by_test_id("pair-submit").click()
    page.get_by_test_id("signin-cashier").select_option(label="Lan")
    page.get_by_test_id("signin-pin").fill("1234")
    page.get_by_test_id("signin-submit").click()
    page.get_by_test_id("open-float").fill("500000")
    page.get_by_test_id("open-submit").click()
    page.get_by_test_id("tile-MUOI-OT").wait_for()
    # Once the service worker controls the page, load again so the shell, the catalog and the
    # photos pass through it (and are cached for the offline reload later).
    wait_js(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.reload()
    page.get_by_test_id("tile-MUOI-OT").wait_for()
    wait_js(page, "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert "★★★★" in page.get_by_test_id("tile-MUOI-OT").inner_text()
    assert page.get_by_test_id("stock-MUOI-OT").inner_text() == "Còn 20"

    receipts = []
    # 3 cash sales, change shown.
    add(page, "MUOI-OT", 2)
    receipts.append(pay_cash(page, 100000, 18000))
    add(page, "BANH-TRANG")
    receipts.append(pay_cash(page, 100000, 46000))
    add(page, "MUOI-TOM")
    add(page, "MUOI-OT")
    receipts.append(pay_cash(page, 90000, 2000))

    # 1 by VietQR: the code on screen carries the total and the receipt number.
    add(page, "MANG-CAU")
    page.get_by_test_id("pay").click()
    page.get_by_test_id("all-vietqr").click()
    page.get_by_test_id("qr-box").locator("svg").wait_for()
    shown_payload = page.get_by_test_id("qr-payload").inner_text()
    vietqr_receipt = page.locator("#pay-receipt").inner_text()
    screenshot(page, "pos-vietqr")
    page.get_by_test_id("pay-done").click()
    wait_screen(page, "done")
    receipts.append(page.get_by_test_id("done-receipt").inner_text())
    page.get_by_test_id("next-sale").click()
    assert receipts[-1] == vietqr_receipt
    assert shown_payload == build_payload(BANK_BIN, BANK_ACCOUNT, 77000, memo=vietqr_receipt)
    fields = parse_payload(shown_payload)
    assert fields["54"] == "77000" and vietqr_receipt in fields["62"]
    assert shown_payload[-4:] == f"{crc16_ccitt_false(shown_payload[:-4].encode()):04X}"

    # 1 split: part cash (with change), the rest on the card terminal.
    add(page, "MANG-CAU")
    add(page, "BANH-TRANG")
    page.get_by_test_id("pay").click()
    page.get_by_test_id("pay-cash").fill("60000")
    page.get_by_test_id("pay-tendered").fill("100000")
    page.get_by_test_id("pay-card").fill("71000")
    page.get_by_test_id("pay-done").click()
    assert "mã giao dịch" in page.get_by_test_id("pay-error").inner_text().lower()
    page.get_by_test_id("pay-card-ref").fill("TID-778899")
    page.get_by_test_id("pay-done").click()
    wait_screen(page, "done")
    assert page.get_by_test_id("done-change").inner_text() == vnd(40000)
    receipts.append(page.get_by_test_id("done-receipt").inner_text())
    page.get_by_test_id("next-sale").click()
    wait_js(page, "document.querySelector('[data-testid=queue]').dataset.count === '0'")
    assert Sale.objects.count() == 5

    # Offline: 5 more sales wait on the device.
    page.context.set_offline(True)
    wait_js(page, "document.querySelector('[data-testid=net]').textContent === 'Ngoại tuyến'")
    for _ in range(5):
        add(page, "MUOI-OT")
        receipts.append(pay_cash(page, 50000, 9000))
    assert queue_count(page) == 5
    assert page.get_by_test_id("stock-MUOI-OT").inner_text() == "Còn 12"  # 20 − 3 online − 5 offline
    # Closing and signing out are refused while sales wait.
    page.get_by_test_id("btn-close").click()
    assert "5 giao dịch chưa gửi" in page.get_by_test_id("sell-error").inner_text()
    page.get_by_test_id("btn-signout").click()
    assert "5 giao dịch chưa gửi" in page.get_by_test_id("sell-error").inner_text()

    # Reload while offline: the app comes from the service worker, the sales from IndexedDB.
    page.reload()
    page.get_by_test_id("tile-MUOI-OT").wait_for()
    assert queue_count(page) == 5
    assert page.get_by_test_id("stock-MUOI-OT").inner_text() == "Còn 12"
    screenshot(page, "pos-offline-after-reload")
    assert Sale.objects.count() == 5

    # Back online: the queue empties, every sale on the server exactly once.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_js(page, "document.querySelector('[data-testid=queue]').dataset.count === '0'", timeout=30)
    assert Sale.objects.count() == 10
    assert sorted(Sale.objects.values_list("receipt_number", flat=True)) == sorted(receipts)
    assert len(set(receipts)) == 10 and re.fullmatch(r"A12-1-0000(0[1-9]|10)", receipts[-1])
    uuids = [str(u) for u in Sale.objects.values_list("uuid", flat=True)]
    assert Order.objects.filter(external_reference__in=uuids).count() == 10
    assert Order.objects.filter(channel__slug="fair-tay-ninh-2026").count() == 10
    wait_js(page, "document.querySelector('[data-testid=stock-BANH-TRANG]').textContent === 'Còn 18'")
    assert page.get_by_test_id("stock-MUOI-OT").inner_text() == "Còn 12"

    # The whole batch sent again (as a client that never heard back would): no new sale, no new order.
    resent = page.evaluate("""async () => {
        const sales = (await PosStore.allSales()).map(s => s.payload);
        const token = await PosStore.get('token');
        const r = await fetch('/pos/api/sales/sync', {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: 'Device ' + token}, body: JSON.stringify({sales})});
        return r.json();
    }""")
    assert resent["duplicate"] == 10 and resent["accepted"] == 0
    assert Sale.objects.count() == 10 and Order.objects.filter(external_reference__in=uuids).count() == 10

    # Close with a counted amount: the Z-report has the totals and the discrepancy.
    cash = 82000 + 54000 + 88000 + 60000 + 5 * 41000
    expected = 500000 + cash
    page.get_by_test_id("btn-close").click()
    page.get_by_test_id("close-counted").fill(str(expected - 4000))
    page.get_by_test_id("close-submit").click()
    page.get_by_test_id("r-discrepancy").wait_for()
    screenshot(page, "pos-z-report")
    assert page.get_by_test_id("r-expected").inner_text() == vnd(expected)
    assert page.get_by_test_id("r-discrepancy").inner_text() == vnd(-4000)
    assert page.get_by_test_id("r-net").inner_text() == vnd(82000 + 54000 + 88000 + 77000 + 131000 + 5 * 41000)
    z = ZReport.objects.get()
    assert (z.expected_cash, z.counted_cash, z.discrepancy) == (expected, expected - 4000, -4000)
    assert z.data["byMethod"] == {
        "card": {"count": 1, "amount": 71000},
        "cash": {"count": 9, "amount": cash},
        "vietqr": {"count": 1, "amount": 77000},
    }
    by_product = {p["sku"]: p["quantity"] for p in z.data["byProduct"]}
    assert by_product == {"MUOI-OT": 8, "BANH-TRANG": 2, "MUOI-TOM": 1, "MANG-CAU": 2}
    assert z.data["byCashier"] == [{"name": "Lan", "sales": 10, "refunds": 0, "amount": 637000}]
    # Each VietQR payment's payload (made on the server too) carries amount + receipt, valid CRC.
    qr = Sale.objects.get(receipt_number=vietqr_receipt).payments.get()
    assert qr.vietqr_payload == shown_payload
