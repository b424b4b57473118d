"""Recorded sales → the core's orders, through orderBulkCreate as the `pos` App.

An outbox: every sale without an order is pending, and push_pending() is safe to run at any
time, as often as wanted, from any process — after each sync batch, from the dashboard, from
`ocop manage pos_push_orders`. The order's externalReference is the sale UUID and is UNIQUE in
the core, so a push interrupted after the core committed (a crash, a lost answer over HTTP)
is repaired by the next one: the core says UNIQUE and the existing order is linked.

A push that fails — the core refuses the order, or the whole request (unreachable, token or
permissions refused) — counts an attempt on the sale and puts its next one off (next_push_at,
1, 2, 4 … minutes up to POS_PUSH_BACKOFF_MAX_MINUTES); beat's pos.push_pending_orders retries
it when due and alerts staff once it has failed POS_PUSH_ALERT_AFTER times (push_alerts)."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saleor_client import GraphQLResponseError, MutationError, PermissionDeniedError

from . import core, setup
from ..models import Booth, Register, Sale

log = logging.getLogger(__name__)

CHUNK = 50  # orderBulkCreate's limit
PRODUCT_NAME_MAX = 386  # Saleor's OrderLine.product_name
WALK_IN_DOMAIN = "khach-le.invalid"
PAYMENT_NAMES = {"cash": "Tiền mặt (POS)", "vietqr": "VietQR (POS)", "card": "Thẻ (POS)"}


def transactions_input(sale: Sale) -> list[dict]:
    """The money taken at the booth, one transaction per payment, so the core's order is paid
    (chargeStatus FULL) and a refund at the booth can be reported against it."""
    return [
        {
            "name": PAYMENT_NAMES.get(p.method, p.method),
            "pspReference": p.reference or f"{sale.receipt_number}/{index + 1}",
            "availableActions": ["REFUND"],
            "amountCharged": {"currency": "VND", "amount": str(p.amount)},
        }
        for index, p in enumerate(sale.payments.all())
        if p.amount > 0
    ]


def _spread_discount(lines: list, discount: Decimal) -> list[Decimal]:
    """A sale-level discount shared over its lines by value, remainders on the last line, so
    the order's lines add up to what the customer paid."""
    totals = [line.total for line in lines]
    base = sum(totals)
    if not discount or not base:
        return totals
    shares = [(t * discount / base).quantize(Decimal(1)) for t in totals]
    shares[-1] += discount - sum(shares)
    return [t - s for t, s in zip(totals, shares)]


def _customer_email(sale: Sale, booth: Booth) -> str:
    """The customer's e-mail if the device sent a usable one, else the booth's walk-in address.
    The payload is the device's, unchecked: a number or a malformed address there would make
    the core refuse the order (or the whole chunk, were it not a string)."""
    given = (sale.payload or {}).get("customerEmail") if isinstance(sale.payload, dict) else None
    if isinstance(given, str) and len(given) <= 254:
        try:
            validate_email(given)
            return given
        except ValidationError:
            pass
    return f"{booth.code.lower()}.{booth.fair.slug}@{WALK_IN_DOMAIN}"


def order_input(sale: Sale) -> dict:
    """The core's order for a sale, at the prices the device charged: that is what the
    customer paid and what the payments add up to. A price below the booth's is not corrected
    here but flagged on the sale (needs_review) and carried to the order's metadata."""
    register = sale.register
    booth, fair = register.booth, register.booth.fair
    created = sale.created_at.isoformat()
    lines = list(sale.lines.all())
    totals = _spread_discount(lines, sale.discount_total)
    methods = ", ".join(f"{p.method}:{int(p.amount)}" + (f" ({p.reference})" if p.reference else "") for p in sale.payments.all())
    email = _customer_email(sale, booth)
    review = [{"key": "pos.review", "value": sale.review_note}] if sale.needs_review and sale.review_note else []
    return {
        "externalReference": str(sale.uuid),
        "channel": fair.channel_slug,
        "createdAt": created,
        # Handed over at the booth: fulfilled, so the booth's stock goes down now.
        "status": "FULFILLED",
        "user": {"email": email},
        "billingAddress": {
            "firstName": "Khách lẻ",
            "lastName": f"gian {booth.code}",
            "streetAddress1": fair.venue[:250],
            "city": fair.venue[:250],
            "country": "VN",
            "skipValidation": True,
        },
        "currency": "VND",
        "languageCode": "VI",
        "customerNote": f"POS {sale.receipt_number} · {methods}",
        "metadata": [
            {"key": "pos.receipt", "value": sale.receipt_number},
            {"key": "pos.booth", "value": booth.code},
            {"key": "pos.payments", "value": methods},
            *review,
        ],
        "deliveryMethod": {"warehouseId": booth.warehouse_id},
        "transactions": transactions_input(sale),
        "lines": [
            {
                "variantId": line.variant_id,
                "productName": line.product_name[:PRODUCT_NAME_MAX],
                "variantName": line.variant_name,
                "productSku": line.sku or None,
                "createdAt": created,
                "isShippingRequired": False,
                "isGiftCard": False,
                "quantity": line.quantity,
                "totalPrice": {"gross": str(total), "net": str(total)},
                "undiscountedTotalPrice": {"gross": str(line.unit_price * line.quantity), "net": str(line.unit_price * line.quantity)},
                "warehouse": booth.warehouse_id,
            }
            for line, total in zip(lines, totals)
        ],
    }


