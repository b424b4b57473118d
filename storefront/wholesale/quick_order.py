"""Quick order: rows of SKU and quantity, typed into a table or uploaded as CSV, checked row by
row (format, SKU known in the wholesale channel, stock, case pack and minimum quantity counting
what the cart already holds), then the good rows added to the wholesale cart in one
checkoutLinesAdd (or checkoutCreate). Bad rows come back with their row number, column and
reason; what the core still refuses is reported on the rows it names.

    parse_csv(data: bytes) -> (rows, problems)
    rows_from_table(skus, quantities) -> rows
    add_rows(request, rows) -> Report
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from graphql_relay import from_global_id

from saleor_client import GraphQLRequestError, GraphQLResponseError
from storefront import cart, sessions
from storefront.rendering import language

from .client import wholesale_client

MAX_ROWS = 500
MAX_QUANTITY = 100_000
SKU_COLUMN, QUANTITY_COLUMN = "SKU", "Số lượng"
_HEADER_WORDS = {"sku", "ma hang", "mã hàng", "ma", "mã"}


@dataclass
class Row:
    number: int  # as the shopper counts: the CSV line, or the table row
    sku: str
    quantity_text: str
    quantity: int | None = None
    variant_id: str | None = None
    name: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, reason)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Report:
    added: list[Row] = field(default_factory=list)
    rejected: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # not tied to a row (e.g. the account)
    checkout: dict | None = None


def _check_format(row: Row) -> Row:
    row.sku = row.sku.strip()
    text = row.quantity_text.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not row.sku:
        row.problems.append((SKU_COLUMN, _("Thiếu mã hàng (SKU).")))
    elif len(row.sku) > 64 or not re.fullmatch(r"[\w.\-/]+", row.sku):
        row.problems.append((SKU_COLUMN, _("Mã hàng không hợp lệ: %(sku)s.") % {"sku": row.sku[:64]}))
    if not text:
        row.problems.append((QUANTITY_COLUMN, _("Thiếu số lượng.")))
    elif not text.isdigit():
        row.problems.append(
            (QUANTITY_COLUMN, _("Số lượng phải là số nguyên dương, không phải “%(value)s”.") % {"value": row.quantity_text.strip()[:20]})
        )
    elif not 0 < int(text) <= MAX_QUANTITY:
        row.problems.append((QUANTITY_COLUMN, _("Số lượng phải từ 1 đến %(max)s.") % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")}))
    else:
        row.quantity = int(text)
    return row


def rows_from_table(skus, quantities) -> list[Row]:
    rows = []
    for number, (sku, quantity) in enumerate(zip(skus, quantities), start=1):
        if (sku or "").strip() or (quantity or "").strip():
            rows.append(_check_format(Row(number, sku or "", quantity or "")))
    return rows


def parse_csv(data: bytes) -> tuple[list[Row], list[str]]:
    """Rows of a CSV file: `sku,quantity` (comma, semicolon or tab; a header line is optional;
    UTF-8 with or without BOM, as Excel saves it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("Tệp CSV phải được lưu với mã hoá UTF-8.")]
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return [], [_("Tệp CSV trống.")]
    sample = next(line for line in lines if line.strip())
    delimiter = max((";", ",", "\t"), key=sample.count) if any(d in sample for d in ";,\t") else ","
    rows: list[Row] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not any(c.strip() for c in cells):
            continue
        first = cells[0].strip().lower()
        if not rows and number == 1 and (first in _HEADER_WORDS or first.startswith("sku")):
            continue
        if len(rows) >= MAX_ROWS:
            return rows, [_("Tệp có hơn %(max)s dòng; chỉ %(max)s dòng đầu được xét.") % {"max": MAX_ROWS}]
        row = Row(number, cells[0] if cells else "", cells[1] if len(cells) > 1 else "")
        if len(cells) > 2 and any(c.strip() for c in cells[2:]):
            row.problems.append(("", _("Dòng có hơn 2 cột; mỗi dòng gồm mã hàng và số lượng.")))
        rows.append(_check_format(row))
    return rows, []


def _variants(request, skus: list[str]) -> dict[str, dict]:
    client = wholesale_client(request)
    found: dict[str, dict] = {}
    unique = sorted(set(skus))
    for start in range(0, len(unique), 100):
        data = client.execute("WholesaleVariantsBySku", {"skus": unique[start : start + 100], "channel": "wholesale"})
        for edge in (data.get("productVariants") or {}).get("edges") or []:
            found[edge["node"]["sku"]] = edge["node"]
    return found


