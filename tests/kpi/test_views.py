"""The KPI pages over HTTP: who may see them, CSV exports, SVG charts, as_of and periods, and a
SQL count that does not grow with the catalog or the order book."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.account.models import User
from commerce.kpi.views import SECTIONS

from .conftest import local

SVG = "{http://www.w3.org/2000/svg}"
AS_OF = "as_of=2025-06-15"


@pytest.fixture
def staff_client(client, kpi_staff):
    client.force_login(kpi_staff)
    return client


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Vietnamese
    text = response.content.decode("utf-8")[1:]
    return list(csv.reader(io.StringIO(text)))


def inline_svgs(html: str) -> list[ET.Element]:
    return [
        ET.fromstring(chunk)
        for chunk in re.findall(r"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kpi-chart\".*?</svg>", html, flags=re.S)
    ]


# --- Access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/dashboard/kpi/", "/dashboard/kpi/lapsing/?format=csv", "/dashboard/kpi/stars/?format=svg"])
def test_anonymous_is_sent_to_the_dashboard_login(client, kpi_catalog, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/login/?next=/dashboard/kpi/")


def test_customer_is_sent_to_the_dashboard_login(client, kpi_catalog):
    customer = User.objects.create_user("shopper@example.com", "a-long-password")
    customer.user_permissions.add(Permission.objects.get(content_type__app_label="kpi", codename="view_kpi"))
    client.force_login(customer)
    response = client.get("/dashboard/kpi/lapsing/?format=csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/login/")


def test_staff_without_the_permission_is_refused(client, kpi_catalog):
    client.force_login(User.objects.create_user("clerk@example.com", "a-long-password", is_staff=True))
    assert client.get("/dashboard/kpi/").status_code == 403
    assert client.get("/dashboard/kpi/lapsing/?format=csv").status_code == 403
    assert "/dashboard/kpi/" not in client.get("/dashboard/").content.decode()


def test_staff_with_the_permission_and_superusers_see_the_pages(client, kpi_staff, kpi_catalog):
    client.force_login(kpi_staff)
    for key in ("", *[f"{k}/" for k in SECTIONS]):
        assert client.get(f"/dashboard/kpi/{key}?{AS_OF}").status_code == 200, key
    index = client.get("/dashboard/").content.decode()
    assert 'href="/dashboard/kpi/"' in index  # linked from the dashboard's home
    client.force_login(User.objects.create_superuser("root@example.com", "a-long-password"))
    assert client.get("/dashboard/kpi/").status_code == 200


def test_unknown_section_is_404(staff_client, kpi_catalog):
    assert staff_client.get("/dashboard/kpi/nothing/").status_code == 404
    assert staff_client.get("/dashboard/kpi/lapsing/?format=svg").status_code == 404  # a table without a chart


# --- The overview -----------------------------------------------------------------------------------


def test_overview_shows_the_figures_in_the_admin_layout(staff_client, kpi_catalog):
    html = staff_client.get(f"/dashboard/kpi/?{AS_OF}").content.decode()
    assert 'id="site-name"' in html and "OCOP Market" in html  # inside the staff dashboard
    assert "Chỉ số KPI chương trình OCOP" in html
    cards = re.findall(r'<span class="value">(.*?)</span>', html)
    # 3★+, potential 5★, listed online, sales in 90 days, lapsing, revenue of the period
    assert cards == ["7", "2", "50,0 %", "75,0 %", "3", "935.000 ₫"]
    assert "mục tiêu 150" in html and "mục tiêu 2" in html and "2/4 chủ thể" in html and "3/4 chủ thể" in html
    for key in SECTIONS:
        assert f'href="/dashboard/kpi/{key}/?{AS_OF}&amp;format=csv"' in html, key
    svgs = inline_svgs(html)
    assert len(svgs) == 7  # stars, producers, three sales breakdowns, two top lists
    assert [svg.find(f"{SVG}title").text for svg in svgs][:2] == ["Sản phẩm OCOP theo hạng sao", "Chủ thể OCOP bán qua kênh hiện đại"]
    assert "Bánh tráng Hồng Minh</td>" in html and "01/09/2025" in html


# --- CSV --------------------------------------------------------------------------------------------


def test_lapsing_csv(staff_client, kpi_catalog):
    response = staff_client.get(f"/dashboard/kpi/lapsing/?{AS_OF}&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="kpi-lapsing-2025-06-15.csv"'
    assert csv_rows(response) == [
        ["Sản phẩm", "Chủ thể", "Hạng sao", "Hiệu lực đến", "Còn (ngày)"],
        ["Muối ớt Phú Gia Bảo", "Cơ sở Phú Gia Bảo", "3", "2025-07-10", "25"],
        ["Bánh tráng Hồng Minh", "Hộ kinh doanh Hồng Minh", "4", "2025-09-01", "78"],
        ["Bánh tráng mè Tân Nhiên", "Công ty TNHH Tân Nhiên", "3", "2025-09-13", "90"],
    ]


def test_stars_csv_and_as_of(staff_client, kpi_catalog):
    rows = csv_rows(staff_client.get(f"/dashboard/kpi/stars/?{AS_OF}&format=csv"))
    assert rows[0] == ["Ngày", "3 sao", "4 sao", "5 sao", "Tổng 3 sao trở lên", "Mục tiêu"]
    assert len(rows) == 25
    assert rows[1] == ["2023-07-31", "5", "0", "0", "5", "150"]
    assert rows[7] == ["2024-01-31", "4", "1", "0", "5", "150"]
    assert rows[-2:] == [["2025-05-31", "3", "3", "1", "7", "150"], ["2025-06-15", "3", "3", "1", "7", "150"]]
    earlier = csv_rows(staff_client.get("/dashboard/kpi/stars/?as_of=2024-01-30&format=csv"))
    assert earlier[-1] == ["2024-01-30", "5", "0", "0", "5", "150"]
    assert earlier[1][0] == "2022-02-28"


def test_potential_and_producers_csv(staff_client, kpi_catalog):
    assert csv_rows(staff_client.get(f"/dashboard/kpi/potential/?{AS_OF}&format=csv")) == [
        ["Sản phẩm", "Chủ thể", "Điểm", "Ngày quyết định", "Hiệu lực đến"],
        ["Bánh tráng phơi sương Tân Nhiên", "Công ty TNHH Tân Nhiên", "92", "2024-01-31", "2027-01-31"],
        ["Bánh tráng Hồng Minh", "Hộ kinh doanh Hồng Minh", "90", "2025-02-14", "2025-09-01"],
    ]
    assert csv_rows(staff_client.get(f"/dashboard/kpi/producers/?{AS_OF}&format=csv")) == [
        ["Chủ thể", "Xã/Phường", "Sản phẩm OCOP còn hiệu lực", "Đang bán trực tuyến", "Kênh có doanh số 90 ngày"],
        ["Công ty TNHH Tân Nhiên", "Phường Hòa Thành", "3", "có", "online, wholesale"],
        ["Cơ sở Phú Gia Bảo", "Phường Gò Dầu", "1", "có", "online"],
        ["HTX Minh Trung", "Xã Thạnh Đức", "2", "không", "fair-hoi-cho-2025"],
        ["Hộ kinh doanh Hồng Minh", "Phường Hòa Thành", "1", "không", ""],
    ]


def test_sales_and_top_csv(staff_client, kpi_catalog):
    assert csv_rows(staff_client.get(f"/dashboard/kpi/sales-ward/?{AS_OF}&format=csv")) == [
        ["Xã/Phường", "Doanh thu (₫)", "Số lượng", "Số đơn", "Tỷ trọng doanh thu"],
        ["Phường Hòa Thành", "570000", "17", "4", "61.0"],
        ["Xã Thạnh Đức", "300000", "2", "1", "32.1"],
        ["Phường Gò Dầu", "60000", "3", "1", "6.4"],
        ["(chưa xác định)", "5000", "1", "1", "0.5"],
    ]
    assert csv_rows(staff_client.get(f"/dashboard/kpi/sales-group/?{AS_OF}&format=csv"))[1:] == [
        ["Thực phẩm", "630000", "20", "4", "67.4"],
        ["Đồ uống", "300000", "2", "1", "32.1"],
        ["(chưa xác định)", "5000", "1", "1", "0.5"],
    ]
    top = csv_rows(staff_client.get(f"/dashboard/kpi/top-quantity/?{AS_OF}&format=csv"))
    assert top[0] == ["Hạng", "Sản phẩm", "Doanh thu (₫)", "Số lượng"]
    assert top[1] == ["1", "Bánh tráng dẻo Tân Nhiên", "400000", "10"]
    assert [row[1] for row in top[4:6]] == ["Rượu mãng cầu Minh Trung", "Bánh tráng mè Tân Nhiên"]


def test_sales_period_from_the_query(staff_client, kpi_catalog):
    rows = csv_rows(staff_client.get("/dashboard/kpi/sales-channel/?as_of=2025-06-15&from=2025-03-17&to=2025-03-17&format=csv"))
    assert rows[1:] == [["Bán lẻ trực tuyến", "30000", "1", "1", "100.0"]]
    # Without from/to: the 90 days up to as_of.
    rows = csv_rows(staff_client.get(f"/dashboard/kpi/sales-channel/?{AS_OF}&format=csv"))
    assert [r[:2] for r in rows[1:]] == [
        ["Bán sỉ", "400000"],
        ["Hội chợ OCOP 2025", "300000"],
        ["Bán lẻ trực tuyến", "135000"],
        ["Bán tại cơ sở", "100000"],
    ]


def test_bad_dates_are_reported_and_replaced(staff_client, kpi_catalog):
    response = staff_client.get("/dashboard/kpi/sales-channel/?as_of=15/06/2025&from=2025-06-20&to=2025-06-01")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ ở “as_of”: 15/06/2025" in html
    assert "Ngày bắt đầu sau ngày kết thúc" in html


# --- SVG --------------------------------------------------------------------------------------------


def test_stars_chart_is_well_formed_with_the_target_line(staff_client, kpi_catalog):
    response = staff_client.get(f"/dashboard/kpi/stars/?{AS_OF}&format=svg")
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = ET.fromstring(response.content)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    labelled = svg.get("aria-labelledby").split()
    assert [svg.find(f".//*[@id='{i}']").tag for i in labelled] == [f"{SVG}title", f"{SVG}desc"]
    desc = svg.find(f"{SVG}desc").text
    assert "7 sản phẩm từ 3 sao" in desc and "mục tiêu 150" in desc
    target = svg.find(f"{SVG}g[@class='target']")
    line = target.find(f"{SVG}line")
    assert line.get("stroke-dasharray") and line.get("y1") == line.get("y2")
    assert target.find(f"{SVG}text").text == "Mục tiêu 150"
    series = svg.findall(f"{SVG}g[@class='series']")
    assert [g.get("aria-label") for g in series] == ["Tổng 3★ trở lên", "3★", "4★", "5★"]
    points = series[0].findall(f"{SVG}circle")
    assert len(points) == 24
    assert points[-1].find(f"{SVG}title").text == "Tổng 3★ trở lên — 06/2025: 7"
    # The target (150) sits above every point (7 at most): smaller y is higher up.
    assert all(float(c.get("cy")) > float(line.get("y1")) for c in points)


def test_producers_chart_has_the_50_percent_mark(staff_client, kpi_catalog):
    svg = ET.fromstring(staff_client.get(f"/dashboard/kpi/producers/?{AS_OF}&format=svg").content)
    bars = svg.findall(f"{SVG}g[@class='bar']")
    assert [b.get("aria-label") for b in bars] == ["Đang bán trực tuyến: 50,0 %", "Có doanh số 90 ngày: 75,0 %"]
    widths = [float(b.find(f"{SVG}rect").get("width")) for b in bars]
    assert widths[1] == pytest.approx(widths[0] * 1.5)
    target = svg.find(f"{SVG}g[@class='target']/{SVG}line")
    x0 = float(bars[0].find(f"{SVG}rect").get("x"))
    assert float(target.get("x1")) == pytest.approx(x0 + widths[0])  # 50 % target = the 50 % bar's end


def test_every_chart_parses(staff_client, kpi_catalog):
    for key in ("sales-channel", "sales-group", "sales-ward", "top-revenue", "top-quantity"):
        svg = ET.fromstring(staff_client.get(f"/dashboard/kpi/{key}/?{AS_OF}&format=svg").content)
        assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
        assert svg.findall(f"{SVG}g[@class='bar']"), key
    empty = ET.fromstring(staff_client.get("/dashboard/kpi/top-revenue/?as_of=2020-01-01&format=svg").content)
    assert empty.find(f"{SVG}desc").text == "Không có doanh số trong kỳ."


# --- SQL --------------------------------------------------------------------------------------------


def count_queries(client, urls) -> list[int]:
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts.append(len(queries))
    return counts


def grow(k, n: int) -> None:
    """n more producers, each with three certified products, listings, history and orders."""
    for i in range(n):
        page = k.producer_page(f"Chủ thể thêm {i}", f"Xã mới {i % 4}")
        for j in range(3):
            code = f"X-{i}-{j}"
            product = k.product(
                f"Sản phẩm thêm {i}-{j}",
                page,
                stars=3 + j,
                score=85 + j * 3,
                decided=date(2023, 1, 1) + timedelta(days=20 * i + j),
                code=code,
                online="published" if j else None,
                group="do-uong" if j == 2 else "thuc-pham",
            )
            k.history(product, [(date(2020, 1, 1), 3), (date(2023, 1, 1) + timedelta(days=20 * i + j), 3 + j)])
            channel = ("online", "wholesale", "fair-hoi-cho-2025")[(i + j) % 3]
            k.order(channel, local(date(2025, 5, 1) + timedelta(days=i % 30)), [(product, 1 + j, 10000 * (i + 1))])


def test_sql_count_does_not_grow_with_the_data(staff_client, kpi_catalog):
    urls = [f"/dashboard/kpi/?{AS_OF}"] + [f"/dashboard/kpi/{k}/?{AS_OF}&format=csv" for k in SECTIONS]
    small = count_queries(staff_client, urls)
    grow(kpi_catalog, 25)
    large = count_queries(staff_client, urls)
    assert large == small
    assert small[0] <= 15  # the overview: a handful of aggregates plus session and user
    # The larger catalog is really there.
    rows = csv_rows(staff_client.get(f"/dashboard/kpi/producers/?{AS_OF}&format=csv"))
    assert len(rows) == 1 + 4 + 25