def _link_existing(gql, sale: Sale) -> bool:
    order = gql.execute("PosOrderByReference", {"externalReference": str(sale.uuid)})["order"]
    if order:
        sale.order_id, sale.order_number = order["id"], str(order["number"])
        return True
    return False


def _add_note(sale: Sale, note: str) -> None:
    sale.review_note = "\n".join(filter(None, [sale.review_note, note]))


def _missing_stock_variants(sale: Sale, errors: list[dict]) -> list[str] | None:
    """The variants of a refused order whose only trouble was no stock record in the booth's
    warehouse (NON_EXISTING_STOCK on lines.N.warehouse); None when something else was wrong."""
    if not errors or any(e["code"] != "NON_EXISTING_STOCK" for e in errors):
        return None
    lines = list(sale.lines.all())
    variants = []
    for e in errors:
        match = re.fullmatch(r"lines\.(\d+)\.warehouse", e.get("path") or "")
        if match is None or int(match.group(1)) >= len(lines):
            return None
        variants.append(lines[int(match.group(1))].variant_id)
    return variants


def _open_booth_stock(gql, booth: Booth, variant_ids: set[str]) -> set[str]:
    """Give the booth's warehouse a stock record (quantity 0) for those of the producer's
    variants it has none of; returns the variants it now has one for. A variant sold at the
    booth without ever being moved there was on the table all the same: its order is made
    (stock then goes below zero and the sale is flagged stock_short, as any shortfall is)
    rather than never. Only the booth producer's own variants: another producer's is no
    stock of this booth's."""
    variants = {v["id"]: v for p in setup.producer_products(booth, gql) for v in p["variants"] or [] if v["id"] in variant_ids}
    has_record = {vid for vid, v in variants.items() if any(s["warehouse"]["id"] == booth.warehouse_id for s in v.get("stocks") or [])}
    to_open = sorted(set(variants) - has_record)
    if to_open:
        data = gql.execute(
            "PosStockBulkUpdate", {"stocks": [{"variantId": vid, "warehouseId": booth.warehouse_id, "quantity": 0} for vid in to_open]}
        )["stockBulkUpdate"]
        problems = [e for r in data.get("results") or [] for e in r.get("errors") or []] + (data.get("errors") or [])
        if problems:
            log.warning("booth %s: could not open stock records for %s: %s", booth.pk, to_open, problems)
            return has_record
    return has_record | set(to_open)


def _bulk_create(gql, sales: list[Sale]) -> list[dict]:
    """orderBulkCreate's per-order results, one per sale.

    Should the core fail the request as a whole over something in one order — an error in
    the resolver, or an error for the whole mutation and no result per order (a constraint
    it did not expect surfaces as UNIQUE) — the sales go one by one, so that one gets
    CORE_ERROR (for staff and the dashboard's retry) and the others are made. Without that,
    one sale kept the rest of the outbox waiting for ever; and with no result per order, no
    sale changed and push_pending went round the same chunk without end. What is not about
    a sale is raised and everything stays pending: a core out of reach (TransportError), a
    document refused before it ran (GraphQLRequestError: validation, limits, token) and the
    App's missing permissions."""
    try:
        payload = gql.execute("PosOrderBulkCreate", {"orders": [order_input(s) for s in sales]})["orderBulkCreate"]
        results = payload.get("results") or []
        if len(results) == len(sales) and not payload.get("errors"):
            return results
        problem = "; ".join(f"{e.get('code')} {e.get('message')}" for e in payload.get("errors") or []) or "no result per order"
    except PermissionDeniedError:
        raise
    except GraphQLResponseError as exc:
        problem = str(exc)
    if len(sales) == 1:
        log.warning("the core failed the order of sale %s: %s", sales[0].uuid, problem)
        return [{"order": None, "errors": [{"path": None, "code": "CORE_ERROR", "message": problem[:500]}]}]
    log.warning("the core failed a chunk of %d orders (%s); sending them one by one", len(sales), problem)
    results = []
    for sale in sales:
        with transaction.atomic():  # whatever a failed request left behind is not kept
            results += _bulk_create(gql, [sale])
    return results


