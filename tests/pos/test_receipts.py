"""Receipts: ESC/POS bytes (python-escpos's Dummy printer), the 58/80 mm e-receipt in Chromium,
each sale's VietQR payload, and the register's QR encoder against a reference encoder."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from commerce.payment.vietqr import build_payload, crc16_ccitt_false, parse_payload
from pos.models import Sale
from pos.services import receipts

from .browser import screenshot, wait_js
from .conftest import BANK_ACCOUNT, BANK_BIN, make_sale

SYNC = "/pos/api/sales/sync"


@pytest.fixture
def recorded_sale(device_client, register, open_session, cashiers, producer_products):
    sale = make_sale(
        register,
        open_session,
        cashiers[0],
        [(producer_products[0], 2, 41000, 2000), (producer_products[3], 1, 77000, 0)],
        [{"method": "cash", "amount": 100000, "tendered": 200000}, {"method": "vietqr", "amount": 56000}],
        discount=1000,
    )
    response = device_client.post(SYNC, data=json.dumps({"sales": [sale]}), content_type="application/json")
    assert response.json()["results"][0]["status"] == "accepted"
    return Sale.objects.get(uuid=sale["uuid"])


def raster(output: bytes):
    """Parse ESC @, GS v 0 m xL xH yL yH <data>, … GS V: (init?, width in bytes, height, data, rest)."""
    assert output.startswith(b"\x1b@"), output[:8]
    at = output.index(b"\x1dv0")
    m, xl, xh, yl, yh = output[at + 3 : at + 8]
    width_bytes, height = xl + 256 * xh, yl + 256 * yh
    data = output[at + 8 : at + 8 + width_bytes * height]
    return m, width_bytes, height, data, output[at + 8 + width_bytes * height :]


@pytest.mark.parametrize("width_mm,dots", [(58, 384), (80, 576)])
def test_escpos_is_a_raster_image_of_the_receipt_then_a_cut(recorded_sale, width_mm, dots):
    data = receipts.receipt_data(recorded_sale)
    image = receipts.receipt_image(data, width_mm, "https://pos.example/pos/receipt/x/")
    output = receipts.escpos_bytes(data, width_mm, "https://pos.example/pos/receipt/x/")
    m, width_bytes, height, pixels, rest = raster(output)
    assert (m, width_bytes * 8, height) == (0, dots, image.height)
    # Every printed dot is a black pixel of the drawn receipt (1 = burn), row by row.
    expected = bytearray()
    for y in range(image.height):
        row = [image.getpixel((x, y)) == 0 for x in range(dots)]
        for i in range(0, dots, 8):
            byte = 0
            for bit in row[i : i + 8]:
                byte = (byte << 1) | bit
            expected.append(byte)
    assert pixels == bytes(expected)
    assert sum(bin(b).count("1") for b in pixels) > 2000  # text, rules and the QR were drawn
    assert rest.endswith(b"\x1dVA\x00") or b"\x1dV" in rest  # feed and cut


def test_vietnamese_text_is_drawn_not_sent_as_text(recorded_sale):
    """Thermal printers lack a Vietnamese code page: no text bytes of the receipt go out."""
    output = receipts.escpos_bytes(receipts.receipt_data(recorded_sale), 80)
    for text in ("Muối ớt", "TỔNG CỘNG", "Tiền thối", recorded_sale.receipt_number):
        assert text.encode("utf-8") not in output
    assert b"\x1bt" not in output  # no code page selected: nothing is printed as characters


def test_each_vietqr_payment_carries_amount_receipt_number_and_crc(recorded_sale):
    payment = recorded_sale.payments.get(method="vietqr")
    payload = payment.vietqr_payload
    fields = parse_payload(payload)
    assert fields["54"] == "56000" and fields["01"] == "12"
    assert fields["62"] == f"08{len(recorded_sale.receipt_number):02d}{recorded_sale.receipt_number}"
    assert BANK_BIN in fields["38"] and BANK_ACCOUNT in fields["38"]
    assert payload[-8:-4] == "6304" and payload[-4:] == f"{crc16_ccitt_false(payload[:-4].encode()):04X}"
    assert payload == build_payload(BANK_BIN, BANK_ACCOUNT, 56000, memo=recorded_sale.receipt_number)
    assert recorded_sale.payments.get(method="cash").vietqr_payload == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_58_and_80_mm_receipts_render_in_chromium(live_server, page, recorded_sale):
    widths = {}
    for width in (58, 80):
        page.goto(f"{live_server.url}/pos/receipt/{recorded_sale.uuid}/?w={width}")
        page.emulate_media(media="print")
        receipt = page.get_by_test_id("receipt")
        assert receipt.get_by_test_id("receipt-total").inner_text() == "156.000 ₫"
        text = receipt.inner_text()
        for expected in (
            "Muối ớt Tây Ninh",
            "Mãng cầu sấy dẻo",
            "Tiền thối",
            "100.000 ₫",
            "Chuyển khoản VietQR",
            recorded_sale.receipt_number,
        ):
            assert expected in text
        wait_js(page, "document.fonts.check('12px \"Be Vietnam Pro\"')")
        widths[width] = receipt.bounding_box()["width"]
        path = screenshot(page, f"pos-receipt-{width}mm")
        assert Image.open(path).width > 0
        pdf = page.pdf(width=f"{width}mm", print_background=True)
        assert pdf.startswith(b"%PDF")
    px_per_mm = 96 / 25.4  # printable width + 3 mm padding each side
    assert abs(widths[58] - 54 * px_per_mm) < 3 and abs(widths[80] - 78 * px_per_mm) < 3


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_registers_qr_encoder_matches_a_reference_encoder(live_server, page):
    """The QR drawn in the browser (offline VietQR) is module for module what the `qrcode`
    library makes for the same text, version and mask; and its VietQR text is the server's."""
    import qrcode
    from qrcode.util import MODE_8BIT_BYTE, QRData

    page.goto(f"{live_server.url}/pos/receipt/00000000-0000-0000-0000-000000000000/")  # any page; load the script alone
    page.add_script_tag(url=f"{live_server.url}/pos/assets/qr.js")
    cases = [
        ("970436", "1017595600", 180000, "thanh toan don hang"),
        (BANK_BIN, BANK_ACCOUNT, 77000, "A12-1-000004"),
        ("970415", "113366668888", 1250000, "Đơn hàng số 12 — mãng cầu"),
    ]
    for bank, account, amount, memo in cases:
        result = page.evaluate(
            "([b, a, amt, m]) => { const p = OcopQR.vietqr(b, a, amt, m); const q = OcopQR.encode(p);"
            " return {p, v: q.version, mask: q.mask, rows: q.modules.map(r => r.map(x => x ? 1 : 0).join(''))}; }",
            [bank, account, amount, memo],
        )
        assert result["p"] == build_payload(bank, account, amount, memo=memo)
        reference = qrcode.QRCode(
            version=result["v"], error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=result["mask"], border=0
        )
        reference.add_data(QRData(result["p"].encode(), mode=MODE_8BIT_BYTE))
        reference.make(fit=False)
        assert ["".join("1" if m else "0" for m in row) for row in reference.modules] == result["rows"]
    sample = (
        "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA"
    )
    assert page.evaluate("OcopQR.vietqr('970436', '1017595600', 180000, 'thanh toan don hang')") == sample