def _check_against_catalog(request, rows: list[Row], in_cart: dict[str, int]) -> None:
    from commerce.business.gate import line_problems, rules_for

    candidates = [r for r in rows if r.ok]
    variants = _variants(request, [r.sku for r in candidates])
    pks = {}
    for row in candidates:
        variant = variants.get(row.sku)
        if variant is None:
            row.problems.append((SKU_COLUMN, _("Không có mã hàng %(sku)s trong bảng giá sỉ.") % {"sku": row.sku}))
            continue
        row.variant_id, row.name = variant["id"], variant["product"]["name"]
        pks[row.variant_id] = int(from_global_id(variant["id"])[1])
    rules = rules_for(pks.values())
    by_variant: dict[str, list[Row]] = {}
    for row in candidates:
        if row.variant_id and row.ok:
            by_variant.setdefault(row.variant_id, []).append(row)
    for variant_id, group in by_variant.items():
        rule, available = rules.get(pks[variant_id]), variants[group[0].sku].get("quantityAvailable")
        label = f"{group[0].sku} ({group[0].name})"
        already = in_cart.get(variant_id, 0)

        def problems(total, quantity):
            found = line_problems(rule, total, language(), label)
            if found and total != quantity:
                found = [p + " " + _("(tính cả %(n)s đã có trong giỏ hoặc ở dòng trên)") % {"n": total - quantity} for p in found]
            if available is not None and total > available:
                found.append(_("Chỉ còn %(n)s sản phẩm %(sku)s.") % {"n": available, "sku": group[0].sku})
            return found

        # Rows of one SKU count together (two rows of 12 make the minimum of 24); when the sum
        # breaks a rule, rows are taken in order and only those that break it are refused.
        if not problems(already + sum(r.quantity for r in group), -1):
            continue
        running = already
        for row in group:
            found = problems(running + row.quantity, row.quantity)
            if found:
                row.problems.extend((QUANTITY_COLUMN, reason) for reason in found)
            else:
                running += row.quantity


def error_message(error: dict) -> str:
    """The core explains wholesale refusals itself, in the checkout's language."""
    if error.get("code") in ("INVALID", "QUANTITY_GREATER_THAN_LIMIT", "INSUFFICIENT_STOCK") and error.get("message"):
        return error["message"]
    return cart.error_text(error)


def _send(request, lines: list[dict]) -> tuple[dict | None, list[dict]]:
    client = wholesale_client(request)
    variables = {"languageCode": language().upper()}
    checkout_id = sessions.checkout_token(request)
    payload = {}
    if checkout_id:
        payload = (
            client.execute("StorefrontCheckoutLinesAdd", {**variables, "id": checkout_id, "lines": lines}).get("checkoutLinesAdd") or {}
        )
        if not payload.get("checkout") and any(
            e.get("code") == "NOT_FOUND" and e.get("field") in ("id", "checkoutId", "token", None) for e in payload.get("errors") or []
        ):
            checkout_id = None
    if not checkout_id:
        customer = sessions.customer_of(request) or {}
        create = {"channel": "wholesale", "lines": lines, "languageCode": language().upper()}
        if customer.get("email"):
            create["email"] = customer["email"]
        payload = client.execute("StorefrontCheckoutCreate", {**variables, "input": create}).get("checkoutCreate") or {}
    if payload.get("checkout"):
        sessions.set_checkout_token(request, payload["checkout"]["id"], payload["checkout"]["quantity"])
    return payload.get("checkout"), payload.get("errors") or []


def add_rows(request, rows: list[Row]) -> Report:
    report = Report()
    sessions.set_channel(request, "wholesale")
    current = cart.current(request)
    in_cart: dict[str, int] = {}
    for line in (current or {}).get("lines") or []:
        in_cart[line["variant"]["id"]] = in_cart.get(line["variant"]["id"], 0) + line["quantity"]
    try:
        _check_against_catalog(request, rows, in_cart)
        good = [r for r in rows if r.ok]
        for _attempt in range(3):
            if not good:
                break
            checkout, errors = _send(request, [{"variantId": r.variant_id, "quantity": r.quantity} for r in good])
            if not errors:
                report.added, report.checkout = good, checkout
                break
            named = {v for e in errors for v in e.get("variants") or []}
            if not named:  # not about a row: the account, the channel…
                report.errors = [error_message(e) for e in errors]
                break
            for row in good:
                for e in errors:
                    if row.variant_id in (e.get("variants") or []):
                        row.problems.append((QUANTITY_COLUMN, error_message(e)))
            good = [r for r in good if r.ok]
    except (GraphQLRequestError, GraphQLResponseError):
        report.errors.append(_("Không kết nối được với hệ thống đặt hàng. Vui lòng thử lại."))
    report.rejected = [r for r in rows if not r.ok]
    if report.checkout is None:
        report.checkout = cart.current(request)
    return report
