"""The KPI figures, read as of a date. Each selector runs a fixed handful of aggregate queries
whatever the size of the catalog or the order book; per-product work happens in Python over
rows the database already grouped.

Definitions (shown on the pages too):
- A certificate counts on a day when its decision date ≤ day ≤ valid-until. A product's earlier
  decisions come from the core's history of its badge values (commerce.attribute.history: the
  stars and decision date it held after each write, whoever wrote them; each decision valid 36
  months, or until the next one); its current one from its attributes. The catalog records *that* a certificate
  was revoked (or, lapsed before its valid-until date, withdrawn) but not *when*, so such a
  current certificate is not counted at any point of the series; a certificate that lapsed on
  its valid-until date counts up to that date.
- OCOP products are those at 3★ and up; a potential 5★ is a 4★ product scoring ≥ 90.
- An OCOP entity is a producer with at least one certified product valid on the as-of date.
- Sales are order lines of orders that are neither drafts nor canceled, by order date (local
  time), at the line's gross total; days are inclusive at both ends.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from commerce.attribute.models import (
    AssignedPageAttributeValue,
    AssignedProductAttributeValue,
    AttributeValue,
    ProductAttributeChange,
)
from commerce.order.models import OrderLine, OrderStatus
from commerce.page.models import Page
from commerce.product.models import Product, ProductChannelListing

STAR_LEVELS = (3, 4, 5)
TARGET_CERTIFIED = 150  # products at 3★+ by the end of 2025
TARGET_POTENTIAL_FIVE = 2  # potential 5★ submitted nationally
TARGET_MODERN_SHARE = Decimal("50")  # % of OCOP entities selling through modern channels
POTENTIAL_FIVE_SCORE = 90
CERTIFICATE_MONTHS = 36
LAPSING_DAYS = 90
RECENT_SALES_DAYS = 90
SERIES_MONTHS = 24
PRODUCER_PAGE_TYPE = "ocop-producer"
ONLINE_CHANNEL = "online"
WHOLESALE_CHANNEL = "wholesale"
FAIR_CHANNEL_PREFIX = "fair-"
NOT_SALES = (OrderStatus.DRAFT, OrderStatus.CANCELED)
STARS, DECISION_DATE = "ocop-stars", "ocop-decision-date"


# --- Dates -------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def local_date(moment: datetime | None) -> date | None:
    """A date attribute's day: stored as midnight (UTC or local); read in the project's zone."""
    return timezone.localtime(moment).date() if moment is not None else None


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def last_days(cls, as_of: date, days: int) -> "Period":
        return cls(as_of - timedelta(days=days - 1), as_of)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def orders_q(self, prefix: str = "order__") -> Q:
        return Q(**{f"{prefix}created_at__gte": day_start(self.start), f"{prefix}created_at__lt": day_start(self.end + timedelta(days=1))})


# --- The certified catalog ---------------------------------------------------------------------


@dataclass
class Certificate:
    """A product's current OCOP certificate as its attributes describe it."""

    product_id: int
    name: str
    code: str | None
    stars: int | None
    score: float | None
    decision_date: date | None
    valid_until: date | None
    status: str | None
    group: str | None
    producer_id: int | None
    earlier: list[tuple[date, int]] = field(default_factory=list)  # (decision date, stars) before this one

    @property
    def end(self) -> date | None:
        if self.decision_date is None:
            return None
        return self.valid_until or add_months(self.decision_date, CERTIFICATE_MONTHS)

    def current_counts(self, today: date) -> bool:
        """Whether the current decision counts at all in the series. The status is what is known
        today: a lapsed certificate whose valid-until has not come yet was withdrawn early, on a
        day the catalog does not keep, as is a revoked one."""
        if self.status == "revoked":
            return False
        if self.status == "lapsed" and self.end is not None and self.end >= today:
            return False
        return True

    def periods(self, today: date) -> list[tuple[date, date, int]]:
        """(first day, last day, stars) of every decision, oldest first."""
        result = []
        if self.decision_date is None or self.stars is None:
            return result
        earlier = sorted(e for e in self.earlier if e[0] < self.decision_date)
        for index, (start, stars) in enumerate(earlier):
            following = earlier[index + 1][0] if index + 1 < len(earlier) else self.decision_date
            result.append((start, min(add_months(start, CERTIFICATE_MONTHS), following - timedelta(days=1)), stars))
        if self.current_counts(today):
            result.append((self.decision_date, self.end, self.stars))
        return result

    def stars_on(self, day: date, today: date) -> int | None:
        for start, end, stars in self.periods(today):
            if start <= day <= end:
                return stars
        return None

    def valid_on(self, day: date) -> bool:
        """The current certificate (not an earlier one) is in force on `day`."""
        return self.status == "valid" and self.decision_date is not None and self.decision_date <= day <= self.end


