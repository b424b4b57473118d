"""The sync API's work: a batch of sales from a register in, per sale accepted / duplicate /
rejected out.

Exactly once: the sale's UUID (made on the device) is UNIQUE in pos_sale and the rows go in with
INSERT … ON CONFLICT (uuid) DO NOTHING RETURNING — the database decides what is new, so two
copies of a batch racing each other (a retry while the first is still running) cannot both win,
and nothing is looked up first. The whole batch is one transaction: a server killed half-way
has recorded none of it, and the register (which keeps every sale until acknowledged) sends it
again. Orders in the core are made afterwards from the recorded sales (orders.push_pending);
that step may fail or be killed and is simply redone.

One sale never holds up the others: each is checked in full first (types, ranges that fit the
columns, finite numbers, a refunded sale's UUID, storable text), so a bad one is rejected alone
with a reason; and should one still fail to be stored, the batch's bulk insert (a savepoint)
is redone sale by sale, each in its own savepoint, and only that one is rejected. Were the
batch refused whole instead, the register — which resends its queue in order — would be stuck
behind that sale for good.

What the device says a sale cost is recorded as it was (the money changed hands), but checked
against the booth's fair price less the cashier's discount limit: a sale below that is
flagged for staff (needs_review, review_note) and the device is told (`flags`)."""

from __future__ import annotations

import json
import logging
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from commerce.payment.vietqr import build_payload

from . import catalog, inputs
from ..models import Cashier, PosSession, Register, Sale, SaleLine, SalePayment, SyncRejection

log = logging.getLogger(__name__)

METHODS = {"cash", "vietqr", "card"}
ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"
# Reason codes of a rejected sale.
INVALID, OUT_OF_RANGE, NOT_STORABLE = "INVALID", "OUT_OF_RANGE", "NOT_STORABLE"
MAX_LINES, MAX_PAYMENTS, MAX_QUANTITY = 500, 20, 100_000
# A device's clock can be wrong, but not by centuries: outside these years it is garbage
# (and year 1 with a +14:00 offset is not even a datetime once in UTC).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


@dataclass
class Flag:
    """Why an accepted sale needs a look from staff: a code and a message for the device, a
    note (the review_note line) for the dashboard."""

    code: str
    message: str
    note: str


@dataclass
class CleanSale:
    uuid: uuidlib.UUID
    kind: str
    refund_of: uuidlib.UUID | None
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
    flags: list[Flag] = field(default_factory=list)


@dataclass
class Outcome:
    uuid: str
    status: str
    receipt_number: str = ""
    errors: list[str] = field(default_factory=list)
    sale_id: int | None = None
    code: str = ""
    flags: list[Flag] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {"uuid": self.uuid, "status": self.status, "receiptNumber": self.receipt_number}
        if self.errors:
            out["errors"] = self.errors
        if self.code:
            out["code"] = self.code
        if self.flags:
            out["flags"] = [{"code": f.code, "message": f.message} for f in self.flags]
        return out


class Invalid(Exception):
    def __init__(self, message: str, code: str = INVALID):
        super().__init__(message)
        self.code = code


def _checked(check, *args, **kwargs):
    """Run an inputs check, its problem as this module's Invalid (English, with its code)."""
    try:
        return check(*args, **kwargs)
    except inputs.BadInput as exc:
        raise Invalid(exc.english, OUT_OF_RANGE if exc.code == "OUT_OF_RANGE" else INVALID)


def _money(value, what: str) -> Decimal:
    return _checked(inputs.amount, value, what)


def _optional_money(value, what: str) -> Decimal:
    return Decimal(0) if value in (None, "") else _money(value, what)


def _int(value, what: str) -> int | None:
    return _checked(inputs.identifier, value, what)


def _text(value, what: str, max_length: int, default: str = "") -> str:
    return _checked(inputs.text, value, what, max_length=max_length, default=default)


def _label(value, what: str, max_length: int, default: str = "") -> str:
    """Text only shown (a name, an SKU, a reference): cut to its column and any character
    PostgreSQL cannot store replaced, rather than refusing a sale over how it was labelled."""
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        raise Invalid(f"{what}: a string")
    return inputs.json_safe(value)[:max_length]


