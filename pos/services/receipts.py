"""Receipts: the data of one sale, its picture for thermal printers (ESC/POS), the e-receipt.

Thermal printers have no code page with Vietnamese letters (ơ, ư, ạ, ễ …), so the receipt is
drawn as a 1-bit image in Be Vietnam Pro and sent as a raster (GS v 0): 384 dots across for
58 mm paper, 576 for 80 mm."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from ..models import Sale

DOTS = {58: 384, 80: 576}
METHOD_NAMES = {"cash": "Tiền mặt", "vietqr": "Chuyển khoản VietQR", "card": "Thẻ"}


class PrinterError(Exception):
    pass


def vnd(amount) -> str:
    """125000 → '125.000 ₫' (VND has no minor unit; dots group thousands)."""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " ₫"


def receipt_url(sale: Sale) -> str:
    return reverse("pos:receipt", kwargs={"sale_uuid": sale.uuid})


def receipt_data(sale: Sale) -> dict:
    booth, fair = sale.register.booth, sale.register.booth.fair
    local = timezone.localtime(sale.created_at)
    return {
        "uuid": str(sale.uuid),
        "kind": sale.kind,
        "receiptNumber": sale.receipt_number,
        "createdAt": local.isoformat(),
        "date": local.strftime("%d/%m/%Y %H:%M"),
        "fair": fair.name,
        "venue": fair.venue,
        "booth": f"Gian {booth.code} · {booth.name}",
        "producer": booth.producer_name,
        "cashier": sale.cashier.name if sale.cashier else "",
        "lines": [
            {
                "name": l.product_name,
                "variant": l.variant_name,
                "sku": l.sku,
                "quantity": l.quantity,
                "unitPrice": int(l.unit_price),
                "gross": int(l.unit_price) * l.quantity,
                "discount": int(l.discount),
                "total": int(l.total),
            }
            for l in sale.lines.all()
        ],
        "subtotal": int(sale.subtotal),
        "discount": int(sale.discount_total),
        "total": int(sale.total),
        "payments": [
            {
                "method": p.method,
                "methodName": METHOD_NAMES[p.method],
                "amount": int(p.amount),
                "tendered": int(p.tendered) if p.tendered is not None else None,
                "change": int(p.change),
                "reference": p.reference,
                "vietqrPayload": p.vietqr_payload,
            }
            for p in sale.payments.all()
        ],
        "orderNumber": sale.order_number,
        "url": receipt_url(sale),
    }


@lru_cache(maxsize=8)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    import fontpkg_be_vietnam_pro

    path = Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files" / f"BeVietnamPro-{weight}.ttf"
    return ImageFont.truetype(str(path), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    return lines + ([current] if current else [])


def receipt_image(data: dict, width_mm: int = 80, absolute_url: str = "") -> Image.Image:
    """The receipt as a 1-bit image, DOTS[width_mm] wide, in Be Vietnam Pro."""
    width = DOTS[width_mm]
    small = width_mm == 58
    regular, bold = _font("Regular", 20 if small else 24), _font("Bold", 22 if small else 28)
    big = _font("Bold", 28 if small else 36)
    canvas = Image.new("L", (width, 4000), 255)
    draw = ImageDraw.Draw(canvas)
    margin, y = 4, 4

    def text(line, font=regular, align="left"):
        nonlocal y
        for part in _wrap(draw, line, font, width - 2 * margin):
            x = margin if align == "left" else (width - draw.textlength(part, font=font)) / 2
            draw.text((x, y), part, font=font, fill=0)
            y += int(font.size * 1.3)

    def pair(left, right, font=regular):
        nonlocal y
        right_w = draw.textlength(right, font=font)
        lines = _wrap(draw, left, font, width - 2 * margin - right_w - 8)
        for i, part in enumerate(lines):
            draw.text((margin, y), part, font=font, fill=0)
            if i == len(lines) - 1:
                draw.text((width - margin - right_w, y), right, font=font, fill=0)
            y += int(font.size * 1.3)

    def rule():
        nonlocal y
        draw.line((margin, y + 4, width - margin, y + 4), fill=0, width=2)
        y += 12

    text(data["booth"], bold, "center")
    if data.get("producer"):
        text(data["producer"], regular, "center")
    text(f"{data['fair']} — {data['venue']}", regular, "center")
    rule()
    text(("PHIẾU HOÀN TIỀN" if data["kind"] == "refund" else "HOÁ ĐƠN BÁN LẺ"), bold, "center")
    pair("Số:", data["receiptNumber"])
    pair("Ngày:", data["date"])
    if data.get("cashier"):
        pair("Thu ngân:", data["cashier"])
    rule()
    for line in data["lines"]:
        text(line["name"] + (f" ({line['variant']})" if line.get("variant") else ""))
        pair(f"  {line['quantity']} × {vnd(line['unitPrice'])}", vnd(line["gross"]))
        if line["discount"]:
            pair("  giảm giá", "-" + vnd(line["discount"]))
    rule()
    if data["discount"]:
        pair("Tạm tính", vnd(data["subtotal"]))
        pair("Giảm giá", "-" + vnd(data["discount"]))
    pair("TỔNG CỘNG", vnd(data["total"]), big)
    for payment in data["payments"]:
        pair(payment["methodName"], vnd(payment["amount"]))
        if payment.get("tendered") is not None:
            pair("  Khách đưa", vnd(payment["tendered"]))
            pair("  Tiền thối", vnd(payment["change"]))
        if payment.get("reference"):
            pair("  Mã GD", payment["reference"])
    rule()
    if absolute_url:
        import segno

        qr = segno.make(absolute_url, error="m")
        buffer = io.BytesIO()
        qr.save(buffer, kind="png", scale=4 if small else 5, border=2)
        code = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
        canvas.paste(code, ((width - code.width) // 2, y))
        y += code.height + 4
        text("Quét để xem hoá đơn điện tử", regular, "center")
    text("Cảm ơn quý khách! Hẹn gặp lại.", bold, "center")
    return canvas.crop((0, 0, width, y + 8)).point(lambda v: 255 if v > 160 else 0).convert("1")


def escpos_bytes(data: dict, width_mm: int = 80, absolute_url: str = "") -> bytes:
    """The ESC/POS byte stream for one receipt: init, raster image, feed, cut."""
    from escpos.printer import Dummy

    printer = Dummy()
    _print(printer, data, width_mm, absolute_url)
    return printer.output


def _print(printer, data: dict, width_mm: int, absolute_url: str) -> None:
    printer.hw("INIT")
    printer.image(receipt_image(data, width_mm, absolute_url), impl="bitImageRaster", center=False)
    printer.cut()


def print_to_network(sale: Sale, width_mm: int = 80) -> None:
    """Send the receipt to the booth's network printer (raw TCP 9100, the usual ESC/POS port)."""
    from escpos.printer import Network

    host = sale.register.booth.printer_host
    if not host:
        raise PrinterError("Gian hàng chưa khai báo máy in mạng.")
    hostname, _, port = host.partition(":")
    base = getattr(settings, "POS_PUBLIC_URL", "")
    try:
        printer = Network(hostname, port=int(port or 9100), timeout=10)
        printer.open()
        _print(printer, receipt_data(sale), width_mm if width_mm in DOTS else 80, base + receipt_url(sale) if base else "")
        printer.close()
    except OSError as exc:
        raise PrinterError(f"Không in được tới {host}: {exc}")
