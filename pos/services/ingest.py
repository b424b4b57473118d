"""The sync API's work: a batch of sales from a register in, per sale accepted / duplicate /
rejected out.

Exactly once: the sale's UUID (made on the device) is UNIQUE in pos_sale and the rows go in with
INSERT … ON CONFLICT (uuid) DO NOTHING RETURNING — the database decides what is new, so two
copies of a batch racing each other (a retry while the first is still running) cannot both win,
and nothing is looked up first. The whole batch is one transaction: a server killed half-way
has recorded none of it, and the register (which keeps every sale until acknowledged) sends it
again. Orders in the core are made afterwards from the recorded sales (orders.push_pending);
that step may fail or be killed and is simply redone."""
from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from commerce.payment.vietqr import build_payload

from ..models import Cashier, PosSession, Register, Sale, SaleLine, SalePayment, SyncRejection

METHODS = {"cash", "vietqr", "card"}
ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"


@dataclass
class CleanSale:
    uuid: uuidlib.UUID
    kind: str
    refund_of: str | None
    receipt_number: str
    session_id: int | None
    cashier_id: int | None
    created_at: datetime
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    lines: list[dict]
    payments: list[dict]
    payload: dict
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    uuid: str
    status: str
    receipt_number: str = ""
    errors: list[str] = field(default_factory=list)
    sale_id: int | None = None

    def as_dict(self) -> dict:
        out = {"uuid": self.uuid, "status": self.status, "receiptNumber": self.receipt_number}
        if self.errors:
            out["errors"] = self.errors
        return out


class Invalid(Exception):
    pass