def _list(value, what: str, max_items: int) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(f"{what}: a list")
    if len(value) > max_items:
        raise Invalid(f"{what}: at most {max_items}", OUT_OF_RANGE)
    return value


def _created_at(value) -> datetime:
    try:
        created_at = parse_datetime(value) if isinstance(value, str) and inputs.storable(value) else None
    except ValueError:  # well formed, but no such date (2026-02-30)
        created_at = None
    if created_at is None:
        raise Invalid("createdAt: an ISO 8601 date-time")
    if timezone.is_naive(created_at):
        created_at = timezone.make_aware(created_at, timezone.utc)
    if not EARLIEST_YEAR <= created_at.year <= LATEST_YEAR:
        raise Invalid(f"createdAt: a date-time between {EARLIEST_YEAR} and {LATEST_YEAR}", OUT_OF_RANGE)
    return created_at


def _within(amount: Decimal, what: str) -> Decimal:
    """A computed total that must still fit the amount columns."""
    if amount > inputs.MAX_VND:
        raise Invalid(f"{what}: more than {inputs.MAX_VND} VND", OUT_OF_RANGE)
    return amount


def clean_sale(raw: dict) -> CleanSale:
    """Check a sale's arithmetic and shape; Invalid says why not. Totals are recomputed here,
    never trusted: line total = qty × price − discount, sale total = Σ lines − sale discount,
    payments = total, cash change = tendered − cash amount. Whatever passes can be stored:
    every number fits its column, every string is one PostgreSQL takes."""
    if not isinstance(raw, dict):
        raise Invalid("a sale is a JSON object")
    sale_uuid = _checked(inputs.uuid, raw.get("uuid"), "uuid")
    kind = _checked(inputs.choice, raw.get("kind"), "kind", (Sale.SALE, Sale.REFUND), default=Sale.SALE)
    # A refund names the sale it gives money back on; anything else there is not a UUID.
    refund_of = _checked(inputs.uuid, raw.get("refundOf"), "refundOf", required=False)
    receipt = _text(raw.get("receiptNumber"), "receiptNumber", 40).strip()
    if not receipt:
        raise Invalid("receiptNumber: required, at most 40 characters")
    created_at = _created_at(raw.get("createdAt"))
    lines, subtotal = [], Decimal(0)
    for i, line in enumerate(_list(raw.get("lines"), "lines", MAX_LINES)):
        if not isinstance(line, dict) or not line.get("variantId"):
            raise Invalid(f"lines.{i}.variantId: required")
        variant_id = _text(line["variantId"], f"lines.{i}.variantId", 255)
        quantity = line.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0 or quantity > MAX_QUANTITY:
            raise Invalid(f"lines.{i}.quantity: a whole number from 1 to {MAX_QUANTITY}")
        unit = _money(line.get("unitPrice"), f"lines.{i}.unitPrice")
        discount = _optional_money(line.get("discount"), f"lines.{i}.discount")
        gross = _within(unit * quantity, f"lines.{i}")
        if discount > gross:
            raise Invalid(f"lines.{i}.discount: larger than the line")
        sku = _label(line.get("sku"), f"lines.{i}.sku", 255)
        lines.append(
            {
                "variant_id": variant_id,
                "sku": sku,
                "product_name": _label(line.get("productName"), f"lines.{i}.productName", 400, default=sku or "?"),
                "variant_name": _label(line.get("variantName"), f"lines.{i}.variantName", 255),
                "quantity": quantity,
                "unit_price": unit,
                "discount": discount,
                "total": gross - discount,
            }
        )
        subtotal = _within(subtotal + gross - discount, "lines")
    if not lines:
        raise Invalid("lines: a sale has at least one line")
    sale_discount = _optional_money(raw.get("discount"), "discount")
    if sale_discount > subtotal:
        raise Invalid("discount: larger than the sale")
    total = subtotal - sale_discount
    if raw.get("total") is not None and _money(raw["total"], "total") != total:
        raise Invalid(f"total: the lines add up to {total}, not {raw['total']}")
    payments, paid = [], Decimal(0)
    for i, payment in enumerate(_list(raw.get("payments"), "payments", MAX_PAYMENTS)):
        if not isinstance(payment, dict) or not isinstance(payment.get("method"), str) or payment["method"] not in METHODS:
            raise Invalid(f"payments.{i}.method: one of cash, vietqr, card")
        amount = _money(payment.get("amount"), f"payments.{i}.amount")
        tendered, change = None, Decimal(0)
        if payment["method"] == "cash" and payment.get("tendered") not in (None, ""):
            tendered = _money(payment["tendered"], f"payments.{i}.tendered")
            if tendered < amount:
                raise Invalid(f"payments.{i}.tendered: less than the cash amount")
            change = tendered - amount
        payments.append(
            {
                "method": payment["method"],
                "amount": amount,
                "tendered": tendered,
                "change": change,
                "reference": _label(payment.get("reference"), f"payments.{i}.reference", 100),
                "client_payload": _label(payment.get("vietqrPayload"), f"payments.{i}.vietqrPayload", 2000),
            }
        )
        paid = _within(paid + amount, "payments")
    if paid != total:
        raise Invalid(f"payments: {paid} paid for a total of {total}")
    return CleanSale(
        uuid=sale_uuid,
        kind=kind,
        refund_of=refund_of,
        receipt_number=receipt,
        session_id=_int(raw.get("sessionId"), "sessionId"),
        cashier_id=_int(raw.get("cashierId"), "cashierId"),
        created_at=created_at,
        subtotal=subtotal,
        discount=sale_discount,
        total=total,
        lines=lines,
        payments=payments,
        payload=inputs.json_safe(raw),
    )