@dataclass
class Producer:
    page_id: int
    title: str
    slug: str
    ward: str | None
    province: str | None


def _pick(field_name: str, attribute_slug: str, relation: str = "attributevalues__value__"):
    return Max(f"{relation}{field_name}", filter=Q(**{f"{relation}attribute__slug": attribute_slug}))


def _stars_value(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _date_value(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def decision_history() -> dict[int, list[tuple[date, int]]]:
    """product id → every (decision date, stars) the product held, oldest write first, from the
    recorded changes of its stars and decision date (one query). Each product's writes are
    replayed in order, starting from what it held before the first recorded change; a write is
    every change sharing its instant, so a decision date and stars written together count as
    one decision, never as a mix of the old one's and the new one's."""
    rows = (
        ProductAttributeChange.objects.filter(attribute__slug__in=[STARS, DECISION_DATE])
        .order_by("product_id", "changed_at", "pk")
        .values_list("product_id", "changed_at", "attribute__slug", "old_value", "new_value")
    )
    writes: dict[int, dict] = defaultdict(dict)  # product → changed_at → {slug: new}, in order
    held_first: dict[int, dict[str, str]] = defaultdict(dict)  # product → slug → value before its first change
    for product_id, changed_at, slug, old, new in rows:
        held_first[product_id].setdefault(slug, old)
        writes[product_id].setdefault(changed_at, {})[slug] = new
    history: dict[int, list[tuple[date, int]]] = {}
    for product_id, by_write in writes.items():
        held = dict(held_first[product_id])
        decisions = []
        for changes in [{}, *by_write.values()]:
            held.update(changes)
            decided, stars = _date_value(held.get(DECISION_DATE)), _stars_value(held.get(STARS))
            if decided is not None and stars is not None and (decided, stars) not in decisions:
                decisions.append((decided, stars))
        history[product_id] = decisions
    return history


def certificates() -> list[Certificate]:
    """Every product that carries OCOP stars, its attributes pivoted in one grouped query, plus
    its earlier decisions from the core's history of badge values (a second query)."""
    rows = (
        Product.objects.annotate(
            kpi_stars=_pick("slug", "ocop-stars"),
            kpi_score=_pick("numeric", "ocop-score"),
            kpi_decision=_pick("date_time", "ocop-decision-date"),
            kpi_valid_until=_pick("date_time", "ocop-valid-until"),
            kpi_status=_pick("slug", "ocop-status"),
            kpi_group=_pick("name", "ocop-product-group"),
            kpi_producer=_pick("reference_page_id", "producer"),
        )
        .filter(kpi_stars__isnull=False)
        .order_by("name", "pk")
        .values_list(
            "pk",
            "name",
            "external_reference",
            "kpi_stars",
            "kpi_score",
            "kpi_decision",
            "kpi_valid_until",
            "kpi_status",
            "kpi_group",
            "kpi_producer",
        )
    )
    history = decision_history()
    result = []
    for pk, name, code, stars, score, decision, valid_until, status, group, producer in rows:
        result.append(
            Certificate(
                product_id=pk,
                name=name,
                code=code,
                stars=int(stars) if str(stars).isdigit() else None,
                score=score,
                decision_date=local_date(decision),
                valid_until=local_date(valid_until),
                status=status,
                group=group,
                producer_id=producer,
                earlier=sorted(set(history.get(pk, []))),
            )
        )
    return result


def producers() -> dict[int, Producer]:
    """Producer pages with their ward/commune and province, in one grouped query."""
    rows = (
        Page.objects.filter(page_type__slug=PRODUCER_PAGE_TYPE)
        .annotate(kpi_ward=_pick("name", "ward-commune"), kpi_province=_pick("name", "province"))
        .order_by("title", "pk")
        .values_list("pk", "title", "slug", "kpi_ward", "kpi_province")
    )
    return {pk: Producer(pk, title, slug, ward, province) for pk, title, slug, ward, province in rows}


# --- (1) certified products by stars over time ---------------------------------------------------


@dataclass
class SeriesPoint:
    day: date
    by_stars: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.by_stars.values())


@dataclass
class StarsReport:
    as_of: date
    points: list[SeriesPoint]
    potential_five: list[Certificate]
    undated: int  # products with stars but no decision date: not in the series
    target: int = TARGET_CERTIFIED
    potential_target: int = TARGET_POTENTIAL_FIVE

    @property
    def current(self) -> SeriesPoint:
        return self.points[-1]


def series_days(as_of: date, months: int = SERIES_MONTHS) -> list[date]:
    """The last day of each of `months` months ending with as_of's month, that one cut at as_of."""
    first = add_months(date(as_of.year, as_of.month, 1), -(months - 1))
    days = [month_end(add_months(first, i)) for i in range(months)]
    days[-1] = as_of
    return days


def stars_report(as_of: date, certs: list[Certificate], months: int = SERIES_MONTHS, today: date | None = None) -> StarsReport:
    """`today` is when the statuses were read (the real today unless a test says otherwise)."""
    today = today or timezone.localdate()
    days = series_days(as_of, months)
    points = []
    for day in days:
        counts = dict.fromkeys(STAR_LEVELS, 0)
        for cert in certs:
            stars = cert.stars_on(day, today)
            if stars in counts:
                counts[stars] += 1
        points.append(SeriesPoint(day, counts))
    potential = [c for c in certs if c.stars == 4 and c.valid_on(as_of) and c.score is not None and c.score >= POTENTIAL_FIVE_SCORE]
    potential.sort(key=lambda c: (-(c.score or 0), c.name))
    undated = sum(1 for c in certs if c.decision_date is None and (c.stars or 0) >= 3)
    return StarsReport(as_of, points, potential, undated)


# --- (2) certificates lapsing soon -----------------------------------------------------------------


@dataclass
class Lapsing:
    cert: Certificate
    producer: Producer | None
    days_left: int


def lapsing(as_of: date, certs: list[Certificate], producer_pages: dict[int, Producer], days: int = LAPSING_DAYS) -> list[Lapsing]:
    """Valid 3★+ certificates whose valid-until falls within the next `days` days (today included)."""
    horizon = as_of + timedelta(days=days)
    rows = [
        Lapsing(c, producer_pages.get(c.producer_id), (c.end - as_of).days)
        for c in certs
        if (c.stars or 0) >= 3 and c.valid_on(as_of) and c.end <= horizon
    ]
    rows.sort(key=lambda r: (r.cert.end, r.cert.name))
    return rows


# --- (3) producers in modern channels ----------------------------------------------------------------


def modern_channels_q(prefix: str = "order__channel__") -> Q:
    return Q(**{f"{prefix}slug__in": [ONLINE_CHANNEL, WHOLESALE_CHANNEL]}) | Q(**{f"{prefix}slug__startswith": FAIR_CHANNEL_PREFIX})


def sold_lines(period: Period):
    return OrderLine.objects.filter(period.orders_q()).exclude(order__status__in=NOT_SALES)


@dataclass
class ProducerChannels:
    producer: Producer
    certified_products: int
    listed_online: bool
    sales_channels: list[str]  # slugs of modern channels with sales in the period


@dataclass
class ProducersReport:
    as_of: date
    period: Period
    rows: list[ProducerChannels]
    target: Decimal = TARGET_MODERN_SHARE

    @property
    def entities(self) -> int:
        return len(self.rows)

    @property
    def listed_online(self) -> int:
        return sum(1 for r in self.rows if r.listed_online)

    @property
    def with_sales(self) -> int:
        return sum(1 for r in self.rows if r.sales_channels)

    @staticmethod
    def share(part: int, whole: int) -> Decimal:
        return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else Decimal("0.0")

    @property
    def listed_share(self) -> Decimal:
        return self.share(self.listed_online, self.entities)

    @property
    def sales_share(self) -> Decimal:
        return self.share(self.with_sales, self.entities)


def producers_report(
    as_of: date, certs: list[Certificate], producer_pages: dict[int, Producer], days: int = RECENT_SALES_DAYS
) -> ProducersReport:
    period = Period.last_days(as_of, days)
    certified: dict[int, int] = defaultdict(int)
    for c in certs:
        if c.producer_id is not None and (c.stars or 0) >= 3 and c.valid_on(as_of):
            certified[c.producer_id] += 1
    # Producers with a product published in the online channel on the as-of date.
    listed = set(
        AttributeValue.objects.filter(
            attribute__slug="producer",
            reference_page__isnull=False,
            productvalueassignment__product__channel_listings__in=ProductChannelListing.objects.filter(
                Q(published_at__isnull=True) | Q(published_at__lt=day_start(as_of + timedelta(days=1))),
                channel__slug=ONLINE_CHANNEL,
                is_published=True,
            ),
        )
        .values_list("reference_page_id", flat=True)
        .distinct()
    )
    channels_by_producer: dict[int, set[str]] = defaultdict(set)
    for page_id, channel in (
        sold_lines(period)
        .filter(modern_channels_q())
        .filter(variant__product__attributevalues__value__attribute__slug="producer")
        .values_list("variant__product__attributevalues__value__reference_page_id", "order__channel__slug")
        .distinct()
    ):
        if page_id is not None:
            channels_by_producer[page_id].add(channel)
    rows = [
        ProducerChannels(producer_pages[pid], count, pid in listed, sorted(channels_by_producer.get(pid, ())))
        for pid, count in certified.items()
        if pid in producer_pages
    ]
    rows.sort(key=lambda r: (r.producer.title, r.producer.page_id))
    return ProducersReport(as_of, period, rows)


# --- (4) sales by channel, product group, ward/commune; (5) top products --------------------------------


@dataclass
class SalesRow:
    label: str
    revenue: Decimal
    quantity: int
    orders: int


def _product_value(attribute_slug: str, field_name: str = "name"):
    return Subquery(
        AssignedProductAttributeValue.objects.filter(product_id=OuterRef("variant__product_id"), value__attribute__slug=attribute_slug)
        .order_by("sort_order", "pk")
        .values(f"value__{field_name}")[:1]
    )


def _grouped(period: Period, key: str, lines=None) -> list[tuple]:
    lines = lines if lines is not None else sold_lines(period)
    return list(
        lines.values(key)
        .annotate(
            revenue=Coalesce(Sum("total_price_gross_amount"), Decimal(0)), quantity=Sum("quantity"), orders=Count("order", distinct=True)
        )
        .order_by("-revenue", key)
        .values_list(key, "revenue", "quantity", "orders")
    )


UNKNOWN = "(chưa xác định)"


def sales_by_channel(period: Period) -> list[SalesRow]:
    return [SalesRow(label, revenue, quantity, orders) for label, revenue, quantity, orders in _grouped(period, "order__channel__name")]


def sales_by_group(period: Period) -> list[SalesRow]:
    lines = sold_lines(period).annotate(kpi_group=_product_value("ocop-product-group"))
    return [
        SalesRow(label or UNKNOWN, revenue, quantity, orders) for label, revenue, quantity, orders in _grouped(period, "kpi_group", lines)
    ]


def sales_by_ward(period: Period) -> list[SalesRow]:
    producer_page = _product_value("producer", "reference_page_id")
    ward = Subquery(
        AssignedPageAttributeValue.objects.filter(page_id=OuterRef("kpi_producer"), value__attribute__slug="ward-commune").values(
            "value__name"
        )[:1]
    )
    lines = sold_lines(period).annotate(kpi_producer=producer_page).annotate(kpi_ward=ward)
    return [
        SalesRow(label or UNKNOWN, revenue, quantity, orders) for label, revenue, quantity, orders in _grouped(period, "kpi_ward", lines)
    ]


@dataclass
class TopProduct:
    product_id: int | None
    name: str
    revenue: Decimal
    quantity: int


def top_products(period: Period, by: str = "revenue", limit: int = 10) -> list[TopProduct]:
    """Products by revenue (or quantity) in the period; lines of deleted products share a row."""
    order = ("-revenue", "-quantity") if by == "revenue" else ("-quantity", "-revenue")
    rows = (
        sold_lines(period)
        .values("variant__product_id")
        .annotate(kpi_name=Max("product_name"), revenue=Coalesce(Sum("total_price_gross_amount"), Decimal(0)), quantity=Sum("quantity"))
        .order_by(*order, "kpi_name")
        .values_list("variant__product_id", "kpi_name", "revenue", "quantity")[:limit]
    )
    return [TopProduct(pk, name, revenue, quantity) for pk, name, revenue, quantity in rows]
