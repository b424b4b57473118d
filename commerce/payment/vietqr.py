"""VietQR: the NAPAS 247 merchant-presented QR (EMVCo) a Vietnamese banking app scans to
prefill a transfer — bank, account, amount and memo.

Every field is TLV: a 2-digit tag, a 2-digit length, the value. The last field (63) is a
CRC-16/CCITT-FALSE over everything before it *including* its own "6304" header, so the payload
is built, then the checksum appended."""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"  # transfer to an account number (QRIBFTTC would be a card)
CURRENCY_VND = "704"  # ISO 4217 numeric
COUNTRY = "VN"
STATIC, DYNAMIC = "11", "12"  # 12: one-off code with an amount, as for an order
MEMO_MAX = 25  # tag 62/08 allows 25 characters; banks truncate anything longer anyway


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"VietQR field {tag} is {len(value)} characters long; 99 is the most")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def ascii_memo(text: str) -> str:
    """Banking apps show and match memos without diacritics (many strip or garble them), so
    'Thanh toán đơn' becomes 'Thanh toan don'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.split())[:MEMO_MAX]


def build_payload(bank_bin: str, account: str, amount: int | Decimal | None = None, memo: str = "") -> str:
    """The QR text. With an amount the code is dynamic (12), without it static (11)."""
    if not (bank_bin.isdigit() and len(bank_bin) == 6):
        raise ValueError("The bank BIN is six digits (e.g. 970436 for Vietcombank)")
    if not account or len(account) > 19 or not account.isalnum():
        raise ValueError("The account number is 1-19 letters or digits")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant_account = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    parts = [tlv("00", "01"), tlv("01", DYNAMIC if amount else STATIC), tlv("38", merchant_account), tlv("53", CURRENCY_VND)]
    if amount:
        amount = Decimal(amount)
        if amount != amount.to_integral_value() or amount <= 0:
            raise ValueError("VND amounts are whole positive numbers")
        parts.append(tlv("54", str(int(amount))))
    parts.append(tlv("58", COUNTRY))
    memo = ascii_memo(memo)
    if memo:
        parts.append(tlv("62", tlv("08", memo)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse_payload(payload: str) -> dict[str, str]:
    """Top-level tags → values (nested templates stay as text); for tests and diagnostics."""
    fields, i = {}, 0
    while i < len(payload):
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        fields[tag] = payload[i + 4 : i + 4 + length]
        i += 4 + length
    return fields


def qr_image(payload: str, kind: str, scale: int = 6) -> bytes:
    """SVG or PNG of the code, drawn here (segno), no third-party QR service."""
    import segno

    qr = segno.make(payload, error="m", micro=False)
    out = io.BytesIO()
    qr.save(out, kind=kind, scale=scale, border=4)
    return out.getvalue()