def price_flags(sale: CleanSale, prices: dict[str, Decimal], cashier: Cashier | None) -> list[Flag]:
    """A sale below the booth's fair price less what this cashier may give off: each line on
    its own (unit price and line discount), then the whole sale (its discount too). A line
    whose variant the booth does not sell is flagged as well: its order would be refused."""
    if sale.kind != Sale.SALE:
        return []  # giving back less than the price is no loss to the booth
    limit = cashier.max_discount_percent if cashier is not None else 0
    who = f"{cashier.name}'s" if cashier is not None else "the (unknown) cashier's"
    flags, floor_total = [], Decimal(0)
    for i, line in enumerate(sale.lines):
        price = prices.get(line["variant_id"])
        label = line["sku"] or line["product_name"]
        if price is None:
            flags.append(
                Flag(
                    "NOT_IN_BOOTH_CATALOG",
                    f"Dòng {i + 1} ({label}): không phải sản phẩm của gian hàng tại hội chợ.",
                    f"lines.{i} ({label}): {line['variant_id']} is not one of the booth's products at the fair",
                )
            )
            floor_total += line["total"]  # no price to hold it to
            continue
        floor = price * line["quantity"] * (100 - limit) / 100
        floor_total += floor
        if line["total"] < floor:
            each = (line["total"] / line["quantity"]).quantize(Decimal(1))
            flags.append(
                Flag(
                    "PRICE_BELOW_BOOTH_PRICE",
                    f"Dòng {i + 1} ({label}): bán {each} ₫ một đơn vị, giá gian hàng {price} ₫ (giảm tối đa {limit}%).",
                    f"lines.{i} ({label}): sold at {each} VND a unit, below the booth price {price} VND less {who} limit of {limit}%",
                )
            )
    if not flags and sale.total < floor_total:
        flags.append(
            Flag(
                "PRICE_BELOW_BOOTH_PRICE",
                f"Cả đơn {sale.total} ₫ thấp hơn giá gian hàng trừ mức giảm tối đa {limit}%.",
                f"the sale's total {sale.total} VND is below the booth prices less {who} limit of {limit}%",
            )
        )
    return flags