def _money(value, what: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise Invalid(f"{what}: not a number")
    if amount != amount.to_integral_value() or amount < 0:
        raise Invalid(f"{what}: VND amounts are whole non-negative numbers")
    return amount


def _int(value, what: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise Invalid(f"{what}: not an id")
    return int(value)


def clean_sale(raw: dict) -> CleanSale:
    """Check a sale's arithmetic and shape; Invalid says why not. Totals are recomputed here,
    never trusted: line total = qty × price − discount, sale total = Σ lines − sale discount,
    payments = total, cash change = tendered − cash amount."""
    if not isinstance(raw, dict):
        raise Invalid("a sale is a JSON object")
    try:
        sale_uuid = uuidlib.UUID(str(raw.get("uuid")))
    except ValueError:
        raise Invalid("uuid: not a UUID")
    kind = raw.get("kind") or Sale.SALE
    if kind not in (Sale.SALE, Sale.REFUND):
        raise Invalid("kind: sale or refund")
    receipt = str(raw.get("receiptNumber") or "").strip()
    if not receipt or len(receipt) > 40:
        raise Invalid("receiptNumber: required, at most 40 characters")
    created_at = parse_datetime(str(raw.get("createdAt") or ""))
    if created_at is None:
        raise Invalid("createdAt: an ISO 8601 date-time")
    if timezone.is_naive(created_at):
        created_at = timezone.make_aware(created_at, timezone.utc)
    lines, subtotal = [], Decimal(0)
    for i, line in enumerate(raw.get("lines") or []):
        if not isinstance(line, dict) or not line.get("variantId"):
            raise Invalid(f"lines.{i}.variantId: required")
        quantity = line.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0 or quantity > 100000:
            raise Invalid(f"lines.{i}.quantity: a whole number above 0")
        unit = _money(line.get("unitPrice"), f"lines.{i}.unitPrice")
        discount = _money(line.get("discount") or 0, f"lines.{i}.discount")
        gross = unit * quantity
        if discount > gross:
            raise Invalid(f"lines.{i}.discount: larger than the line")
        lines.append({
            "variant_id": str(line["variantId"])[:255], "sku": str(line.get("sku") or "")[:255],
            "product_name": str(line.get("productName") or line.get("sku") or "?")[:400],
            "variant_name": str(line.get("variantName") or "")[:255],
            "quantity": quantity, "unit_price": unit, "discount": discount, "total": gross - discount,
        })
        subtotal += gross - discount
    if not lines:
        raise Invalid("lines: a sale has at least one line")
    sale_discount = _money(raw.get("discount") or 0, "discount")
    if sale_discount > subtotal:
        raise Invalid("discount: larger than the sale")
    total = subtotal - sale_discount
    if raw.get("total") is not None and _money(raw["total"], "total") != total:
        raise Invalid(f"total: the lines add up to {total}, not {raw['total']}")
    payments, paid = [], Decimal(0)
    for i, payment in enumerate(raw.get("payments") or []):
        if not isinstance(payment, dict) or payment.get("method") not in METHODS:
            raise Invalid(f"payments.{i}.method: one of cash, vietqr, card")
        amount = _money(payment.get("amount"), f"payments.{i}.amount")
        tendered, change = None, Decimal(0)
        if payment["method"] == "cash" and payment.get("tendered") not in (None, ""):
            tendered = _money(payment["tendered"], f"payments.{i}.tendered")
            if tendered < amount:
                raise Invalid(f"payments.{i}.tendered: less than the cash amount")
            change = tendered - amount
        payments.append({
            "method": payment["method"], "amount": amount, "tendered": tendered, "change": change,
            "reference": str(payment.get("reference") or "")[:100], "client_payload": str(payment.get("vietqrPayload") or ""),
        })
        paid += amount
    if paid != total:
        raise Invalid(f"payments: {paid} paid for a total of {total}")
    return CleanSale(
        uuid=sale_uuid, kind=kind, refund_of=str(raw.get("refundOf") or "") or None, receipt_number=receipt,
        session_id=_int(raw.get("sessionId"), "sessionId"), cashier_id=_int(raw.get("cashierId"), "cashierId"),
        created_at=created_at, subtotal=subtotal, discount=sale_discount, total=total,
        lines=lines, payments=payments, payload=raw,
    )


def _rescue_session(register: Register, closed: PosSession | None, cache: dict) -> PosSession:
    """Where a sale goes whose session was already closed (or unknown): an open rescue session
    of the register, flagged for staff, so the closed session's Z-report stays as printed."""
    key = closed.pk if closed else None
    if key not in cache:
        rescue = PosSession.objects.filter(register=register, is_rescue=True, status=PosSession.OPEN, rescued_from=closed).first()
        if rescue is None:
            rescue = PosSession.objects.create(register=register, is_rescue=True, rescued_from=closed, needs_review=True, opening_float=0)
        cache[key] = rescue
    return cache[key]


def _vietqr(register: Register, amount: Decimal, receipt: str) -> str:
    booth = register.booth
    if not (booth.bank_bin and booth.bank_account) or amount <= 0:
        return ""
    return build_payload(booth.bank_bin, booth.bank_account, amount, memo=receipt)


_SALE_COLUMNS = [
    "uuid", "kind", "register_id", "session_id", "cashier_id", "receipt_number", "created_at", "received_at",
    "subtotal", "discount_total", "total", "order_id", "order_number", "order_error", "push_attempts",
    "stock_short", "rescued", "needs_review", "review_note", "payload",
]


def _insert_new(rows: list[tuple]) -> dict[str, int]:
    """INSERT … ON CONFLICT (uuid) DO NOTHING RETURNING: uuid → id of the rows that were new."""
    if not rows:
        return {}
    placeholders = "(" + ", ".join(["%s"] * len(_SALE_COLUMNS)) + ")"
    inserted: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            cursor.execute(
                f"INSERT INTO pos_sale ({', '.join(_SALE_COLUMNS)}) VALUES {', '.join([placeholders] * len(chunk))} "
                "ON CONFLICT (uuid) DO NOTHING RETURNING uuid, id",
                [value for row in chunk for value in row],
            )
            inserted.update({str(u): pk for u, pk in cursor.fetchall()})
    return inserted


def ingest(register: Register, raw_sales: list) -> list[Outcome]:
    outcomes: list[Outcome] = []
    clean: list[tuple[int, CleanSale]] = []
    rejections = []
    for index, raw in enumerate(raw_sales):
        try:
            sale = clean_sale(raw)
        except Invalid as exc:
            sale_uuid = str(raw.get("uuid") or "") if isinstance(raw, dict) else ""
            outcomes.append(Outcome(uuid=sale_uuid, status=REJECTED, errors=[str(exc)],
                                    receipt_number=str(raw.get("receiptNumber") or "") if isinstance(raw, dict) else ""))
            rejections.append(SyncRejection(register=register, sale_uuid=sale_uuid[:64], errors=[str(exc)],
                                            payload=raw if isinstance(raw, dict) else {"raw": raw}))
            continue
        outcomes.append(Outcome(uuid=str(sale.uuid), status="", receipt_number=sale.receipt_number))
        clean.append((index, sale))
    seen: set = set()
    with transaction.atomic():
        # One batch per register at a time: rescue sessions and closing see a stable picture.
        Register.objects.select_for_update().filter(pk=register.pk).first()
        if rejections:
            SyncRejection.objects.bulk_create(rejections)
        sessions = {s.pk: s for s in PosSession.objects.filter(register=register, pk__in={s.session_id for _, s in clean if s.session_id})}
        cashiers = {c.pk: c for c in Cashier.objects.filter(booth_id=register.booth_id, pk__in={s.cashier_id for _, s in clean if s.cashier_id})}
        rescue_cache: dict = {}
        now = timezone.now()
        rows, by_uuid = [], {}
        for index, sale in clean:
            key = str(sale.uuid)
            if key in seen:  # the same sale twice in one batch: the second is a duplicate
                outcomes[index].status = DUPLICATE
                continue
            seen.add(key)
            notes = list(sale.notes)
            session = sessions.get(sale.session_id)
            rescued = False
            if session is None or session.status == PosSession.CLOSED or session.is_rescue and session.status != PosSession.OPEN:
                notes.append(f"session {sale.session_id} " + ("was closed" if session else "unknown") + " when the sale arrived: put in a rescue session")
                session = _rescue_session(register, session if session and not session.is_rescue else None, rescue_cache)
                rescued = True
            cashier = cashiers.get(sale.cashier_id)
            if sale.cashier_id and cashier is None:
                notes.append(f"cashier {sale.cashier_id} is not one of this booth's")
            if cashier is not None:
                gross = sum(l["unit_price"] * l["quantity"] for l in sale.lines)
                given = sum(l["discount"] for l in sale.lines) + sale.discount
                if gross and given * 100 > gross * cashier.max_discount_percent:
                    notes.append(f"discount {given} is over {cashier.name}'s limit of {cashier.max_discount_percent}%")
                if sale.kind == Sale.REFUND and not cashier.can_refund:
                    notes.append(f"{cashier.name} may not refund")
            by_uuid[key] = (index, sale, session, cashier, rescued, notes)
            rows.append((
                sale.uuid, sale.kind, register.pk, session.pk, cashier.pk if cashier else None, sale.receipt_number,
                sale.created_at, now, sale.subtotal, sale.discount, sale.total, "", "", "", 0,
                False, rescued, bool(notes), "\n".join(notes), json.dumps(sale.payload, ensure_ascii=False, default=str),
            ))
        inserted = _insert_new(rows)
        lines, payments = [], []
        refunds = []
        for key, (index, sale, session, cashier, rescued, notes) in by_uuid.items():
            sale_id = inserted.get(key)
            if sale_id is None:
                outcomes[index].status = DUPLICATE
                continue
            outcomes[index].status = ACCEPTED
            outcomes[index].sale_id = sale_id
            lines += [SaleLine(sale_id=sale_id, **line) for line in sale.lines]
            for payment in sale.payments:
                qr = _vietqr(register, payment["amount"], sale.receipt_number) if payment["method"] == "vietqr" else ""
                payments.append(SalePayment(
                    sale_id=sale_id, method=payment["method"], amount=payment["amount"], tendered=payment["tendered"],
                    change=payment["change"], reference=payment["reference"], vietqr_payload=qr,
                ))
            if sale.kind == Sale.REFUND:
                refunds.append((sale_id, sale.refund_of))
        SaleLine.objects.bulk_create(lines, batch_size=1000)
        SalePayment.objects.bulk_create(payments, batch_size=1000)
        if refunds:
            originals = dict(Sale.objects.filter(uuid__in=[r for _, r in refunds if r], register__booth=register.booth_id).values_list("uuid", "pk"))
            for sale_id, original in refunds:
                try:
                    found = originals.get(uuidlib.UUID(original)) if original else None
                except ValueError:
                    found = None
                if found:
                    Sale.objects.filter(pk=sale_id).update(refund_of_id=found)
                else:
                    Sale.objects.filter(pk=sale_id).update(needs_review=True, review_note=f"refund of an unknown sale {original}")
        Register.objects.filter(pk=register.pk).update(last_seen_at=now)
    return outcomes
