"""Checkout fixtures: a shipping zone for Vietnam priced in the online channel, vouchers, and
helpers that drive the API the way the storefront does."""

from __future__ import annotations

from decimal import Decimal

import pytest
from graphene.relay import Node

from commerce.discount.models import DiscountValueType, Voucher, VoucherChannelListing
from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
from tests.conftest import get_graphql_content

ADDRESS = {
    "firstName": "Lan",
    "lastName": "Nguyễn",
    "streetAddress1": "12 Đường 30/4",
    "city": "phuong tan ninh",
    "countryArea": "tay ninh",
    "country": "VN",
    "phone": "0912 345 678",
}

CHECKOUT_FIELDS = """
  id token email voucherCode quantity isShippingRequired
  discount { amount currency }
  lines { id quantity variant { id sku } unitPrice { gross { amount } } totalPrice { gross { amount } } }
  subtotalPrice { gross { amount currency } }
  shippingPrice { gross { amount } }
  totalPrice { gross { amount currency } net { amount } tax { amount } }
  shippingAddress { city countryArea phone }
  shippingMethods { id name price { amount } }
  availableCollectionPoints { id name }
  deliveryMethod { __typename ... on ShippingMethod { id } ... on Warehouse { id } }
  availablePaymentGateways { id }
"""

CREATE = (
    """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { %s } errors { field code message variants addressType } }
}"""
    % CHECKOUT_FIELDS
)

SHIPPING_ADDRESS = (
    """
mutation($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) { checkout { %s } errors { field code message addressType } }
}"""
    % CHECKOUT_FIELDS
)

BILLING_ADDRESS = """
mutation($id: ID!, $address: AddressInput!) {
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) { checkout { id } errors { field code message addressType } }
}"""

DELIVERY = (
    """
mutation($id: ID!, $method: ID) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { checkout { %s } errors { field code message } }
}"""
    % CHECKOUT_FIELDS
)

PROMO = (
    """
mutation($id: ID!, $code: String!) {
  checkoutAddPromoCode(id: $id, promoCode: $code) { checkout { %s } errors { field code message } }
}"""
    % CHECKOUT_FIELDS
)

COMPLETE = """
mutation($id: ID!, $paymentData: JSONString) {
  checkoutComplete(id: $id, paymentData: $paymentData) {
    order { id number status chargeStatus authorizeStatus isPaid userEmail
      total { gross { amount currency } } totalCharged { amount } totalBalance { amount }
      subtotal { gross { amount } } shippingPrice { gross { amount } } discount { amount } voucherCode
      shippingMethodName collectionPointName shippingAddress { city countryArea }
      lines { productName variantName productSku quantity quantityFulfilled unitPrice { gross { amount } } totalPrice { gross { amount } } } }
    confirmationNeeded
    errors { field code message variants lines }
  }
}"""


def variant_id(product) -> str:
    return Node.to_global_id("ProductVariant", product.default_variant_id)


@pytest.fixture
def shipping_method(db, channel_online):
    zone = ShippingZone.objects.create(name="Việt Nam", countries=["VN"])
    zone.channels.add(channel_online)
    method = ShippingMethod.objects.create(
        name="Giao hàng tiêu chuẩn", shipping_zone=zone, minimum_delivery_days=2, maximum_delivery_days=4
    )
    ShippingMethodChannelListing.objects.create(shipping_method=method, channel=channel_online, currency="VND", price_amount=Decimal(30000))
    return method


@pytest.fixture
def voucher_fixed(db, channel_online):
    voucher = Voucher.objects.create(code="TAYNINH20K", name="Giảm 20.000 ₫", discount_value_type=DiscountValueType.FIXED)
    VoucherChannelListing.objects.create(
        voucher=voucher, channel=channel_online, currency="VND", discount_value=Decimal(20000), min_spent_amount=Decimal(40000)
    )
    return voucher


@pytest.fixture
def voucher_percentage(db, channel_online):
    voucher = Voucher.objects.create(code="OCOP10", name="Giảm 10%", discount_value_type=DiscountValueType.PERCENTAGE, usage_limit=1)
    VoucherChannelListing.objects.create(voucher=voucher, channel=channel_online, currency="VND", discount_value=Decimal(10))
    return voucher


def ship_to(client, checkout_id, method=None):
    data = get_graphql_content(client.post_graphql(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS}))["data"][
        "checkoutShippingAddressUpdate"
    ]
    assert data["errors"] == [], data["errors"]
    data = get_graphql_content(client.post_graphql(BILLING_ADDRESS, {"id": checkout_id, "address": ADDRESS}))["data"][
        "checkoutBillingAddressUpdate"
    ]
    assert data["errors"] == [], data["errors"]
    if method is not None:
        data = get_graphql_content(
            client.post_graphql(DELIVERY, {"id": checkout_id, "method": Node.to_global_id("ShippingMethod", method.pk)})
        )["data"]["checkoutDeliveryMethodUpdate"]
        assert data["errors"] == [], data["errors"]
        return data["checkout"]
    return None


def create_checkout(client, lines, email="khach@example.com", **extra):
    variables = {"input": {"channel": "online", "email": email, "lines": lines, **extra}}
    data = get_graphql_content(client.post_graphql(CREATE, variables))["data"]["checkoutCreate"]
    return data


def complete(client, checkout_id, payment_data=None):
    return get_graphql_content(client.post_graphql(COMPLETE, {"id": checkout_id, "paymentData": payment_data}))["data"]["checkoutComplete"]
