"""Cash on delivery from cart to cash: the checkout is completed with nothing charged, the order
shows the amount to collect, staff mark it paid when the courier brings the money.

The checkout and order steps go through the checkout/order apps' services (complete_checkout,
mark_order_as_paid) — their GraphQL mutations are wired separately; the payment steps go
through our GraphQL API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commerce.order.models import OrderChargeStatus, OrderEvents
from commerce.payment.models import COD, TransactionItem
from commerce.payment.services import record_manual_charge
from tests.conftest import get_graphql_content

from .documents import TRANSACTION_INITIALIZE, TRANSACTION_REQUEST_ACTION
from .helpers import gid, make_order

ADDRESS = {
    "first_name": "Lan",
    "last_name": "Nguyễn",
    "street_address_1": "12 Đường 30/4",
    "city": "Phường Tân Ninh",
    "country_area": "Tây Ninh",
    "country": "VN",
    "phone": "+84912345678",
    "skip_validation": True,
}


@pytest.fixture
def shipping_method(db, channel_online):
    from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone

    zone = ShippingZone.objects.create(name="Việt Nam", countries=["VN"])
    zone.channels.add(channel_online)
    method = ShippingMethod.objects.create(name="Giao hàng tiêu chuẩn", shipping_zone=zone)
    ShippingMethodChannelListing.objects.create(shipping_method=method, channel=channel_online, currency="VND", price_amount=Decimal(30000))
    return method


def test_cod_end_to_end(
    api_client, staff_user, channel_online, product, shipping_method, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    from commerce.checkout.complete import complete_checkout
    from commerce.checkout.services import create_checkout, set_delivery_method
    from commerce.order.services import mark_order_as_paid

    variant = product.variants.get()
    checkout = create_checkout(channel_online, [(variant, 2)], email="lan@example.com", shipping_address=ADDRESS, billing_address=ADDRESS)
    set_delivery_method(checkout, shipping_method=shipping_method)

    # The shopper picks cash on delivery: no amount given, so the checkout's total is expected.
    content = get_graphql_content(
        api_client.post_graphql(TRANSACTION_INITIALIZE, {"id": gid("Checkout", checkout.token), "gateway": COD, "key": "cod-1"})
    )
    payload = content["data"]["transactionInitialize"]
    assert payload["errors"] == []
    expected = 2 * 45000 + 30000
    assert payload["data"] == {"amountToCollect": expected, "currency": "VND"}
    assert payload["transaction"]["chargePendingAmount"]["amount"] == expected
    assert payload["transaction"]["chargedAmount"]["amount"] == 0
    assert payload["transactionEvent"]["type"] == "CHARGE_REQUEST"

    with django_capture_on_commit_callbacks(execute=True):
        order = complete_checkout(checkout.token).order
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert item.order_id == order.pk
    order.refresh_from_db()
    assert (order.total_gross_amount, order.total_charged_amount, order.charge_status) == (expected, 0, OrderChargeStatus.NONE)
    assert order.outstanding_amount == expected

    # The courier brings the cash; staff mark the order paid.
    with django_capture_on_commit_callbacks(execute=True):
        mark_order_as_paid(order, user=staff_user)
    order.refresh_from_db()
    assert (order.total_charged_amount, order.charge_status) == (expected, OrderChargeStatus.FULL)
    item.refresh_from_db()
    assert (item.charged_value, item.charge_pending_value, item.available_actions) == (expected, 0, ["refund"])
    assert TransactionItem.objects.filter(order=order).count() == 1, "the COD transaction itself is charged"
    assert order.events.filter(type=OrderEvents.ORDER_FULLY_PAID).count() == 1
    assert [m.subject for m in mailoutbox] == [
        f"Đã nhận đơn hàng #{order.number} — OCOP Tây Ninh",
        f"Đã nhận thanh toán cho đơn hàng #{order.number}",
    ]


def test_cod_partial_collection_then_rest(api_client, order, staff_user):
    content = get_graphql_content(api_client.post_graphql(TRANSACTION_INITIALIZE, {"id": gid("Order", order.pk), "gateway": COD}))
    token = content["data"]["transactionInitialize"]["transaction"]["token"]
    record_manual_charge(order, Decimal(100000), user=staff_user)
    order.refresh_from_db()
    assert (order.total_charged_amount, order.charge_status) == (100000, OrderChargeStatus.PARTIAL)
    item = TransactionItem.objects.get(token=token)
    assert (item.charged_value, item.charge_pending_value) == (100000, 80000)
    record_manual_charge(order, user=staff_user)  # the rest
    order.refresh_from_db()
    assert (order.total_charged_amount, order.charge_status) == (180000, OrderChargeStatus.FULL)
    assert TransactionItem.objects.filter(order=order).count() == 1


def test_manual_charge_without_any_transaction(order, staff_user):
    item = record_manual_charge(order, user=staff_user, psp_reference="cash-receipt-7")
    assert (item.gateway, item.charged_value) == (COD, 180000)
    assert item.events.get(type="charge_success").psp_reference == "cash-receipt-7"
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL


def test_staff_charge_cod_through_the_api(api_client, staff_api_client, order):
    content = get_graphql_content(api_client.post_graphql(TRANSACTION_INITIALIZE, {"id": gid("Order", order.pk), "gateway": COD}))
    transaction = content["data"]["transactionInitialize"]["transaction"]
    assert transaction["actions"] == ["CHARGE", "CANCEL"]
    variables = {"id": transaction["id"], "action": "CHARGE", "amount": 200000}
    too_much = get_graphql_content(staff_api_client.post_graphql(TRANSACTION_REQUEST_ACTION, variables, permissions=["HANDLE_PAYMENTS"]))
    assert too_much["data"]["transactionRequestAction"]["errors"][0]["code"] == "INVALID"
    del variables["amount"]
    done = get_graphql_content(staff_api_client.post_graphql(TRANSACTION_REQUEST_ACTION, variables))["data"]["transactionRequestAction"]
    assert done["transaction"]["chargedAmount"]["amount"] == 180000
    assert done["transaction"]["actions"] == ["REFUND"]
    # Charging again is no longer offered.
    again = get_graphql_content(staff_api_client.post_graphql(TRANSACTION_REQUEST_ACTION, variables))["data"]["transactionRequestAction"]
    assert again["errors"][0]["code"] == "INVALID"


def test_canceled_cod_is_no_longer_expected(api_client, staff_api_client, channel_online):
    order = make_order(channel_online)
    content = get_graphql_content(api_client.post_graphql(TRANSACTION_INITIALIZE, {"id": gid("Order", order.pk), "gateway": COD}))
    transaction = content["data"]["transactionInitialize"]["transaction"]
    done = get_graphql_content(
        staff_api_client.post_graphql(
            TRANSACTION_REQUEST_ACTION, {"id": transaction["id"], "action": "CANCEL"}, permissions=["HANDLE_PAYMENTS"]
        )
    )
    result = done["data"]["transactionRequestAction"]["transaction"]
    assert (result["chargePendingAmount"]["amount"], result["canceledAmount"]["amount"], result["actions"]) == (0, 180000, [])
