"""The KPI pages inside the staff dashboard (Django admin's look). Staff with `kpi.view_kpi`
only; everyone else is sent to the dashboard's login (anonymous, non-staff) or refused (staff
without the permission). ?as_of=YYYY-MM-DD reads the figures as of a day; ?from=&to= sets the
sales period; each table's page gives ?format=csv, and pages with a chart ?format=svg."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import charts, selectors as s, tables as t

PERMISSION = "kpi.view_kpi"
SECTIONS = ("stars", "potential", "lapsing", "producers", "sales-channel", "sales-group", "sales-ward", "top-revenue", "top-quantity")


@dataclass
class Params:
    as_of: date
    period: s.Period
    errors: list[str] = field(default_factory=list)
    explicit: dict[str, str] = field(default_factory=dict)

    def query(self, **extra) -> str:
        return urlencode({**self.explicit, **extra})


def _date(request, name: str, errors: list[str]) -> date | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(name)
        errors.append(_("Ngày không hợp lệ ở “%(name)s”: %(value)s (cần dạng YYYY-MM-DD).") % {"name": name, "value": raw})
        return None


def read_params(request) -> Params:
    errors: list[str] = []
    as_of = _date(request, "as_of", errors) or timezone.localdate()
    start, end = _date(request, "from", errors), _date(request, "to", errors)
    end = end or as_of
    start = start or end - timedelta(days=s.RECENT_SALES_DAYS - 1)
    if start > end:
        errors.append(_("Ngày bắt đầu sau ngày kết thúc; dùng 90 ngày đến ngày kết thúc."))
        start = end - timedelta(days=s.RECENT_SALES_DAYS - 1)
    bad = {e for e in errors if e in ("as_of", "from", "to")}
    explicit = {k: request.GET[k].strip() for k in ("as_of", "from", "to") if request.GET.get(k) and k not in bad}
    return Params(as_of, s.Period(start, end), [e for e in errors if e not in bad], explicit)


class Dashboard:
    """Figures computed on first use, so a section's page runs only the queries it needs."""

    def __init__(self, params: Params):
        self.params = params
        self.as_of = params.as_of
        self.period = params.period

    @cached_property
    def certs(self):
        return s.certificates()

    @cached_property
    def producer_pages(self):
        return s.producers()

    @cached_property
    def stars(self):
        return s.stars_report(self.as_of, self.certs)

    @cached_property
    def lapsing(self):
        return s.lapsing(self.as_of, self.certs, self.producer_pages)

    @cached_property
    def producers(self):
        return s.producers_report(self.as_of, self.certs, self.producer_pages)

    @cached_property
    def by_channel(self):
        return s.sales_by_channel(self.period)

    @cached_property
    def by_group(self):
        return s.sales_by_group(self.period)

    @cached_property
    def by_ward(self):
        return s.sales_by_ward(self.period)

    @cached_property
    def top_revenue(self):
        return s.top_products(self.period, "revenue")

    @cached_property
    def top_quantity(self):
        return s.top_products(self.period, "quantity")

    # --- sections: (table, chart svg or "") ---

    def period_text(self) -> str:
        return f"{self.period.start:%d/%m/%Y}–{self.period.end:%d/%m/%Y}"

    def section(self, key: str) -> tuple[t.Table, str]:
        return getattr(self, "section_" + key.replace("-", "_"))()

    def section_stars(self):
        report = self.stars
        labels = [f"{p.day:%m/%Y}" for p in report.points]
        desc = _(
            "Số sản phẩm OCOP còn hiệu lực cuối mỗi tháng, từ %(first)s đến %(last)s. Ngày %(as_of)s: "
            "%(total)s sản phẩm từ 3 sao (%(s3)s sản phẩm 3 sao, %(s4)s sản phẩm 4 sao, %(s5)s sản phẩm 5 sao); mục tiêu %(target)s."
        ) % {
            "first": labels[0],
            "last": labels[-1],
            "as_of": f"{self.as_of:%d/%m/%Y}",
            "total": report.current.total,
            "s3": report.current.by_stars[3],
            "s4": report.current.by_stars[4],
            "s5": report.current.by_stars[5],
            "target": report.target,
        }
        chart = charts.line_chart(
            "chart-stars",
            _("Sản phẩm OCOP theo hạng sao"),
            desc,
            labels,
            [
                charts.Series(_("Tổng 3★ trở lên"), [p.total for p in report.points], "#222", bold=True),
                charts.Series("3★", [p.by_stars[3] for p in report.points], charts.PALETTE[0]),
                charts.Series("4★", [p.by_stars[4] for p in report.points], charts.PALETTE[1]),
                charts.Series("5★", [p.by_stars[5] for p in report.points], charts.PALETTE[2]),
            ],
            target=report.target,
            target_label=_("Mục tiêu %(n)s") % {"n": report.target},
        )
        table = t.stars_table(report)
        if report.undated:
            table.note = _("%(n)s sản phẩm có hạng sao nhưng chưa có ngày quyết định: không tính vào chuỗi.") % {"n": report.undated}
        return table, chart

    def section_potential(self):
        return t.potential_table(self.stars, self.producer_pages), ""

    def section_lapsing(self):
        return t.lapsing_table(self.lapsing), ""

    def section_producers(self):
        report = self.producers
        desc = _(
            "%(n)s chủ thể OCOP. Có sản phẩm đang bán trực tuyến: %(listed)s (%(listed_share)s %%). "
            "Có doanh số 90 ngày qua kênh trực tuyến, bán sỉ hoặc hội chợ: %(sales)s (%(sales_share)s %%). Mục tiêu 50 %%."
        ) % {
            "n": report.entities,
            "listed": report.listed_online,
            "listed_share": report.listed_share,
            "sales": report.with_sales,
            "sales_share": report.sales_share,
        }
        chart = charts.bar_chart(
            "chart-producers",
            _("Chủ thể OCOP bán qua kênh hiện đại"),
            desc,
            [_("Đang bán trực tuyến"), _("Có doanh số 90 ngày")],
            [float(report.listed_share), float(report.sales_share)],
            target=float(report.target),
            target_label=_("Mục tiêu 50 %"),
            maximum=100,
            format_value=lambda v: t.format_percent(v),
            colour=charts.PALETTE[1],
            label_width=200,
        )
        return t.producers_table(report), chart

    def _sales_section(self, key, rows, title, first_header, colour):
        table = t.sales_table(key, f"{title} ({self.period_text()})", first_header, rows)
        desc = "; ".join(f"{r.label}: {t.format_vnd(r.revenue)}" for r in rows) or _("Không có doanh số trong kỳ.")
        chart = charts.bar_chart(
            f"chart-{key}",
            f"{title} ({self.period_text()})",
            desc,
            [r.label for r in rows],
            [float(r.revenue) for r in rows],
            format_value=t.format_vnd,
            colour=colour,
        )
        return table, chart

    def section_sales_channel(self):
        return self._sales_section("sales-channel", self.by_channel, _("Doanh thu theo kênh"), _("Kênh"), charts.PALETTE[0])

    def section_sales_group(self):
        return self._sales_section("sales-group", self.by_group, _("Doanh thu theo nhóm sản phẩm"), _("Nhóm sản phẩm"), charts.PALETTE[1])

    def section_sales_ward(self):
        return self._sales_section("sales-ward", self.by_ward, _("Doanh thu theo xã/phường"), _("Xã/Phường"), charts.PALETTE[2])

    def _top_section(self, key, rows, title, by_revenue: bool):
        title = f"{title} ({self.period_text()})"
        values = [float(r.revenue) if by_revenue else r.quantity for r in rows]
        fmt = t.format_vnd if by_revenue else t.format_int
        desc = "; ".join(f"{i}. {r.name}: {fmt(v)}" for i, (r, v) in enumerate(zip(rows, values), 1)) or _("Không có doanh số trong kỳ.")
        chart = charts.bar_chart(
            f"chart-{key}", title, desc, [r.name for r in rows], values, format_value=fmt, colour=charts.PALETTE[3], label_width=300
        )
        return t.top_table(key, title, rows), chart

    def section_top_revenue(self):
        return self._top_section("top-revenue", self.top_revenue, _("Sản phẩm bán chạy theo doanh thu"), True)

    def section_top_quantity(self):
        return self._top_section("top-quantity", self.top_quantity, _("Sản phẩm bán chạy theo số lượng"), False)

    def cards(self) -> list[dict]:
        stars, producers = self.stars, self.producers
        total = stars.current.total
        revenue = sum((r.revenue for r in self.by_channel), 0)
        return [
            {
                "label": _("Sản phẩm OCOP từ 3★"),
                "value": t.format_int(total),
                "target": _("mục tiêu %(n)s") % {"n": stars.target},
                "met": total >= stars.target,
            },
            {
                "label": _("Tiềm năng 5★ (4★, từ 90 điểm)"),
                "value": t.format_int(len(stars.potential_five)),
                "target": _("mục tiêu %(n)s") % {"n": stars.potential_target},
                "met": len(stars.potential_five) >= stars.potential_target,
            },
            {
                "label": _("Chủ thể đang bán trực tuyến"),
                "value": t.format_percent(producers.listed_share),
                "target": _("%(part)s/%(whole)s chủ thể · mục tiêu 50 %%") % {"part": producers.listed_online, "whole": producers.entities},
                "met": producers.listed_share >= producers.target,
            },
            {
                "label": _("Chủ thể có doanh số 90 ngày"),
                "value": t.format_percent(producers.sales_share),
                "target": _("%(part)s/%(whole)s chủ thể · mục tiêu 50 %%") % {"part": producers.with_sales, "whole": producers.entities},
                "met": producers.sales_share >= producers.target,
            },
            {"label": _("Giấy chứng nhận hết hạn trong 90 ngày"), "value": t.format_int(len(self.lapsing)), "target": "", "met": None},
            {"label": _("Doanh thu trong kỳ"), "value": t.format_vnd(revenue), "target": self.period_text(), "met": None},
        ]