def _create_orders(gql, sales: list[Sale]) -> list[dict]:
    """orderBulkCreate for the sales; a sale refused only because the booth had no stock
    record for a variant gets one (see _open_booth_stock) and is sent once more."""
    results = _bulk_create(gql, sales)
    missing = {}
    for index, (sale, result) in enumerate(zip(sales, results)):
        variants = None if result.get("order") else _missing_stock_variants(sale, result.get("errors") or [])
        if variants:
            missing[index] = variants
    if not missing:
        return results
    opened: dict[int, set[str]] = {}  # booth → variants it now has a record of
    retry = []
    for index, variants in missing.items():
        booth = sales[index].register.booth
        if booth.pk not in opened:
            wanted = {v for i, vs in missing.items() if sales[i].register.booth_id == booth.pk for v in vs}
            opened[booth.pk] = _open_booth_stock(gql, booth, wanted)
        if set(variants) <= opened[booth.pk]:
            retry.append(index)
    if retry:
        again = _bulk_create(gql, [sales[i] for i in retry])
        for index, result in zip(retry, again):
            results[index] = result
            if result.get("order"):
                skus = ", ".join(
                    sorted({line.sku or line.product_name for line in sales[index].lines.all() if line.variant_id in missing[index]})
                )
                _add_note(sales[index], f"the booth had no stock record of {skus}: one was opened at 0 to make the order")
    return results


def retry_delay(failed_attempts: int) -> timedelta:
    """How long after its n-th failed push a sale waits: 1, 2, 4, 8 … minutes, capped, so a
    core that is down for an hour is not hit by every pending sale every minute."""
    cap = settings.POS_PUSH_BACKOFF_MAX_MINUTES
    return timedelta(minutes=min(2 ** min(max(failed_attempts - 1, 0), 20), cap))


def pushable(now: datetime):
    """Sales to push now: never tried (or retried from the dashboard), or failed and due."""
    return Sale.objects.filter(kind=Sale.SALE, order_id="").filter(Q(order_error="", next_push_at__isnull=True) | Q(next_push_at__lte=now))


def _record_failure(sale: Sale, error: str, now: datetime) -> None:
    sale.push_attempts += 1
    sale.next_push_at = now + retry_delay(sale.push_attempts)
    if error != sale.order_error:  # the same refusal every retry is noted once, not per retry
        _add_note(sale, f"no order in the core: {error}")
    sale.order_error = error


PUSH_FIELDS = ["order_id", "order_number", "order_error", "push_attempts", "next_push_at", "stock_short", "needs_review", "review_note"]


def push_chunk(gql, register_id: int | None = None, now: datetime | None = None) -> int:
    """Push up to CHUNK pushable sales; returns how many were looked at (0: nothing to push).
    Rows locked SKIP LOCKED: two pushers running at once (beat, a sync request, the dashboard)
    take different sales, and a sale whose order was made is no longer pushable once its
    pusher commits. A request the core failed as a whole is raised after its failure has been
    recorded on the chunk's sales (attempt, back-off), so that it counts towards the alert."""
    now = now or timezone.now()
    failure = None
    with transaction.atomic():
        pending = pushable(now).select_for_update(skip_locked=True, of=("self",))
        if register_id:
            pending = pending.filter(register_id=register_id)
        sales = list(pending.select_related("register__booth__fair").prefetch_related("lines", "payments").order_by("pk")[:CHUNK])
        if not sales:
            return 0
        try:
            with transaction.atomic():  # whatever the core wrote in-process before failing is not kept
                results = _create_orders(gql, sales)
        except Exception as exc:  # noqa: BLE001 - recorded on the sales, then raised below
            failure = exc
            for sale in sales:
                _record_failure(sale, f"the core did not take the push: {type(exc).__name__}: {exc}"[:2000], now)
            results = []
        for sale, result in zip(sales, results):
            errors = result.get("errors") or []
            if result.get("order"):
                sale.push_attempts += 1
                sale.order_id, sale.order_number = result["order"]["id"], str(result["order"]["number"])
                short = [e for e in errors if e["code"] == "INSUFFICIENT_STOCK"]
                if short:
                    # The goods were handed over: keep the sale, tell staff the stock was short.
                    sale.stock_short = sale.needs_review = True
                    _add_note(sale, "stock ran short: " + "; ".join(e["message"] for e in short))
            elif any(e["code"] == "UNIQUE" for e in errors) and _link_existing(gql, sale):
                sale.push_attempts += 1  # made by an earlier push whose answer was lost
            else:
                sale.needs_review = True
                sale.stock_short = sale.stock_short or any(e["code"] == "NON_EXISTING_STOCK" for e in errors)
                _record_failure(sale, "; ".join(f"{e.get('path')}: {e['code']} {e['message']}" for e in errors) or "no order", now)
            if sale.order_id:
                if sale.order_error:
                    _add_note(sale, f"order made at attempt {sale.push_attempts}")
                sale.order_error, sale.next_push_at = "", None
        Sale.objects.bulk_update(sales, PUSH_FIELDS)
    if failure is not None:
        raise failure
    return len(sales)


