"""Fair and booth reports: sales by day, product, payment method and cashier (refunds count
negative), and their CSV export for the organisers."""

from __future__ import annotations

import csv
import io

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate

from ..models import Sale, SaleLine, SalePayment


def _signed(rows, amount_key="amount"):
    out = {}
    for row in rows:
        key = row.pop("key")
        sign = -1 if row.pop("sale__kind", row.pop("kind", "sale")) == Sale.REFUND else 1
        entry = out.setdefault(key, {"count": 0, "amount": 0})
        entry["count"] += row["n"] * (1 if sign > 0 else 0)
        entry["amount"] += int(row[amount_key] or 0) * sign
    return out


def sales_report(sales) -> dict:
    """sales: a Sale queryset (one fair, one booth, …) → {section: {key: {count, amount}}}."""
    lines = SaleLine.objects.filter(sale__in=sales)
    payments = SalePayment.objects.filter(sale__in=sales)
    return {
        "day": _signed(
            list(sales.annotate(key=TruncDate("created_at")).values("key", "kind").annotate(n=Count("id"), amount=Sum("total")))
        ),
        "product": _signed(
            list(lines.annotate(key=F("product_name")).values("key", "sale__kind").annotate(n=Sum("quantity"), amount=Sum("total")))
        ),
        "method": _signed(
            list(payments.annotate(key=F("method")).values("key", "sale__kind").annotate(n=Count("id"), amount=Sum("amount")))
        ),
        "cashier": _signed(list(sales.annotate(key=F("cashier__name")).values("key", "kind").annotate(n=Count("id"), amount=Sum("total")))),
        "booth": _signed(
            list(sales.annotate(key=F("register__booth__code")).values("key", "kind").annotate(n=Count("id"), amount=Sum("total")))
        ),
    }


def report_csv(sales) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "key", "count", "amount_vnd"])
    for section, rows in sales_report(sales).items():
        for key, figures in sorted(rows.items(), key=lambda kv: str(kv[0])):
            writer.writerow([section, key if key is not None else "", figures["count"], figures["amount"]])
    return out.getvalue()