def _guard(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(_("Cần quyền xem chỉ số KPI (kpi.view_kpi)."))


def _render(request, params: Params, dashboard: Dashboard, keys, *, overview: bool):
    sections = []
    for key in keys:
        table, chart = dashboard.section(key)
        sections.append(
            {
                "key": key,
                "table": table,
                "rows": table.html_rows(),
                "chart": mark_safe(chart),
                "csv_url": f"{reverse('kpi:section', args=[key])}?{params.query(format='csv')}",
                "page_url": f"{reverse('kpi:section', args=[key])}?{params.query()}",
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Chỉ số KPI chương trình OCOP") if overview else sections[0]["table"].title,
        "params": params,
        "sections": sections,
        "overview": overview,
        "cards": dashboard.cards() if overview else [],
        "overview_url": reverse("kpi:overview"),
        "query": params.query(),
        "definitions": [
            _(
                "Sản phẩm OCOP: từ 3 sao, giấy chứng nhận có hiệu lực từ ngày quyết định đến ngày “hiệu lực đến” (36 tháng). "
                "Hạng sao trước đây lấy từ lịch sử thay đổi hạng sao và ngày quyết định của sản phẩm. Giấy chứng nhận đã thu hồi (hoặc hết hiệu lực trước hạn) "
                "không được tính vì hệ thống không lưu ngày thu hồi."
            ),
            _("Tiềm năng 5 sao: sản phẩm 4 sao còn hiệu lực, điểm đánh giá từ 90."),
            _(
                "Chủ thể OCOP: có ít nhất một sản phẩm OCOP còn hiệu lực. Kênh hiện đại: trực tuyến, bán sỉ và hội chợ; "
                "doanh số là đơn hàng không ở trạng thái nháp hoặc đã hủy, 90 ngày tính cả ngày xem."
            ),
        ],
    }
    return TemplateResponse(request, "kpi/page.html", context, using="django")


def overview(request):
    _guard(request)
    params = read_params(request)
    return _render(request, params, Dashboard(params), SECTIONS, overview=True)


def section(request, key: str):
    _guard(request)
    if key not in SECTIONS:
        raise Http404(key)
    params = read_params(request)
    dashboard = Dashboard(params)
    fmt = request.GET.get("format")
    if fmt == "csv":
        table, _chart = dashboard.section(key)
        response = HttpResponse(table.csv_text().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kpi-{key}-{params.as_of.isoformat()}.csv"'
        return response
    if fmt == "svg":
        _table, chart = dashboard.section(key)
        if not chart:
            raise Http404(_("Bảng này không có biểu đồ."))
        return HttpResponse(chart, content_type="image/svg+xml; charset=utf-8")
    return _render(request, params, dashboard, [key], overview=False)


# Staff only, as every dashboard page: admin_view sends anyone who is not active staff to the
# dashboard's login, with ?next= back here.
overview_view = admin.site.admin_view(overview)
section_view = admin.site.admin_view(section)
