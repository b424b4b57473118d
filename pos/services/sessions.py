"""Sessions: opening float → sales → cash count and Z-report. X-report = the same figures
mid-session, nothing frozen."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from ..models import CashCount, Cashier, PosSession, Register, Sale, SaleLine, SalePayment, ZReport


class SessionError(Exception):
    def __init__(self, message: str, code: str = "INVALID"):
        super().__init__(message)
        self.code = code


def current_session(register: Register) -> PosSession | None:
    return PosSession.objects.filter(register=register, status=PosSession.OPEN, is_rescue=False).first()


def open_session(register: Register, cashier: Cashier, opening_float) -> tuple[PosSession, bool]:
    """Open a session, or return the one already open (a reloaded device asks again)."""
    opening_float = Decimal(str(opening_float or 0))
    if opening_float < 0 or opening_float != opening_float.to_integral_value():
        raise SessionError("Tiền đầu ca phải là số đồng không âm.")
    existing = current_session(register)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            # The partial UNIQUE index allows one open session per register, even when two
            # requests race.
            return PosSession.objects.create(register=register, opened_by=cashier, opening_float=opening_float), True
    except IntegrityError:
        return current_session(register), False


def report(session: PosSession) -> dict:
    """Totals by payment method, product and cashier; expected cash in the drawer."""
    sales = Sale.objects.filter(session=session)
    sign = {Sale.SALE: 1, Sale.REFUND: -1}
    by_method: dict = defaultdict(lambda: {"count": 0, "amount": 0})
    cash_in = 0
    for row in (
        SalePayment.objects.filter(sale__session=session)
        .values("method", "sale__kind")
        .annotate(n=Count("id"), amount=Sum("amount"), change=Sum("change"))
    ):
        amount = int(row["amount"] or 0) * sign[row["sale__kind"]]
        by_method[row["method"]]["count"] += row["n"]
        by_method[row["method"]]["amount"] += amount
        if row["method"] == SalePayment.CASH:
            cash_in += amount
    products: dict = {}
    for row in (
        SaleLine.objects.filter(sale__session=session)
        .values("sku", "product_name", "variant_name", "sale__kind")
        .annotate(quantity=Sum("quantity"), amount=Sum("total"))
        .order_by("product_name")
    ):
        key = row["sku"] or row["product_name"]
        entry = products.setdefault(key, {"sku": row["sku"], "name": row["product_name"], "quantity": 0, "amount": 0})
        entry["quantity"] += int(row["quantity"]) * sign[row["sale__kind"]]
        entry["amount"] += int(row["amount"]) * sign[row["sale__kind"]]
    cashiers: dict = {}
    for row in sales.values("cashier_id", "cashier__name", "kind").annotate(n=Count("id"), amount=Sum("total")):
        entry = cashiers.setdefault(row["cashier_id"], {"name": row["cashier__name"] or "?", "sales": 0, "refunds": 0, "amount": 0})
        entry["sales" if row["kind"] == Sale.SALE else "refunds"] += row["n"]
        entry["amount"] += int(row["amount"]) * sign[row["kind"]]
    totals = sales.values("kind").annotate(n=Count("id"), amount=Sum("total"), discount=Sum("discount_total"))
    counts = {row["kind"]: row for row in totals}
    gross = int((counts.get(Sale.SALE) or {}).get("amount") or 0)
    refunded = int((counts.get(Sale.REFUND) or {}).get("amount") or 0)
    expected_cash = int(session.opening_float) + cash_in
    return {
        "session": session.pk,
        "register": str(session.register),
        "openedAt": session.opened_at.isoformat(),
        "closedAt": session.closed_at.isoformat() if session.closed_at else None,
        "isRescue": session.is_rescue,
        "openingFloat": int(session.opening_float),
        "sales": {"count": int((counts.get(Sale.SALE) or {}).get("n") or 0), "amount": gross},
        "refunds": {"count": int((counts.get(Sale.REFUND) or {}).get("n") or 0), "amount": refunded},
        "net": gross - refunded,
        "byMethod": {m: by_method[m] for m in sorted(by_method)},
        "byProduct": sorted(products.values(), key=lambda p: (-p["amount"], p["name"])),
        "byCashier": sorted(cashiers.values(), key=lambda c: c["name"]),
        "expectedCash": expected_cash,
        "flagged": sales.filter(needs_review=True).count(),
        "pendingOrders": sales.filter(kind=Sale.SALE, order_id="").count(),
    }


def close_session(
    session: PosSession, cashier: Cashier | None, counted_cash, *, device_sale_count: int | None = None, denominations: dict | None = None
) -> ZReport:
    """Count the cash, freeze the Z-report. A device that says it made more sales than the
    server has is refused: its queue is not empty yet and the report would be wrong."""
    counted = Decimal(str(counted_cash))
    if counted < 0 or counted != counted.to_integral_value():
        raise SessionError("Số tiền đếm được phải là số đồng không âm.")
    with transaction.atomic():
        session = PosSession.objects.select_for_update().get(pk=session.pk)
        if session.status == PosSession.CLOSED:
            return session.z_report
        recorded = Sale.objects.filter(session=session).count()
        if device_sale_count is not None and device_sale_count > recorded:
            raise SessionError(
                f"Máy còn {device_sale_count - recorded} giao dịch chưa gửi lên; gửi xong mới đóng ca được.", "SALES_WAITING"
            )
        session.status = PosSession.CLOSED
        session.closed_at = timezone.now()
        session.closed_by = cashier
        session.save(update_fields=["status", "closed_at", "closed_by"])
        CashCount.objects.create(session=session, counted_by=cashier, amount=counted, denominations=denominations or {})
        data = report(session)
        data["countedCash"] = int(counted)
        data["discrepancy"] = int(counted) - data["expectedCash"]
        return ZReport.objects.create(
            session=session, expected_cash=data["expectedCash"], counted_cash=counted, discrepancy=data["discrepancy"], data=data
        )