def refund_reason(refund: Sale) -> str:
    return f"POS refund {refund.uuid} ({refund.receipt_number})"


def _refund_order_of(gql, refund: Sale) -> str:
    """Give one refund back on the original order's payments; returns an error ('' when done).

    Idempotent: what was already refunded for this refund sale (events whose message is its
    refund_reason) is subtracted first, so a push retried after a crash refunds only the rest."""
    order = gql.execute("PosOrderTransactions", {"id": refund.refund_of.order_id})["order"]
    if order is None:
        return f"the refunded sale's order {refund.refund_of.order_number} is not in the core"
    reason = refund_reason(refund)
    done = sum(
        (
            Decimal(str(e["amount"]["amount"]))
            for t in order["transactions"]
            for e in t["events"]
            if e["type"] == "REFUND_SUCCESS" and e["message"] == reason
        ),
        Decimal(0),
    )
    remaining = refund.total - done
    # The way the money went back (cash for cash) first, then any other payment of the order.
    methods = [PAYMENT_NAMES.get(p.method, p.method) for p in refund.payments.all()]
    ordered = sorted(order["transactions"], key=lambda t: (t["name"] not in methods, t["name"]))
    for payment in ordered:
        if remaining <= 0:
            break
        take = min(remaining, Decimal(str(payment["chargedAmount"]["amount"])))
        if take <= 0:
            continue
        gql.execute("PosTransactionRefund", {"id": payment["id"], "amount": str(take), "reason": reason}, raise_on_payload_errors=True)
        remaining -= take
    if remaining > 0:
        return f"{remaining} of the {refund.total} refunded is more than the order still holds"
    return ""


def push_refund_chunk(gql, register_id: int | None = None) -> int:
    """Report up to CHUNK refunds whose original sale is an order in the core; returns how many
    were looked at. The refund is then linked to that order (order_id, order_number)."""
    with transaction.atomic():
        pending = (
            Sale.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(kind=Sale.REFUND, order_id="", order_error="", refund_of__isnull=False)
            .exclude(refund_of__order_id="")
        )
        if register_id:
            pending = pending.filter(register_id=register_id)
        refunds = list(pending.select_related("refund_of").prefetch_related("payments").order_by("pk")[:CHUNK])
        for refund in refunds:
            refund.push_attempts += 1
            try:
                problem = _refund_order_of(gql, refund)
            except MutationError as exc:
                problem = f"the core refused the refund: {exc}"
            if problem:
                refund.order_error, refund.needs_review = problem, True
                refund.review_note = "\n".join(filter(None, [refund.review_note, problem]))
            else:
                refund.order_id, refund.order_number = refund.refund_of.order_id, refund.refund_of.order_number
        Sale.objects.bulk_update(refunds, ["order_id", "order_number", "order_error", "push_attempts", "needs_review", "review_note"])
        return len(refunds)


def push_pending(register: Register | None = None, max_chunks: int | None = None, now: datetime | None = None) -> int:
    """Push until nothing is pushable (or max_chunks): sales become orders, then refunds go
    back on those orders' payments. A core that cannot be reached leaves the sales for a later
    run (after their back-off); the error is raised for the caller to log. `now` fixed for the
    whole run: a sale that fails in it is not due again before the run ends."""
    gql = core.client()
    register_id = register.pk if register else None
    now = now or timezone.now()
    pushed = chunks = 0
    for step in (lambda: push_chunk(gql, register_id, now), lambda: push_refund_chunk(gql, register_id)):
        while max_chunks is None or chunks < max_chunks:
            count = step()
            if not count:
                break
            pushed += count
            chunks += 1
    return pushed


def retry_failed(sale_ids) -> int:
    """Dashboard action: clear the error (and the back-off) of sales whose order failed, so the
    next push retries them at once. The attempts count stays: the alert is not sent again."""
    return (
        Sale.objects.filter(pk__in=sale_ids, order_id="")
        .filter(~Q(order_error="") | Q(next_push_at__isnull=False))
        .update(order_error="", next_push_at=None)
    )
