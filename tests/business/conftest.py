"""Wholesale fixtures: the `wholesale` channel with a warehouse, shipping and three products
sold by the case, gift shops in each state of approval, and API helpers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from graphene.relay import Node

from commerce.account.models import User
from commerce.business import services
from commerce.business.models import BusinessAccount, BusinessAccountStatus, WholesaleChannelTerms, WholesaleRule
from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
from commerce.warehouse.models import ChannelWarehouse
from tests.conftest import ApiClient, get_graphql_content
from tests.factories import create_product

ADDRESS = {
    "firstName": "Hoa",
    "lastName": "Trần",
    "companyName": "Quà Núi Bà",
    "streetAddress1": "5 Đường Trưng Nữ Vương",
    "city": "phuong tan ninh",
    "countryArea": "tay ninh",
    "country": "VN",
    "phone": "0903 123 456",
}
APPLICATION = {
    "company_name": "Công ty TNHH Quà Tặng Núi Bà",
    "tax_code": "0300588569",
    "street_address": "5 Đường Trưng Nữ Vương",
    "ward": "phuong tan ninh",
    "province": "tay ninh",
    "contact_name": "Trần Thị Hoa",
    "contact_phone": "0903 123 456",
    "contact_email": "hoa@quanuiba.vn",
}
MIN_ORDER_VALUE = Decimal(1_000_000)

CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id quantity lines { id quantity variant { sku } } subtotalPrice { gross { amount } } } errors { field code message variants } }
}"""
LINES_ADD = """
mutation($id: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) { checkout { id quantity } errors { field code message variants } }
}"""
LINES_UPDATE = """
mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $id, lines: $lines) { checkout { id quantity } errors { field code message variants } }
}"""
SHIPPING = """
mutation($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) { checkout { id shippingMethods { id } } errors { field code message } }
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) { checkout { id } errors { field code message } }
}"""
DELIVERY = """
mutation($id: ID!, $method: ID) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { checkout { id totalPrice { gross { amount } } } errors { field code message } }
}"""
COMPLETE = """
mutation($id: ID!, $paymentData: JSONString) {
  checkoutComplete(id: $id, paymentData: $paymentData) {
    order { id number status chargeStatus isPaid metadata { key value } total { gross { amount } } lines { productSku quantity } }
    errors { field code message variants }
  }
}"""


def gid(variant) -> str:
    return Node.to_global_id("ProductVariant", variant.pk)


@pytest.fixture
def wholesale(db, channel_wholesale, warehouse, product_type, category):
    """Three products in the wholesale channel: chili salt in cases of 12 (at least 24), rice
    paper in cases of 20, a gift box with no rule. Orders start at 1.000.000 ₫."""
    ChannelWarehouse.objects.create(channel=channel_wholesale, warehouse=warehouse, sort_order=0)
    salt = create_product(
        name="Muối tôm Tây Ninh",
        product_type=product_type,
        channel=channel_wholesale,
        category=category,
        price=Decimal(32000),
        warehouse=warehouse,
        quantity=500,
        sku="MT-100",
    )
    paper = create_product(
        name="Bánh tráng phơi sương",
        product_type=product_type,
        channel=channel_wholesale,
        category=category,
        price=Decimal(18000),
        warehouse=warehouse,
        quantity=500,
        sku="BT-200",
    )
    box = create_product(
        name="Hộp quà Núi Bà",
        product_type=product_type,
        channel=channel_wholesale,
        category=category,
        price=Decimal(150000),
        warehouse=warehouse,
        quantity=50,
        sku="HQ-01",
    )
    WholesaleRule.objects.create(variant=salt.default_variant, case_pack=12, min_quantity=24)
    WholesaleRule.objects.create(variant=paper.default_variant, case_pack=20, min_quantity=20)
    WholesaleChannelTerms.objects.create(channel=channel_wholesale, min_order_value=MIN_ORDER_VALUE)
    zone = ShippingZone.objects.create(name="Việt Nam (sỉ)", countries=["VN"])
    zone.channels.add(channel_wholesale)
    method = ShippingMethod.objects.create(name="Xe tải nội tỉnh", shipping_zone=zone, minimum_delivery_days=1, maximum_delivery_days=2)
    ShippingMethodChannelListing.objects.create(
        shipping_method=method, channel=channel_wholesale, currency="VND", price_amount=Decimal(50000)
    )
    return {
        "channel": channel_wholesale,
        "salt": salt.default_variant,
        "paper": paper.default_variant,
        "box": box.default_variant,
        "shipping": method,
    }


def make_shop(email: str, status: str | None, *, tax_code="0300588569", net30=False, staff=None) -> User:
    user = User.objects.create_user(email, "Gift-shop-pass-1", first_name="Hoa", last_name="Trần")
    if status is None:
        return user
    account = services.apply(user, {**APPLICATION, "tax_code": tax_code, "contact_email": email})
    if status == BusinessAccountStatus.APPROVED:
        services.approve(account, staff, "Hồ sơ đầy đủ.", net30=net30)
    elif status == BusinessAccountStatus.DECLINED:
        services.decline(account, staff, "Mã số thuế không khớp giấy phép kinh doanh.")
    return user


@pytest.fixture
def approved_shop(db):
    return make_shop("hoa@quanuiba.vn", BusinessAccountStatus.APPROVED)


@pytest.fixture
def net30_shop(db):
    return make_shop("ketoan@quanuiba.vn", BusinessAccountStatus.APPROVED, tax_code="0100112437", net30=True)


def api(user=None) -> ApiClient:
    return ApiClient(user=user)


def create(client, lines, **extra) -> dict:
    variables = {"input": {"channel": "wholesale", "lines": [{"variantId": gid(v), "quantity": q} for v, q in lines], **extra}}
    return get_graphql_content(client.post_graphql(CREATE, variables))["data"]["checkoutCreate"]


def prepare_for_completion(client, checkout_id: str, method) -> dict:
    data = get_graphql_content(client.post_graphql(SHIPPING, {"id": checkout_id, "address": ADDRESS}))["data"]
    assert data["checkoutShippingAddressUpdate"]["errors"] == [] and data["checkoutBillingAddressUpdate"]["errors"] == [], data
    data = get_graphql_content(
        client.post_graphql(DELIVERY, {"id": checkout_id, "method": Node.to_global_id("ShippingMethod", method.pk)})
    )["data"]
    assert data["checkoutDeliveryMethodUpdate"]["errors"] == [], data
    return data["checkoutDeliveryMethodUpdate"]["checkout"]


def complete(client, checkout_id: str, payment_data=None) -> dict:
    import json

    variables = {"id": checkout_id, "paymentData": json.dumps(payment_data) if payment_data is not None else None}
    return get_graphql_content(client.post_graphql(COMPLETE, variables))["data"]["checkoutComplete"]


def place_order(user, wholesale, lines, payment_data=None) -> dict:
    client = api(user)
    created = create(client, lines)
    assert created["errors"] == [], created["errors"]
    prepare_for_completion(client, created["checkout"]["id"], wholesale["shipping"])
    result = complete(client, created["checkout"]["id"], payment_data)
    assert result["errors"] == [], result["errors"]
    return result["order"]
