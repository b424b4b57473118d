"""The KPI tables as data: one definition serves the HTML page (formatted cells) and the CSV
export (plain values Excel can compute with). CSV is UTF-8 with a byte-order mark, which is what
makes Excel read Vietnamese diacritics correctly."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from . import selectors as s

TEXT, INT, MONEY, PERCENT, DATE = "text", "int", "money", "percent", "date"
BOM = "\ufeff"


def format_vnd(amount) -> str:
    return f"{int(Decimal(amount or 0)):,}".replace(",", ".") + " ₫"


def format_int(value) -> str:
    return f"{int(value or 0):,}".replace(",", ".")


def format_percent(value) -> str:
    return f"{Decimal(value):.1f}".replace(".", ",") + " %"


@dataclass
class Column:
    header: str
    kind: str = TEXT


@dataclass
class Table:
    key: str  # also the page's URL name: kpi:<key>
    title: str
    columns: list[Column]
    rows: list[tuple]
    note: str = ""

    def html_rows(self) -> list[list[tuple[str, str]]]:
        """(css class, text) per cell."""
        return [[(c.kind, _html_cell(c.kind, v)) for c, v in zip(self.columns, row)] for row in self.rows]

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([str(c.header) for c in self.columns])
        for row in self.rows:
            writer.writerow([_csv_cell(c.kind, v) for c, v in zip(self.columns, row)])
        return BOM + buffer.getvalue()


def _html_cell(kind: str, value) -> str:
    if value is None or value == "":
        return "—"
    if kind == MONEY:
        return format_vnd(value)
    if kind == INT:
        return format_int(value)
    if kind == PERCENT:
        return format_percent(value)
    if kind == DATE:
        return value.strftime("%d/%m/%Y")
    return str(value)


def _csv_cell(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == MONEY:
        return str(int(Decimal(value)))
    if kind == PERCENT:
        return f"{Decimal(value):.1f}"
    if kind == DATE and isinstance(value, date):
        return value.isoformat()
    return str(value)


def stars_table(report: s.StarsReport) -> Table:
    return Table(
        "stars",
        _("Sản phẩm OCOP còn hiệu lực theo hạng sao, theo tháng"),
        [
            Column(_("Ngày")),
            Column(_("3 sao"), INT),
            Column(_("4 sao"), INT),
            Column(_("5 sao"), INT),
            Column(_("Tổng 3 sao trở lên"), INT),
            Column(_("Mục tiêu"), INT),
        ],
        [(p.day, p.by_stars[3], p.by_stars[4], p.by_stars[5], p.total, report.target) for p in report.points],
    )


def potential_table(report: s.StarsReport, producer_pages: dict[int, s.Producer]) -> Table:
    def producer(c):
        page = producer_pages.get(c.producer_id)
        return page.title if page else ""

    return Table(
        "potential",
        _("Sản phẩm tiềm năng 5 sao (4 sao, từ 90 điểm)"),
        [
            Column(_("Sản phẩm")),
            Column(_("Chủ thể")),
            Column(_("Điểm"), TEXT),
            Column(_("Ngày quyết định"), DATE),
            Column(_("Hiệu lực đến"), DATE),
        ],
        [(c.name, producer(c), f"{c.score:g}", c.decision_date, c.end) for c in report.potential_five],
    )


def lapsing_table(rows: list[s.Lapsing]) -> Table:
    return Table(
        "lapsing",
        _("Giấy chứng nhận hết hiệu lực trong 90 ngày tới"),
        [
            Column(_("Sản phẩm")),
            Column(_("Chủ thể")),
            Column(_("Hạng sao"), INT),
            Column(_("Hiệu lực đến"), DATE),
            Column(_("Còn (ngày)"), INT),
        ],
        [(r.cert.name, r.producer.title if r.producer else "", r.cert.stars, r.cert.end, r.days_left) for r in rows],
    )


def producers_table(report: s.ProducersReport) -> Table:
    return Table(
        "producers",
        _("Chủ thể OCOP và kênh bán hiện đại"),
        [
            Column(_("Chủ thể")),
            Column(_("Xã/Phường")),
            Column(_("Sản phẩm OCOP còn hiệu lực"), INT),
            Column(_("Đang bán trực tuyến")),
            Column(_("Kênh có doanh số 90 ngày")),
        ],
        [
            (
                r.producer.title,
                r.producer.ward or "",
                r.certified_products,
                "có" if r.listed_online else "không",
                ", ".join(r.sales_channels),
            )
            for r in report.rows
        ],
    )


def sales_table(key: str, title, first_header, rows: list[s.SalesRow]) -> Table:
    total = (sum((r.revenue for r in rows), Decimal(0)), sum(r.quantity for r in rows))
    return Table(
        key,
        title,
        [
            Column(first_header),
            Column(_("Doanh thu (₫)"), MONEY),
            Column(_("Số lượng"), INT),
            Column(_("Số đơn"), INT),
            Column(_("Tỷ trọng doanh thu"), PERCENT),
        ],
        [
            (r.label, r.revenue, r.quantity, r.orders, s.ProducersReport.share(r.revenue, total[0]) if total[0] else Decimal(0))
            for r in rows
        ],
    )


def top_table(key: str, title, rows: list[s.TopProduct]) -> Table:
    return Table(
        key,
        title,
        [Column(_("Hạng"), INT), Column(_("Sản phẩm")), Column(_("Doanh thu (₫)"), MONEY), Column(_("Số lượng"), INT)],
        [(i, r.name, r.revenue, r.quantity) for i, r in enumerate(rows, 1)],
    )
