"""Payment terms of wholesale orders, decided when the checkout is completed.

checkoutComplete's `paymentData` may carry {"paymentTerms": "net30"}; without it a wholesale
order is paid by bank transfer (VietQR on the pro-forma invoice) before delivery. Net-30 is for
accounts granted it: the order is placed unpaid, due `payment_terms_days` after the order date,
written to the order's public metadata (paymentTerms, paymentDueDate — readable through
Saleor's API) and to OrderTerms, where the reminder task (tasks.send_payment_reminders) keeps
what it sent.

    on_order_created(order, checkout, payment_data)   — called inside the completion transaction
    unpaid_net30_total(account) -> Decimal
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone

from commerce.core.validation import error
from commerce.notifications.formatting import money

from . import gate
from .models import OrderTerms, PaymentTerms

NET30 = "net30"
BANK_TRANSFER = "bank_transfer"


def requested_terms(payment_data) -> str:
    value = (payment_data or {}).get("paymentTerms") if isinstance(payment_data, dict) else None
    value = (value or BANK_TRANSFER).strip().lower().replace("-", "").replace("_", "")
    return {"net30": NET30, "banktransfer": BANK_TRANSFER}.get(value, value)


def unpaid_net30_total(account) -> Decimal:
    from commerce.order.models import OrderStatus

    rows = OrderTerms.objects.filter(account=account, terms=PaymentTerms.NET30).exclude(order__status=OrderStatus.CANCELED)
    total = rows.aggregate(due=Sum(F("order__total_gross_amount") - F("order__total_charged_amount")))["due"]
    return max(total or Decimal(0), Decimal(0))


def on_order_created(order, checkout, payment_data=None) -> None:
    if not gate.is_wholesale_channel(order.channel):
        return
    account = gate.account_of(checkout.user)
    if account is None:  # the gate refused such a checkout before; nothing to record
        return
    language = checkout.language_code
    terms = requested_terms(payment_data)
    if terms not in (NET30, BANK_TRANSFER):
        raise error(
            "paymentData",
            "INVALID",
            gate.say(language, f"Điều khoản thanh toán không hợp lệ: {terms}.", f"Unknown payment terms: {terms}."),
        )
    due_date = None
    if terms == NET30:
        if not account.net30_granted:
            raise error(
                "paymentData",
                "INVALID",
                gate.say(
                    language,
                    "Tài khoản doanh nghiệp của bạn chưa được trả chậm 30 ngày; vui lòng chọn chuyển khoản.",
                    "Your business account has not been granted net-30 terms; pay by bank transfer instead.",
                ),
            )
        if account.credit_limit is not None:
            owed = unpaid_net30_total(account)
            if owed + order.total_gross_amount > account.credit_limit:
                lang = gate.language_of(language)
                raise error(
                    "paymentData",
                    "INVALID",
                    gate.say(
                        language,
                        f"Vượt hạn mức công nợ {money(account.credit_limit, order.currency, lang)} (đang nợ {money(owed, order.currency, lang)}).",
                        f"This order would exceed your credit limit of {money(account.credit_limit, order.currency, lang)} ({money(owed, order.currency, lang)} owed).",
                    ),
                )
        due_date = timezone.localdate(order.created_at) + timedelta(days=account.payment_terms_days)
    OrderTerms.objects.create(order=order, account=account, terms=terms, due_date=due_date)
    order.metadata = {**(order.metadata or {}), "paymentTerms": terms, "businessTaxCode": account.tax_code}
    if due_date:
        order.metadata["paymentDueDate"] = due_date.isoformat()
    order.save(update_fields=["metadata", "updated_at"])
