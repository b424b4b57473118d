"""VietQR bank transfer: the shopper scans a dynamic code for the exact amount with the
transaction's reference in the memo; the bank's notification (webhooks.bank) charges it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from .. import vietqr
from ..models import VIETQR, TransactionEventType as E
from . import InitializeResult

ID = VIETQR
NAME = "Chuyển khoản VietQR"
CURRENCIES = ["VND"]
MEMO_PREFIX = "OCOP"


def is_enabled() -> bool:
    return bool(settings.VIETQR_BANK_BIN and settings.VIETQR_ACCOUNT)


def public_config() -> list[tuple[str, str | None]]:
    return [
        ("bankBin", settings.VIETQR_BANK_BIN),
        ("accountNumber", settings.VIETQR_ACCOUNT),
        ("accountName", settings.VIETQR_ACCOUNT_NAME),
    ]


def session_data(amount: Decimal | None, data) -> dict:
    return dict(public_config())


def memo_for(item) -> str:
    return f"{MEMO_PREFIX} {item.reference}"


def payload_for(item) -> str:
    return vietqr.build_payload(settings.VIETQR_BANK_BIN, settings.VIETQR_ACCOUNT, item.amount_requested, memo_for(item))


def transfer_data(item, request=None) -> dict:
    svg = reverse("vietqr-image", kwargs={"token": item.token, "format": "svg"})
    png = reverse("vietqr-image", kwargs={"token": item.token, "format": "png"})
    if request is not None:
        svg, png = request.build_absolute_uri(svg), request.build_absolute_uri(png)
    return {
        "payload": payload_for(item),
        "memo": memo_for(item),
        "reference": item.reference,
        "amount": float(item.amount_requested),
        "currency": item.currency,
        "bankBin": settings.VIETQR_BANK_BIN,
        "accountNumber": settings.VIETQR_ACCOUNT,
        "accountName": settings.VIETQR_ACCOUNT_NAME,
        "qrSvgUrl": svg,
        "qrPngUrl": png,
    }


def initialize(item, data, request=None) -> InitializeResult:
    return InitializeResult(
        event_type=E.CHARGE_REQUEST,
        amount=item.amount_requested,
        psp_reference=item.reference,
        message=f"Awaiting bank transfer with memo '{memo_for(item)}'",
        external_id=f"vietqr:request:{item.token}",
        data=transfer_data(item, request),
    )


def process(item, data, request=None) -> dict:
    return transfer_data(item, request)