def _prices_for(register: Register, sales: list[CleanSale]) -> dict[str, Decimal] | None:
    """The booth's fair prices, read once a batch; None when the core cannot say (the sales
    are still recorded — their price is simply not checked, which the log says)."""
    if not any(s.kind == Sale.SALE for s in sales):
        return None
    try:
        return catalog.booth_prices(register)
    except Exception:  # noqa: BLE001 — the core down must never cost a sale
        log.warning("register %s: could not read the booth's prices; this batch's prices are not checked", register.pk, exc_info=True)
        return None


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
    "uuid",
    "kind",
    "register_id",
    "session_id",
    "cashier_id",
    "receipt_number",
    "created_at",
    "received_at",
    "subtotal",
    "discount_total",
    "total",
    "order_id",
    "order_number",
    "order_error",
    "push_attempts",
    "stock_short",
    "rescued",
    "needs_review",
    "review_note",
    "payload",
]


def _insert_new(rows: list[tuple]) -> dict[str, int]:
    """INSERT … ON CONFLICT (uuid) DO NOTHING RETURNING: uuid → id of the rows that were new."""
    if not rows:
        return {}
    placeholders = "(" + ", ".join(["%s"] * len(_SALE_COLUMNS)) + ")"
    inserted: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            cursor.execute(
                f"INSERT INTO pos_sale ({', '.join(_SALE_COLUMNS)}) VALUES {', '.join([placeholders] * len(chunk))} "
                "ON CONFLICT (uuid) DO NOTHING RETURNING uuid, id",
                [value for row in chunk for value in row],
            )
            inserted.update({str(u): pk for u, pk in cursor.fetchall()})
    return inserted


@dataclass
class _Ready:
    """A clean sale with where it goes (session, cashier) and why staff should look at it."""

    index: int
    sale: CleanSale
    session: PosSession
    cashier: Cashier | None
    rescued: bool
    flags: list[Flag]

    @property
    def review_note(self) -> str:
        return "\n".join(f.note for f in self.flags)


def _unknown_refund(r: "_Ready") -> Flag:
    return Flag(
        "UNKNOWN_REFUNDED_SALE",
        "Không tìm thấy giao dịch được hoàn tiền.",
        f"refund of an unknown sale {r.sale.refund_of or '(none given)'}",
    )


def _store(register: Register, ready: list[_Ready], now) -> tuple[dict[str, int], set[str]]:
    """Write sales, their lines and payments, and link refunds. Returns uuid → id of the new
    sales (a uuid missing was already recorded: a duplicate) and the uuids of refunds whose
    sale is unknown (flagged). Set-wise: one INSERT for the sales, one for the lines, one for
    the payments, whatever the batch size."""
    rows = [
        (
            r.sale.uuid,
            r.sale.kind,
            register.pk,
            r.session.pk,
            r.cashier.pk if r.cashier else None,
            r.sale.receipt_number,
            r.sale.created_at,
            now,
            r.sale.subtotal,
            r.sale.discount,
            r.sale.total,
            "",
            "",
            "",
            0,
            False,
            r.rescued,
            bool(r.flags),
            r.review_note,
            json.dumps(r.sale.payload, ensure_ascii=False),
        )
        for r in ready
    ]
    inserted = _insert_new(rows)
    lines, payments, refunds = [], [], []
    for r in ready:
        sale_id = inserted.get(str(r.sale.uuid))
        if sale_id is None:
            continue
        lines += [SaleLine(sale_id=sale_id, **line) for line in r.sale.lines]
        for payment in r.sale.payments:
            qr = _vietqr(register, payment["amount"], r.sale.receipt_number) if payment["method"] == "vietqr" else ""
            payments.append(
                SalePayment(
                    sale_id=sale_id,
                    method=payment["method"],
                    amount=payment["amount"],
                    tendered=payment["tendered"],
                    change=payment["change"],
                    reference=payment["reference"],
                    vietqr_payload=qr,
                )
            )
        if r.sale.kind == Sale.REFUND:
            refunds.append((sale_id, r))
    SaleLine.objects.bulk_create(lines, batch_size=1000)
    SalePayment.objects.bulk_create(payments, batch_size=1000)
    unknown = set()
    if refunds:
        wanted = [r.sale.refund_of for _, r in refunds if r.sale.refund_of]
        originals = dict(Sale.objects.filter(uuid__in=wanted, register__booth=register.booth_id).values_list("uuid", "pk"))
        for sale_id, r in refunds:
            found = originals.get(r.sale.refund_of)
            if found:
                Sale.objects.filter(pk=sale_id).update(refund_of_id=found)
            else:
                unknown.add(str(r.sale.uuid))
                note = "\n".join(filter(None, [r.review_note, _unknown_refund(r).note]))
                Sale.objects.filter(pk=sale_id).update(needs_review=True, review_note=note)
    return inserted, unknown


