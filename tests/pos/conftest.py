"""A fair with one booth set up through the POS's own setup services (the core's API as the
`pos` App), a paired register and two cashiers."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone as dt_timezone
from decimal import Decimal

import pytest

from commerce.attribute.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeEntityType,
    AttributeInputType,
    AttributeProduct,
    AttributeValue,
)
from commerce.page.models import Page
from tests.factories import create_product

BANK_BIN, BANK_ACCOUNT = "970436", "1017595600"


@pytest.fixture
def pos_app(db):
    from pos.services.core import install_app

    return install_app()


@pytest.fixture
def producer(db, producer_page_type):
    return Page.objects.create(title="Cơ sở Muối ớt Phú Gia Bảo", slug="phu-gia-bao", page_type=producer_page_type, is_published=True)


@pytest.fixture
def producer_products(db, product_type, channel_online, category, warehouse, stars_attribute, producer):
    attribute = Attribute.objects.create(
        slug="producer", name="Chủ thể", input_type=AttributeInputType.REFERENCE, entity_type=AttributeEntityType.PAGE
    )
    AttributeProduct.objects.create(attribute=attribute, product_type=product_type)
    specs = [
        ("Muối ớt Tây Ninh", "MUOI-OT", 45000, 4),
        ("Bánh tráng phơi sương", "BANH-TRANG", 60000, 5),
        ("Muối tôm hạt to", "MUOI-TOM", 52000, 3),
        ("Mãng cầu sấy dẻo", "MANG-CAU", 85000, 4),
    ]
    products = []
    for name, sku, price, stars in specs:
        product = create_product(
            name=name,
            product_type=product_type,
            channel=channel_online,
            category=category,
            price=Decimal(price),
            warehouse=warehouse,
            quantity=100,
            stars_attribute=stars_attribute,
            stars=stars,
            with_image=True,
            sku=sku,
        )
        value = AttributeValue.objects.create(
            attribute=attribute, name=producer.title, slug=f"{product.pk}_{producer.pk}", reference_page=producer
        )
        AssignedProductAttributeValue.objects.create(value=value, product=product)
        products.append(product)
    return products


@pytest.fixture
def fair(db):
    from pos.models import Fair

    return Fair.objects.create(
        name="Hội chợ OCOP Tây Ninh 2026",
        slug="tay-ninh-2026",
        venue="Quảng trường Tây Ninh",
        starts_on=date(2026, 12, 1),
        ends_on=date(2026, 12, 7),
        discount_percent=Decimal(10),
    )


@pytest.fixture
def booth(pos_app, fair, producer, producer_products):
    """Channel, warehouse, fair prices and 20 of each product moved to the booth — all through
    the POS's setup services, i.e. GraphQL as the pos App."""
    from commerce.graphql.core.types import to_global_id
    from pos.models import Booth
    from pos.services import setup

    booth = Booth.objects.create(
        fair=fair,
        name="Muối ớt Phú Gia Bảo",
        code="A12",
        producer_page_id=to_global_id("Page", producer.pk),
        bank_bin=BANK_BIN,
        bank_account=BANK_ACCOUNT,
        account_name="PHU GIA BAO",
    )
    setup.setup_booth(booth)
    setup.transfer_stock(booth, [setup.Transfer(to_global_id("ProductVariant", p.default_variant_id), 20) for p in producer_products])
    booth.refresh_from_db()
    booth.fair.refresh_from_db()
    return booth


@pytest.fixture
def cashiers(booth):
    from pos.models import Cashier
    from pos.services.devices import set_pin

    made = []
    for name, pin, discount, refund in (("Lan", "1234", 10, True), ("Minh", "5678", 0, False)):
        cashier = Cashier(booth=booth, name=name, max_discount_percent=discount, can_refund=refund)
        set_pin(cashier, pin)
        cashier.save()
        made.append(cashier)
    return made


@pytest.fixture
def register_token(booth, cashiers):
    from pos.models import Register
    from pos.services import devices

    register = Register.objects.create(booth=booth, name="Máy tính bảng 1", code="1")
    code = devices.new_pairing_code(register)
    register, token = devices.pair(code)
    return register, token


@pytest.fixture
def register(register_token):
    return register_token[0]


@pytest.fixture
def device_client(register_token):
    from django.test import Client

    _, token = register_token
    return Client(HTTP_AUTHORIZATION=f"Device {token}")


@pytest.fixture
def open_session(register, cashiers):
    from pos.services.sessions import open_session

    session, _ = open_session(register, cashiers[0], 500000)
    return session


def variant_gid(product) -> str:
    from commerce.graphql.core.types import to_global_id

    return to_global_id("ProductVariant", product.default_variant_id)


_seq = iter(range(1, 10**6))


def make_sale(
    register,
    session,
    cashier,
    items,
    payments=None,
    *,
    discount=0,
    kind="sale",
    refund_of=None,
    sale_uuid=None,
    created_at=None,
    receipt_seq=None,
) -> dict:
    """A sale as the register's client sends it. items: [(product, quantity, unit_price, line_discount)]."""
    lines, subtotal = [], 0
    for product, quantity, price, line_discount in items:
        lines.append(
            {
                "variantId": variant_gid(product),
                "sku": product.default_variant.sku,
                "productName": product.name,
                "variantName": product.default_variant.name,
                "quantity": quantity,
                "unitPrice": price,
                "discount": line_discount,
            }
        )
        subtotal += quantity * price - line_discount
    total = subtotal - discount
    seq = receipt_seq or next(_seq)
    return {
        "uuid": str(sale_uuid or uuid.uuid4()),
        "kind": kind,
        "refundOf": refund_of,
        "receiptNumber": f"{register.receipt_prefix}-{seq:06d}",
        "sessionId": session.pk,
        "cashierId": cashier.pk,
        "createdAt": (created_at or datetime.now(dt_timezone.utc)).isoformat(),
        "lines": lines,
        "discount": discount,
        "total": total,
        "payments": payments if payments is not None else [{"method": "cash", "amount": total, "tendered": total}],
    }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on the item, so the browser fixture can screenshot a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


from .browser import browser, page  # noqa: E402,F401  (fixtures)
