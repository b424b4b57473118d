"""Every KPI figure of the known catalog (tests/kpi/conftest.py), worked out by hand.

Certificates as of 15/06/2025 (valid from the decision date through valid-until):
  A 3★ 10/07/2022–10/07/2025         B 3★ 20/01/2022–20/01/2025 (lapsed on its date)
  C 3★ 15/03/2021–30/01/2024 (history), then 4★ 31/01/2024–31/01/2027, score 92
  D 4★ from 20/02/2025, score 88     E 5★ from 10/03/2025
  F 4★ revoked: never counted        G 4★ 14/02/2025–01/09/2025, score 90
  H 3★ lapsed in 2023: outside the window   J 2★: not an OCOP product
  K 3★ 13/09/2022–13/09/2025         L 3★ 14/09/2022–14/09/2025
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from commerce.kpi import selectors as s

from .conftest import AS_OF

TODAY = date(2026, 11, 29)  # the day the statuses were read; fixed so the answers never drift


def expected_series() -> list[tuple[date, dict[int, int]]]:
    months = [s.month_end(date(2023, 7, 1))]
    while len(months) < 24:
        months.append(s.month_end(s.add_months(date(months[-1].year, months[-1].month, 1), 1)))
    months[-1] = AS_OF
    answers = []
    for day in months:
        if day <= date(2023, 12, 31):
            counts = {3: 5, 4: 0, 5: 0}  # A B C K L
        elif day <= date(2024, 12, 31):
            counts = {3: 4, 4: 1, 5: 0}  # A B K L; C moved up to 4★ on 31/01/2024
        elif day == date(2025, 1, 31):
            counts = {3: 3, 4: 1, 5: 0}  # B lapsed on 20/01/2025
        elif day == date(2025, 2, 28):
            counts = {3: 3, 4: 3, 5: 0}  # + D, G
        else:
            counts = {3: 3, 4: 3, 5: 1}  # + E
        answers.append((day, counts))
    return answers


@pytest.fixture
def certs(kpi_catalog):
    return s.certificates()


@pytest.fixture
def pages(kpi_catalog):
    return s.producers()


def test_certificates_read_every_attribute(kpi_catalog, certs):
    by_name = {c.name: c for c in certs}
    c = by_name["Bánh tráng phơi sương Tân Nhiên"]
    assert (c.stars, c.score, c.decision_date, c.valid_until, c.status, c.group) == (
        4,
        92,
        date(2024, 1, 31),
        date(2027, 1, 31),
        "valid",
        "Thực phẩm",
    )
    assert c.producer_id == kpi_catalog.producers["p2"].pk
    assert c.earlier == [(date(2021, 3, 15), 3), (date(2024, 1, 31), 4)]
    assert len(certs) == 11


def test_stars_series_per_month(certs):
    report = s.stars_report(AS_OF, certs, today=TODAY)
    assert [(p.day, p.by_stars) for p in report.points] == expected_series()
    assert report.current.total == 7
    assert report.target == 150


def test_potential_five_stars(certs):
    report = s.stars_report(AS_OF, certs, today=TODAY)
    # C (92) and G (90, the boundary); not D (88) nor the revoked F (91).
    assert [(c.name, c.score) for c in report.potential_five] == [("Bánh tráng phơi sương Tân Nhiên", 92), ("Bánh tráng Hồng Minh", 90)]
    assert report.potential_target == 2


def test_series_as_of_an_earlier_day(certs):
    report = s.stars_report(date(2024, 1, 30), certs, today=TODAY)
    assert report.points[-1].day == date(2024, 1, 30)
    assert report.current.by_stars == {3: 5, 4: 0, 5: 0}  # C still 3★ the day before its upgrade
    assert report.points[0].day == date(2022, 2, 28)
    # B, C and H (lapsed on its date, 01/03/2023); A came in July 2022.
    assert report.points[0].by_stars == {3: 3, 4: 0, 5: 0}
    assert report.potential_five == []  # C's 92 points belong to its 4★ decision, not yet made


def test_lapsed_before_valid_until_is_not_counted(certs):
    withdrawn = s.Certificate(1, "X", None, 3, 70, date(2024, 6, 1), date(2027, 6, 1), "lapsed", None, None)
    assert withdrawn.periods(today=date(2026, 1, 1)) == []
    # Once its valid-until has passed, a lapsed certificate is history up to that date.
    assert withdrawn.periods(today=date(2027, 6, 2)) == [(date(2024, 6, 1), date(2027, 6, 1), 3)]
    revoked = s.Certificate(2, "Y", None, 4, 95, date(2024, 6, 1), None, "revoked", None, None)
    assert revoked.periods(today=date(2030, 1, 1)) == []


def test_lapsing_in_the_next_90_days(certs, pages):
    rows = s.lapsing(AS_OF, certs, pages)
    # L ends on day 91, H and B have already lapsed, F is revoked.
    assert [(r.cert.name, r.producer.title, r.cert.stars, r.cert.end, r.days_left) for r in rows] == [
        ("Muối ớt Phú Gia Bảo", "Cơ sở Phú Gia Bảo", 3, date(2025, 7, 10), 25),
        ("Bánh tráng Hồng Minh", "Hộ kinh doanh Hồng Minh", 4, date(2025, 9, 1), 78),
        ("Bánh tráng mè Tân Nhiên", "Công ty TNHH Tân Nhiên", 3, date(2025, 9, 13), 90),
    ]


def test_producers_in_modern_channels(certs, pages):
    report = s.producers_report(AS_OF, certs, pages)
    assert report.period == s.Period(date(2025, 3, 18), date(2025, 6, 15))
    # Long Hà (only a lapsed product) is not an OCOP entity today.
    assert [(r.producer.title, r.producer.ward, r.certified_products, r.listed_online, r.sales_channels) for r in report.rows] == [
        ("Công ty TNHH Tân Nhiên", "Phường Hòa Thành", 3, True, ["online", "wholesale"]),
        ("Cơ sở Phú Gia Bảo", "Phường Gò Dầu", 1, True, ["online"]),
        # E's listing opens on 01/07/2025; the fair sale counts.
        ("HTX Minh Trung", "Xã Thạnh Đức", 2, False, ["fair-hoi-cho-2025"]),
        # G: hidden listing; its sales were canceled, out of the window or in a non-modern channel.
        ("Hộ kinh doanh Hồng Minh", "Phường Hòa Thành", 1, False, []),
    ]
    assert (report.entities, report.listed_online, report.with_sales) == (4, 2, 3)
    assert (report.listed_share, report.sales_share) == (Decimal("50.0"), Decimal("75.0"))
    assert report.target == Decimal("50")


PERIOD = s.Period.last_days(AS_OF, 90)


def rows(result):
    return [(r.label, r.revenue, r.quantity, r.orders) for r in result]


def test_sales_by_channel_group_and_ward(kpi_catalog):
    assert rows(s.sales_by_channel(PERIOD)) == [
        ("Bán sỉ", Decimal(400000), 10, 1),
        ("Hội chợ OCOP 2025", Decimal(300000), 2, 1),
        ("Bán lẻ trực tuyến", Decimal(135000), 7, 3),  # A, C; K on the as-of day; the deleted product
        ("Bán tại cơ sở", Decimal(100000), 4, 1),
    ]
    assert rows(s.sales_by_group(PERIOD)) == [
        ("Thực phẩm", Decimal(630000), 20, 4),
        ("Đồ uống", Decimal(300000), 2, 1),
        ("(chưa xác định)", Decimal(5000), 1, 1),
    ]
    assert rows(s.sales_by_ward(PERIOD)) == [
        ("Phường Hòa Thành", Decimal(570000), 17, 4),  # Tân Nhiên and Hồng Minh
        ("Xã Thạnh Đức", Decimal(300000), 2, 1),
        ("Phường Gò Dầu", Decimal(60000), 3, 1),
        ("(chưa xác định)", Decimal(5000), 1, 1),
    ]


def test_sales_of_another_period(kpi_catalog):
    one_day = s.Period(date(2025, 3, 17), date(2025, 3, 17))
    assert rows(s.sales_by_channel(one_day)) == [("Bán lẻ trực tuyến", Decimal(30000), 1, 1)]
    assert rows(s.sales_by_ward(one_day)) == [("Phường Hòa Thành", Decimal(30000), 1, 1)]


def test_top_products(kpi_catalog):
    by_revenue = [(r.name, r.revenue, r.quantity) for r in s.top_products(PERIOD, "revenue")]
    assert by_revenue == [
        ("Bánh tráng dẻo Tân Nhiên", Decimal(400000), 10),
        ("Rượu mãng cầu Minh Trung", Decimal(300000), 2),
        ("Bánh tráng Hồng Minh", Decimal(100000), 4),
        ("Muối ớt Phú Gia Bảo", Decimal(60000), 3),
        ("Bánh tráng phơi sương Tân Nhiên", Decimal(50000), 1),
        ("Bánh tráng mè Tân Nhiên", Decimal(20000), 2),
        ("Sản phẩm cũ", Decimal(5000), 1),
    ]
    by_quantity = [r.name for r in s.top_products(PERIOD, "quantity")]
    assert by_quantity == [
        "Bánh tráng dẻo Tân Nhiên",
        "Bánh tráng Hồng Minh",
        "Muối ớt Phú Gia Bảo",
        "Rượu mãng cầu Minh Trung",
        "Bánh tráng mè Tân Nhiên",  # 2 each: the larger revenue first
        "Bánh tráng phơi sương Tân Nhiên",
        "Sản phẩm cũ",
    ]
    assert [r.name for r in s.top_products(PERIOD, "revenue", limit=2)] == ["Bánh tráng dẻo Tân Nhiên", "Rượu mãng cầu Minh Trung"]