# What the database (or psycopg, client-side: ValueError, UnicodeEncodeError) says about the
# values themselves, so the sale that carries them is refused alone. A lock timeout, a cancelled
# statement or a lost connection (OperationalError, InterfaceError) says nothing about the sale:
# it fails the request, and the register sends the batch again — a rejected sale would leave
# the register's queue for good.
SALE_REFUSED_BY_DATABASE = (DataError, IntegrityError, ValueError)


def _store_each(register: Register, ready: list[_Ready], now) -> tuple[dict[str, int], set[str], dict[str, str]]:
    """The whole batch in one savepoint (the fast path); if the database refuses it, sale by
    sale, each in its own savepoint, so only the sale that cannot be stored is refused.
    Returns _store's answer and uuid → why a sale could not be stored."""
    try:
        with transaction.atomic():
            return (*_store(register, ready, now), {})
    except SALE_REFUSED_BY_DATABASE as exc:
        log.warning(
            "register %s: a batch of %d sales could not be stored at once (%s); storing them one by one",
            register.pk,
            len(ready),
            type(exc).__name__,
        )
    inserted, unknown, failed = {}, set(), {}
    for r in ready:
        try:
            with transaction.atomic():
                one_inserted, one_unknown = _store(register, [r], now)
        except SALE_REFUSED_BY_DATABASE as exc:
            log.exception("register %s: sale %s could not be stored", register.pk, r.sale.uuid)
            failed[str(r.sale.uuid)] = f"the server could not store this sale ({type(exc).__name__}); staff have its data"
            continue
        inserted.update(one_inserted)
        unknown |= one_unknown
    return inserted, unknown, failed


def _rejection(register: Register, raw, errors: list[str]) -> SyncRejection:
    """A refused sale kept for staff, whatever it holds (made safe for jsonb)."""
    sale_uuid = raw.get("uuid") if isinstance(raw, dict) else None
    return SyncRejection(
        register=register,
        sale_uuid=inputs.json_safe(sale_uuid if isinstance(sale_uuid, str) else "")[:64],
        errors=errors,
        payload=inputs.json_safe(raw) if isinstance(raw, dict) else {"raw": inputs.json_safe(raw)},
    )


def _keep_rejections(register: Register, rejections: list[SyncRejection]) -> None:
    try:
        with transaction.atomic():
            SyncRejection.objects.bulk_create(rejections)
    except SALE_REFUSED_BY_DATABASE:
        # Made safe above, so this should not happen; if it does, the reasons are kept.
        log.exception("register %s: refused sales could not be kept with their payloads", register.pk)
        SyncRejection.objects.bulk_create(
            [SyncRejection(register=register, sale_uuid=r.sale_uuid, errors=r.errors, payload={"unstorable": True}) for r in rejections]
        )


