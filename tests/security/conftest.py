"""Security tests: shared callers and data — two customers with an order each."""

from __future__ import annotations

from decimal import Decimal

import pytest


def make_order(channel, user=None, email="lan@example.com", street="12 Đường 30/4", first_name="Lan"):
    from commerce.account.models import Address
    from commerce.order.models import Order, OrderLine
    from commerce.order.services import next_order_number

    address = Address.objects.create(
        first_name=first_name,
        last_name="Nguyễn",
        street_address_1=street,
        city="Phường Tân Ninh",
        country_area="Tây Ninh",
        country="VN",
        phone="+84276123456",
    )
    order = Order.objects.create(
        # The real sequence: orders made by several processes on one database never collide.
        number=next_order_number(),
        channel=channel,
        currency="VND",
        user=user,
        user_email=email,
        language_code="vi",
        shipping_address=address,
        billing_address=address,
        shipping_method_name="Giao hàng tiêu chuẩn",
        subtotal_net_amount=Decimal(95000),
        subtotal_gross_amount=Decimal(95000),
        shipping_price_net_amount=Decimal(30000),
        shipping_price_gross_amount=Decimal(30000),
        total_net_amount=Decimal(125000),
        total_gross_amount=Decimal(125000),
        undiscounted_total_net_amount=Decimal(125000),
        undiscounted_total_gross_amount=Decimal(125000),
    )
    OrderLine.objects.create(
        order=order,
        product_name="Muối tôm Tây Ninh",
        variant_name="Hũ 200 g",
        product_sku="MT-200",
        quantity=2,
        currency="VND",
        unit_price_net_amount=Decimal(47500),
        unit_price_gross_amount=Decimal(47500),
        undiscounted_unit_price_gross_amount=Decimal(47500),
        total_price_net_amount=Decimal(95000),
        total_price_gross_amount=Decimal(95000),
        undiscounted_total_price_gross_amount=Decimal(95000),
    )
    return order


@pytest.fixture
def other_customer(db):
    from commerce.account.models import User

    return User.objects.create_user("minh@example.com", "Minh-pass-456", first_name="Minh", last_name="Trần")


@pytest.fixture
def superuser(db):
    from commerce.account.models import User

    return User.objects.create_superuser("root@example.com", "Root-pass-789")
