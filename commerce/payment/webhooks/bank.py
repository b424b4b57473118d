"""The bank's notification of an incoming transfer: HMAC-signed JSON
{id, amount, memo|description, account, time}. Matched to a VietQR transaction by the
reference in the memo; paid only for the exact amount — anything else waits for a person."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction

from ..models import VIETQR, TransactionEventType as E, TransactionItem, WebhookDelivery
from ..services import record_event

# Banks drop or add spaces and append their own text, so "OCOP AB2C3D4E", "OCOPAB2C3D4E" and
# "CT DEN:123 OCOP AB2C3D4E FT25..." all name the same reference.
REFERENCE_IN_MEMO = re.compile(r"OCOP\s*([2-9A-HJ-NP-Z]{8})(?![A-Z0-9])", re.IGNORECASE)


class BadSignature(Exception):
    pass


class BadPayload(Exception):
    pass


def sign(body: bytes, secret: str | None = None) -> str:
    return hmac.new((secret or settings.BANK_WEBHOOK_SECRET).encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str | None) -> dict:
    if not settings.BANK_WEBHOOK_SECRET:
        raise BadSignature("BANK_WEBHOOK_SECRET is not configured")
    given = (signature or "").strip().lower().removeprefix("sha256=")
    if not hmac.compare_digest(given, sign(body)):
        raise BadSignature("signature mismatch")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadPayload("body is not JSON") from error
    if not isinstance(data, dict) or not str(data.get("id") or "").strip():
        raise BadPayload("id is required")
    try:
        amount = Decimal(str(data.get("amount")))
    except (InvalidOperation, ValueError) as error:
        raise BadPayload("amount is not a number") from error
    if not amount.is_finite() or amount <= 0:
        raise BadPayload("amount must be positive")
    data["amount"] = amount
    return data


def reference_in(memo: str) -> str | None:
    match = REFERENCE_IN_MEMO.search(memo or "")
    return match.group(1).upper() if match else None


def handle(data: dict) -> str:
    """'paid', 'amount_mismatch', 'unmatched' or 'duplicate'."""
    bank_id = str(data["id"]).strip()
    amount: Decimal = data["amount"]
    memo = str(data.get("memo") or data.get("description") or "")
    payload = {**data, "amount": str(amount)}
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(provider=WebhookDelivery.BANK, event_id=bank_id, event_type="transfer", amount=amount, memo=memo[:512], payload=payload)
        except IntegrityError:
            return "duplicate"
        reference = reference_in(memo)
        item = TransactionItem.objects.filter(gateway=VIETQR, reference=reference).first() if reference else None
        account = str(data.get("account") or "").strip()
        if item is not None and account and settings.VIETQR_ACCOUNT and account != settings.VIETQR_ACCOUNT:
            item = None  # a transfer to another of our accounts is not this QR's payment
        if item is None:
            delivery.status = WebhookDelivery.UNMATCHED
            delivery.note = "no VietQR transaction with this memo"
            delivery.save(update_fields=["status", "note"])
            return "unmatched"
        delivery.transaction = item
        outstanding = item.amount_requested - item.charged_value - item.refunded_value
        if amount == item.amount_requested and outstanding == item.amount_requested:
            record_event(item, E.CHARGE_SUCCESS, amount, psp_reference=bank_id, message=f"Bank transfer {bank_id}", external_id=f"bank:{bank_id}")
            delivery.status = WebhookDelivery.PROCESSED
            delivery.save(update_fields=["transaction", "status"])
            return "paid"
        # Money arrived but not as asked (short, over, or a second transfer): the shopper's
        # money is real, so it is on record, but a person decides — nothing is marked paid.
        expected = outstanding if outstanding > 0 else Decimal(0)
        reason = f"Bank transfer {bank_id} of {amount:,.0f} {item.currency} does not match the {expected:,.0f} {item.currency} expected"
        record_event(item, E.INFO, amount, psp_reference=bank_id, message=reason, external_id=f"bank:{bank_id}")
        TransactionItem.objects.filter(pk=item.pk).update(needs_review=True, review_reason=reason[:512])
        delivery.status = WebhookDelivery.AMOUNT_MISMATCH
        delivery.note = reason[:512]
        delivery.save(update_fields=["transaction", "status", "note"])
        return "amount_mismatch"