def ingest(register: Register, raw_sales: list) -> list[Outcome]:
    outcomes: list[Outcome] = []
    clean: list[tuple[int, CleanSale]] = []
    rejections = []
    for index, raw in enumerate(raw_sales):
        try:
            sale = clean_sale(raw)
        except Invalid as exc:
            raw_uuid = raw.get("uuid") if isinstance(raw, dict) else None
            raw_receipt = raw.get("receiptNumber") if isinstance(raw, dict) else None
            # Echoed so the register can match the answer, as far as it is text at all.
            outcomes.append(
                Outcome(
                    uuid=inputs.json_safe(raw_uuid)[:64] if isinstance(raw_uuid, str) else "",
                    status=REJECTED,
                    errors=[str(exc)],
                    code=exc.code,
                    receipt_number=inputs.json_safe(raw_receipt)[:40] if isinstance(raw_receipt, str) else "",
                )
            )
            rejections.append(_rejection(register, raw, [str(exc)]))
            continue
        outcomes.append(Outcome(uuid=str(sale.uuid), status="", receipt_number=sale.receipt_number))
        clean.append((index, sale))
    # Read before the register's row is locked: a call to the core, maybe over HTTP.
    prices = _prices_for(register, [s for _, s in clean])
    seen: set = set()
    with transaction.atomic():
        # One batch per register at a time: rescue sessions and closing see a stable picture.
        Register.objects.select_for_update().filter(pk=register.pk).first()
        sessions = {s.pk: s for s in PosSession.objects.filter(register=register, pk__in={s.session_id for _, s in clean if s.session_id})}
        cashiers = {
            c.pk: c for c in Cashier.objects.filter(booth_id=register.booth_id, pk__in={s.cashier_id for _, s in clean if s.cashier_id})
        }
        rescue_cache: dict = {}
        now = timezone.now()
        ready: list[_Ready] = []
        for index, sale in clean:
            key = str(sale.uuid)
            if key in seen:  # the same sale twice in one batch: the second is a duplicate
                outcomes[index].status = DUPLICATE
                continue
            seen.add(key)
            flags = list(sale.flags)
            session = sessions.get(sale.session_id)
            rescued = False
            if session is None or session.status == PosSession.CLOSED or session.is_rescue and session.status != PosSession.OPEN:
                flags.append(
                    Flag(
                        "RESCUE_SESSION",
                        "Ca đã đóng khi giao dịch tới: đưa vào ca cứu hộ.",
                        f"session {sale.session_id} "
                        + ("was closed" if session else "unknown")
                        + " when the sale arrived: put in a rescue session",
                    )
                )
                session = _rescue_session(register, session if session and not session.is_rescue else None, rescue_cache)
                rescued = True
            cashier = cashiers.get(sale.cashier_id)
            if sale.cashier_id and cashier is None:
                flags.append(
                    Flag("UNKNOWN_CASHIER", "Thu ngân không thuộc gian hàng.", f"cashier {sale.cashier_id} is not one of this booth's")
                )
            if cashier is not None:
                gross = sum(l["unit_price"] * l["quantity"] for l in sale.lines)
                given = sum(l["discount"] for l in sale.lines) + sale.discount
                if gross and given * 100 > gross * cashier.max_discount_percent:
                    flags.append(
                        Flag(
                            "DISCOUNT_OVER_LIMIT",
                            f"Giảm {given} ₫, quá mức {cashier.max_discount_percent}% của {cashier.name}.",
                            f"discount {given} is over {cashier.name}'s limit of {cashier.max_discount_percent}%",
                        )
                    )
                if sale.kind == Sale.REFUND and not cashier.can_refund:
                    flags.append(Flag("REFUND_NOT_ALLOWED", f"{cashier.name} không được hoàn tiền.", f"{cashier.name} may not refund"))
            if prices is not None:
                flags += price_flags(sale, prices, cashier)
            ready.append(_Ready(index, sale, session, cashier, rescued, flags))
        inserted, unknown_refunds, failed = _store_each(register, ready, now)
        for r in ready:
            key, outcome = str(r.sale.uuid), outcomes[r.index]
            if key in failed:
                outcome.status, outcome.code, outcome.errors = REJECTED, NOT_STORABLE, [failed[key]]
                rejections.append(_rejection(register, r.sale.payload, [failed[key]]))
            elif key in inserted:
                outcome.status, outcome.sale_id = ACCEPTED, inserted[key]
                outcome.flags = r.flags + ([_unknown_refund(r)] if key in unknown_refunds else [])
            else:
                outcome.status = DUPLICATE
        if rejections:
            _keep_rejections(register, rejections)
        Register.objects.filter(pk=register.pk).update(last_seen_at=now)
    return outcomes
