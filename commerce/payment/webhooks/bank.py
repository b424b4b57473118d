"""The bank's notification of an incoming transfer: HMAC-signed JSON
{id, amount, memo|description, account, time}. Matched to a VietQR transaction by the
reference in the memo; paid only for the exact amount — anything else waits for a person."""

from __future__ import annotations

import hashlib
import hmac
import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction

from commerce.core import json_input
from commerce.core.db import MONEY_AMOUNT_LIMIT

from ..models import VIETQR, TransactionEventType as E, TransactionItem, WebhookDelivery
from ..services import record_event

# What the tables can hold: amounts are numeric(20, 3), the bank's id a varchar(255). Beyond
# these the insert fails; refused up front, the bank is told why and nothing is written.
MAX_AMOUNT = MONEY_AMOUNT_LIMIT
AMOUNT_STEP = Decimal("0.001")
MAX_ID_LENGTH = 255
# A notification is a flat object; a little room for a bank that nests its own details.
MAX_PAYLOAD_DEPTH = 8

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
    # A valid signature proves who sent the body, not that it is sane: a bank's bug (or a
    # leaked secret) must still get a 400 naming the problem, never a 500 halfway through.
    try:
        data = json_input.loads(body, max_depth=MAX_PAYLOAD_DEPTH, allow_nul=False)
    except json_input.InvalidJSONInput as error:
        raise BadPayload(str(error)) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BadPayload("body is not JSON") from error
    if not isinstance(data, dict):
        raise BadPayload("id is required")
    bank_id = data.get("id")
    if isinstance(bank_id, bool) or not isinstance(bank_id, (str, int)) or not str(bank_id).strip():
        raise BadPayload("id is required")
    if len(str(bank_id).strip()) > MAX_ID_LENGTH:
        raise BadPayload(f"id is longer than {MAX_ID_LENGTH} characters")
    raw_amount = data.get("amount")
    if isinstance(raw_amount, bool) or not isinstance(raw_amount, (str, int, float)):
        raise BadPayload("amount is not a number")
    try:
        amount = Decimal(str(raw_amount).strip())
    except (InvalidOperation, ValueError) as error:
        raise BadPayload("amount is not a number") from error
    if not amount.is_finite() or amount <= 0:
        raise BadPayload("amount must be positive")
    if amount >= MAX_AMOUNT or amount != amount.quantize(AMOUNT_STEP, rounding=ROUND_DOWN):
        raise BadPayload(f"amount must be below {MAX_AMOUNT:,} with at most {-AMOUNT_STEP.as_tuple().exponent} decimal places")
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
                delivery = WebhookDelivery.objects.create(
                    provider=WebhookDelivery.BANK, event_id=bank_id, event_type="transfer", amount=amount, memo=memo[:512], payload=payload
                )
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
            record_event(
                item, E.CHARGE_SUCCESS, amount, psp_reference=bank_id, message=f"Bank transfer {bank_id}", external_id=f"bank:{bank_id}"
            )
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
