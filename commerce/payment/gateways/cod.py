"""Cash on delivery: nothing is taken now; the courier collects the amount and staff record it
(orderMarkAsPaid or transactionRequestAction CHARGE)."""

from __future__ import annotations

from decimal import Decimal

from ..models import COD, TransactionEventType as E
from . import InitializeResult

ID = COD
NAME = "Thanh toán khi nhận hàng (COD)"
CURRENCIES = ["VND"]


def is_enabled() -> bool:
    return True


def public_config() -> list[tuple[str, str | None]]:
    return []


def session_data(amount: Decimal | None, data) -> dict:
    return {"amountToCollect": float(amount) if amount is not None else None}


def initialize(item, data, request=None) -> InitializeResult:
    return InitializeResult(
        event_type=E.CHARGE_REQUEST,
        amount=item.amount_requested,
        psp_reference=item.psp_reference,
        message="To be collected on delivery",
        external_id=f"cod:request:{item.token}",
        data={"amountToCollect": float(item.amount_requested), "currency": item.currency},
    )


def process(item, data, request=None) -> dict:
    return {"amountToCollect": float(item.amount_requested - item.charged_value), "currency": item.currency}
