"""Recorded sales → the core's orders, through orderBulkCreate as the `pos` App.

An outbox: every sale without an order is pending, and push_pending() is safe to run at any
time, as often as wanted, from any process — after each sync batch, from the dashboard, from
`ocop manage pos_push_orders`. The order's externalReference is the sale UUID and is UNIQUE in
the core, so a push interrupted after the core committed (a crash, a lost answer over HTTP)
is repaired by the next one: the core says UNIQUE and the existing order is linked."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from saleor_client import MutationError

from . import core
from ..models import Register, Sale

CHUNK = 50  # orderBulkCreate's limit
WALK_IN_DOMAIN = "khach-le.invalid"
PAYMENT_NAMES = {"cash": "Tiền mặt (POS)", "vietqr": "VietQR (POS)", "card": "Thẻ (POS)"}


def transactions_input(sale: Sale) -> list[dict]:
    """The money taken at the booth, one transaction per payment, so the core's order is paid
    (chargeStatus FULL) and a refund at the booth can be reported against it."""
    return [{
        "name": PAYMENT_NAMES.get(p.method, p.method),
        "pspReference": p.reference or f"{sale.receipt_number}/{index + 1}",
        "availableActions": ["REFUND"],
        "amountCharged": {"currency": "VND", "amount": str(p.amount)},
    } for index, p in enumerate(sale.payments.all()) if p.amount > 0]


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


def order_input(sale: Sale) -> dict:
    register = sale.register
    booth, fair = register.booth, register.booth.fair
    created = sale.created_at.isoformat()
    lines = list(sale.lines.all())
    totals = _spread_discount(lines, sale.discount_total)
    methods = ", ".join(f"{p.method}:{int(p.amount)}" + (f" ({p.reference})" if p.reference else "") for p in sale.payments.all())
    email = (sale.payload or {}).get("customerEmail") or f"{booth.code.lower()}.{fair.slug}@{WALK_IN_DOMAIN}"
    return {
        "externalReference": str(sale.uuid),
        "channel": fair.channel_slug,
        "createdAt": created,
        # Handed over at the booth: fulfilled, so the booth's stock goes down now.
        "status": "FULFILLED",
        "user": {"email": email},
        "billingAddress": {"firstName": "Khách lẻ", "lastName": f"gian {booth.code}", "streetAddress1": fair.venue[:250],
                           "city": fair.venue[:250], "country": "VN", "skipValidation": True},
        "currency": "VND",
        "languageCode": "VI",
        "customerNote": f"POS {sale.receipt_number} · {methods}",
        "metadata": [
            {"key": "pos.receipt", "value": sale.receipt_number},
            {"key": "pos.booth", "value": booth.code},
            {"key": "pos.payments", "value": methods},
        ],
        "deliveryMethod": {"warehouseId": booth.warehouse_id},
        "transactions": transactions_input(sale),
        "lines": [{
            "variantId": line.variant_id,
            "productName": line.product_name,
            "variantName": line.variant_name,
            "productSku": line.sku or None,
            "createdAt": created,
            "isShippingRequired": False,
            "isGiftCard": False,
            "quantity": line.quantity,
            "totalPrice": {"gross": str(total), "net": str(total)},
            "undiscountedTotalPrice": {"gross": str(line.unit_price * line.quantity), "net": str(line.unit_price * line.quantity)},
            "warehouse": booth.warehouse_id,
        } for line, total in zip(lines, totals)],
    }


def _link_existing(gql, sale: Sale) -> bool:
    order = gql.execute("PosOrderByReference", {"externalReference": str(sale.uuid)})["order"]
    if order:
        sale.order_id, sale.order_number = order["id"], str(order["number"])
        return True
    return False


def push_chunk(gql, register_id: int | None = None) -> int:
    """Push up to CHUNK pending sales; returns how many were looked at (0: nothing pending).
    Rows locked SKIP LOCKED: two pushers running at once take different sales."""
    with transaction.atomic():
        pending = Sale.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            kind=Sale.SALE, order_id="", order_error="")
        if register_id:
            pending = pending.filter(register_id=register_id)
        sales = list(pending.select_related("register__booth__fair").prefetch_related("lines", "payments").order_by("pk")[:CHUNK])
        if not sales:
            return 0
        data = gql.execute("PosOrderBulkCreate", {"orders": [order_input(s) for s in sales]})["orderBulkCreate"]
        for sale, result in zip(sales, data["results"]):
            errors = result.get("errors") or []
            sale.push_attempts += 1
            if result.get("order"):
                sale.order_id, sale.order_number = result["order"]["id"], str(result["order"]["number"])
                short = [e for e in errors if e["code"] == "INSUFFICIENT_STOCK"]
                if short:
                    # The goods were handed over: keep the sale, tell staff the stock was short.
                    sale.stock_short = sale.needs_review = True
                    sale.review_note = "\n".join(filter(None, [sale.review_note, "stock ran short: " + "; ".join(e["message"] for e in short)]))
            elif any(e["code"] == "UNIQUE" for e in errors) and _link_existing(gql, sale):
                pass  # made by an earlier push whose answer was lost
            else:
                sale.order_error = "; ".join(f"{e.get('path')}: {e['code']} {e['message']}" for e in errors) or "no order"
                sale.needs_review = True
        Sale.objects.bulk_update(sales, ["order_id", "order_number", "order_error", "push_attempts", "stock_short", "needs_review", "review_note"])
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
    done = sum((Decimal(str(e["amount"]["amount"])) for t in order["transactions"] for e in t["events"]
                if e["type"] == "REFUND_SUCCESS" and e["message"] == reason), Decimal(0))
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
        gql.execute("PosTransactionRefund", {"id": payment["id"], "amount": str(take), "reason": reason},
                    raise_on_payload_errors=True)
        remaining -= take
    if remaining > 0:
        return f"{remaining} of the {refund.total} refunded is more than the order still holds"
    return ""


def push_refund_chunk(gql, register_id: int | None = None) -> int:
    """Report up to CHUNK refunds whose original sale is an order in the core; returns how many
    were looked at. The refund is then linked to that order (order_id, order_number)."""
    with transaction.atomic():
        pending = (Sale.objects.select_for_update(skip_locked=True, of=("self",))
                   .filter(kind=Sale.REFUND, order_id="", order_error="", refund_of__isnull=False)
                   .exclude(refund_of__order_id=""))
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


def push_pending(register: Register | None = None, max_chunks: int | None = None) -> int:
    """Push until nothing is pending (or max_chunks): sales become orders, then refunds go back
    on those orders' payments. A core that cannot be reached leaves them pending for the next
    run; the error is raised for the caller to log."""
    gql = core.client()
    register_id = register.pk if register else None
    pushed = chunks = 0
    for step in (lambda: push_chunk(gql, register_id), lambda: push_refund_chunk(gql, register_id)):
        while max_chunks is None or chunks < max_chunks:
            count = step()
            if not count:
                break
            pushed += count
            chunks += 1
    return pushed


def retry_failed(sale_ids) -> int:
    """Dashboard action: clear the error of sales whose order failed, so the next push retries."""
    return Sale.objects.filter(pk__in=sale_ids, order_id="").exclude(order_error="").update(order_error="")
