"""A small OCOP catalog whose KPI figures are known by hand (see test_selectors.py for the
answers and why): producers in given wards, products with given stars, scores, dates and
statuses, listings, the core's history of badge values, and orders in given channels and days."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission

from commerce.account.models import User
from commerce.attribute import history
from commerce.attribute.models import (
    AssignedPageAttributeValue,
    AssignedProductAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeType,
    AttributeValue,
)
from commerce.channel.models import Channel
from commerce.order.models import Order, OrderLine, OrderStatus
from commerce.order.services import next_order_number
from commerce.page.models import Page, PageType
from commerce.product.models import ProductChannelListing
from commerce.kpi.selectors import add_months
from tests.factories import create_product

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = date(2025, 6, 15)
_codes = itertools.count(1)


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL)


def utc_midnight(day: date) -> datetime:
    # As commerce.attribute.services stores a date attribute.
    return datetime.combine(day, time.min, tzinfo=ZoneInfo("UTC"))


class KpiCatalog:
    """Builds the catalog through the models, as the demo loader and the API store it."""

    def __init__(self, product_type):
        self.product_type = product_type
        attr = lambda slug, name, kind, **kw: Attribute.objects.create(slug=slug, name=name, input_type=kind, **kw)  # noqa: E731
        self.stars = attr("ocop-stars", "Hạng sao OCOP", AttributeInputType.DROPDOWN)
        self.star_values = {
            n: AttributeValue.objects.create(attribute=self.stars, name=f"{n} sao", slug=str(n), sort_order=n) for n in range(1, 6)
        }
        self.score = attr("ocop-score", "Điểm", AttributeInputType.NUMERIC)
        self.decision = attr("ocop-decision-date", "Ngày quyết định", AttributeInputType.DATE)
        self.valid_until = attr("ocop-valid-until", "Hiệu lực đến", AttributeInputType.DATE)
        self.status = attr("ocop-status", "Trạng thái", AttributeInputType.DROPDOWN)
        self.status_values = {
            slug: AttributeValue.objects.create(attribute=self.status, name=name, slug=slug)
            for slug, name in (("valid", "Còn hiệu lực"), ("lapsed", "Hết hiệu lực"), ("revoked", "Thu hồi"))
        }
        self.group = attr("ocop-product-group", "Nhóm sản phẩm", AttributeInputType.DROPDOWN)
        self.group_values = {
            slug: AttributeValue.objects.create(attribute=self.group, name=name, slug=slug)
            for slug, name in (("thuc-pham", "Thực phẩm"), ("do-uong", "Đồ uống"))
        }
        self.producer = attr("producer", "Chủ thể OCOP", AttributeInputType.REFERENCE, entity_type="Page")
        self.page_type = PageType.objects.create(name="Chủ thể OCOP", slug="ocop-producer")
        page_attr = {"type": AttributeType.PAGE_TYPE}
        self.ward = attr("ward-commune", "Xã/Phường", AttributeInputType.PLAIN_TEXT, **page_attr)
        self.province = attr("province", "Tỉnh", AttributeInputType.PLAIN_TEXT, **page_attr)
        self.channels: dict[str, Channel] = {}

    def channel(self, slug: str, name: str) -> Channel:
        if slug not in self.channels:
            self.channels[slug] = Channel.objects.create(slug=slug, name=name, currency_code="VND", is_active=True)
        return self.channels[slug]

    def producer_page(self, title: str, ward: str) -> Page:
        page = Page.objects.create(title=title, slug=f"producer-{next(_codes)}", page_type=self.page_type, is_published=True)
        for attribute, text in ((self.ward, ward), (self.province, "Tây Ninh")):
            value = AttributeValue.objects.create(attribute=attribute, slug=f"page{page.pk}_{attribute.pk}", name=text, plain_text=text)
            AssignedPageAttributeValue.objects.create(page=page, value=value)
        return page

    def product(
        self,
        name: str,
        producer: Page,
        *,
        stars: int,
        decided: date,
        score: float = 80,
        valid_until: date | None = None,
        status: str = "valid",
        group: str = "thuc-pham",
        code: str | None = None,
        online: str | None = None,
        published_at: datetime | None = None,
    ):
        """online: None (no online listing), "published" or "hidden"."""
        product = create_product(name=name, product_type=self.product_type)
        if code:
            product.external_reference = code
            product.save(update_fields=["external_reference"])
        own = lambda attribute, **fields: AttributeValue.objects.create(  # noqa: E731
            attribute=attribute, slug=f"{product.pk}_{attribute.pk}", **fields
        )
        valid_until = valid_until or add_months(decided, 36)
        values = [
            self.star_values[stars],
            own(self.score, name=f"{score:g}", numeric=score),
            own(self.decision, name=decided.isoformat(), date_time=utc_midnight(decided)),
            own(self.valid_until, name=valid_until.isoformat(), date_time=utc_midnight(valid_until)),
            self.status_values[status],
            self.group_values[group],
            own(self.producer, name=producer.title, reference_page=producer),
        ]
        for order, value in enumerate(values):
            AssignedProductAttributeValue.objects.create(product=product, value=value, sort_order=order)
        if online:
            ProductChannelListing.objects.create(
                product=product,
                channel=self.channels["online"],
                is_published=online == "published",
                published_at=published_at or local(date(2023, 1, 1)),
                currency="VND",
            )
        return product

    def history(self, product, decisions: list[tuple[date, int]]) -> None:
        """The badge writes the core would have recorded for `decisions` (decision date, stars),
        oldest first, each made on its decision day — as the registry sync's productCreate and
        productUpdate leave them."""
        held: dict[int, str] = {}
        for decided, stars in decisions:
            now = {self.stars.pk: str(stars), self.decision.pk: decided.isoformat()}
            history.record({product.pk: held}, {product.pk: now}, at=local(decided))
            held = now

    def order(self, channel: str, when: datetime, lines: list[tuple], status: str = OrderStatus.UNFULFILLED) -> Order:
        """lines: (product or None, quantity, unit price[, snapshot name])."""
        order = Order.objects.create(
            number=next_order_number(),
            channel=self.channels[channel],
            currency="VND",
            status=status,
            created_at=when,
        )
        total = Decimal(0)
        for product, quantity, price, *name in lines:
            amount = Decimal(price) * quantity
            total += amount
            OrderLine.objects.create(
                order=order,
                variant=product.default_variant if product else None,
                product_name=name[0] if name else product.name,
                quantity=quantity,
                currency="VND",
                unit_price_net_amount=price,
                unit_price_gross_amount=price,
                undiscounted_unit_price_gross_amount=price,
                total_price_net_amount=amount,
                total_price_gross_amount=amount,
                undiscounted_total_price_gross_amount=amount,
            )
        Order.objects.filter(pk=order.pk).update(total_gross_amount=total, total_net_amount=total)
        return order


@pytest.fixture
def kpi_catalog(db, product_type):
    """The known catalog. Names of products and producers are what the tests assert on."""
    k = KpiCatalog(product_type)
    k.channel("online", "Bán lẻ trực tuyến")
    k.channel("wholesale", "Bán sỉ")
    k.channel("fair-hoi-cho-2025", "Hội chợ OCOP 2025")
    k.channel("direct", "Bán tại cơ sở")
    p1 = k.producer_page("Cơ sở Phú Gia Bảo", "Phường Gò Dầu")
    p2 = k.producer_page("Công ty TNHH Tân Nhiên", "Phường Hòa Thành")
    p3 = k.producer_page("HTX Minh Trung", "Xã Thạnh Đức")
    p4 = k.producer_page("Hộ kinh doanh Hồng Minh", "Phường Hòa Thành")
    p5 = k.producer_page("Cơ sở Long Hà", "Phường Gò Dầu")
    k.producers = {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5}
    pr = {}
    pr["A"] = k.product("Muối ớt Phú Gia Bảo", p1, stars=3, score=72, decided=date(2022, 7, 10), online="published")
    pr["B"] = k.product("Muối tôm Phú Gia Bảo", p1, stars=3, score=75, decided=date(2022, 1, 20), status="lapsed")
    pr["C"] = k.product(
        "Bánh tráng phơi sương Tân Nhiên", p2, stars=4, score=92, decided=date(2024, 1, 31), code="TN-01", online="published"
    )
    pr["D"] = k.product("Bánh tráng dẻo Tân Nhiên", p2, stars=4, score=88, decided=date(2025, 2, 20), online="hidden")
    pr["E"] = k.product(
        "Rượu mãng cầu Minh Trung",
        p3,
        stars=5,
        score=95,
        decided=date(2025, 3, 10),
        group="do-uong",
        online="published",
        published_at=local(date(2025, 7, 1)),
    )
    pr["F"] = k.product("Mãng cầu sấy Minh Trung", p3, stars=4, score=91, decided=date(2024, 9, 5), status="revoked")
    pr["G"] = k.product(
        "Bánh tráng Hồng Minh", p4, stars=4, score=90, decided=date(2025, 2, 14), valid_until=date(2025, 9, 1), online="hidden"
    )
    pr["H"] = k.product("Muối chay Long Hà", p5, stars=3, decided=date(2020, 3, 1), status="lapsed", online="published")
    pr["J"] = k.product("Bánh phồng Phú Gia Bảo", p1, stars=2, decided=date(2024, 1, 1))
    pr["K"] = k.product("Bánh tráng mè Tân Nhiên", p2, stars=3, decided=date(2022, 9, 13))
    pr["L"] = k.product("Trà mãng cầu Minh Trung", p3, stars=3, decided=date(2022, 9, 14), group="do-uong")
    k.products = pr
    # The recorded history of C (TN-01): 3★ in 2021, 4★ since 31/01/2024 (its current decision).
    k.history(pr["C"], [(date(2021, 3, 15), 3), (date(2024, 1, 31), 4)])
    # Orders (local time). The 90 days up to AS_OF run from 18/03/2025 to 15/06/2025.
    k.order("online", local(date(2025, 6, 1)), [(pr["A"], 3, 20000), (pr["C"], 1, 50000)])
    k.order("wholesale", local(date(2025, 4, 10)), [(pr["D"], 10, 40000)])
    k.order("fair-hoi-cho-2025", local(date(2025, 5, 20)), [(pr["E"], 2, 150000)])
    k.order("online", local(date(2025, 6, 10)), [(pr["G"], 5, 30000)], status=OrderStatus.CANCELED)
    k.order("online", local(date(2025, 3, 17), 23, 30), [(pr["G"], 1, 30000)])  # the day before the window
    k.order("direct", local(date(2025, 5, 1)), [(pr["G"], 4, 25000)])  # not a modern channel
    k.order("online", local(date(2025, 6, 2)), [(pr["K"], 1, 10000)], status=OrderStatus.DRAFT)
    k.order("online", local(date(2025, 6, 15), 23, 0), [(pr["K"], 2, 10000)])  # the as-of day itself
    k.order("online", local(date(2025, 6, 5)), [(None, 1, 5000, "Sản phẩm cũ")])  # its product was deleted
    return k


@pytest.fixture
def kpi_staff(db):
    user = User.objects.create_user("kpi@example.com", "a-long-password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="kpi", codename="view_kpi"))
    return user
