"""VietQR transfers: the code for the exact amount with the reference in the memo, and the
bank's signed notification that pays an exact match, flags anything else, counts once."""

from __future__ import annotations

from decimal import Decimal

from commerce.order.models import OrderChargeStatus, OrderEvents
from commerce.payment.models import TransactionItem, WebhookDelivery
from commerce.payment.vietqr import parse_payload
from tests.conftest import get_graphql_content

from .documents import PAYMENT_GATEWAY_INITIALIZE, TRANSACTION_INITIALIZE, TRANSACTION_PROCESS, TRANSACTION_REQUEST_ACTION
from .helpers import gid, post_bank

VIETQR = "ocop.payments.vietqr"


def start_transfer(api_client, order, amount=None):
    variables = {"id": gid("Order", order.pk), "gateway": VIETQR, "key": f"qr-{order.pk}"}
    if amount is not None:
        variables["amount"] = amount
    payload = get_graphql_content(api_client.post_graphql(TRANSACTION_INITIALIZE, variables))["data"]["transactionInitialize"]
    assert payload["errors"] == []
    return payload


def test_transfer_details_and_qr(api_client, order, vietqr_settings):
    payload = start_transfer(api_client, order)
    data = payload["data"]
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert data["memo"] == f"OCOP {item.reference}"
    assert (data["amount"], data["bankBin"], data["accountNumber"]) == (180000, "970436", "1017595600")
    fields = parse_payload(data["payload"])
    assert fields["01"] == "12"  # dynamic: the amount is fixed
    assert fields["54"] == "180000"
    assert fields["38"] == "0010A00000072701240006970436011010175956000208QRIBFTTA"
    assert fields["62"] == f"0813OCOP {item.reference}"
    assert payload["transaction"]["pspReference"] == item.reference
    assert payload["transaction"]["chargePendingAmount"]["amount"] == 180000
    assert payload["transaction"]["actions"] == ["CHARGE", "CANCEL"]

    svg = api_client.get(data["qrSvgUrl"])
    png = api_client.get(data["qrPngUrl"])
    assert (svg.status_code, svg["Content-Type"]) == (200, "image/svg+xml")
    assert b"<svg" in svg.content
    assert (png.status_code, png["Content-Type"]) == (200, "image/png")
    assert png.content.startswith(b"\x89PNG")
    assert api_client.get("/payments/vietqr/00000000-0000-0000-0000-000000000000.svg").status_code == 404

    # The page coming back shows the same transfer details.
    again = get_graphql_content(api_client.post_graphql(TRANSACTION_PROCESS, {"id": payload["transaction"]["id"]}))["data"][
        "transactionProcess"
    ]
    assert again["data"]["payload"] == data["payload"]


def test_exact_transfer_pays_the_order(api_client, order, vietqr_settings, eager_celery, mailoutbox, django_capture_on_commit_callbacks):
    payload = start_transfer(api_client, order)
    memo = payload["data"]["memo"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_bank(
            api_client,
            {
                "id": "FT25001",
                "amount": 180000,
                "memo": f"NGUYEN THI LAN chuyen tien {memo.replace(' ', '')} FT25001",
                "account": "1017595600",
                "time": "2025-09-01T10:00:00+07:00",
            },
        )
    assert (response.status_code, response.json()) == (200, {"status": "paid"})
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert (item.charged_value, item.charge_pending_value, item.needs_review) == (180000, 0, False)
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.events.filter(type=OrderEvents.ORDER_FULLY_PAID).count() == 1
    assert [m.subject for m in mailoutbox] == [f"Đã nhận thanh toán cho đơn hàng #{order.number}"]


def test_wrong_amount_is_flagged_and_not_paid(api_client, staff_api_client, order, vietqr_settings):
    payload = start_transfer(api_client, order)
    response = post_bank(api_client, {"id": "FT25002", "amount": 18000, "memo": payload["data"]["memo"], "account": "1017595600"})
    assert response.json() == {"status": "amount_mismatch"}
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert (item.charged_value, item.charge_pending_value) == (0, 180000)
    assert item.needs_review
    assert "18,000" in item.review_reason and "180,000" in item.review_reason
    info = item.events.get(type="info")
    assert (info.amount_value, info.psp_reference) == (18000, "FT25002")
    assert WebhookDelivery.objects.get(event_id="FT25002").status == "amount_mismatch"
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.NONE

    # Staff sort it out with the shopper and mark the transfer paid by hand.
    content = get_graphql_content(
        staff_api_client.post_graphql(
            TRANSACTION_REQUEST_ACTION, {"id": payload["transaction"]["id"], "action": "CHARGE"}, permissions=["HANDLE_PAYMENTS"]
        )
    )
    assert content["data"]["transactionRequestAction"]["transaction"]["chargedAmount"]["amount"] == 180000
    item.refresh_from_db()
    assert not item.needs_review
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL


def test_duplicate_notification_counts_once(api_client, order, vietqr_settings):
    payload = start_transfer(api_client, order)
    notification = {"id": "FT25003", "amount": "180000", "description": payload["data"]["memo"]}
    statuses = [post_bank(api_client, notification).json()["status"] for _ in range(3)]
    assert statuses == ["paid", "duplicate", "duplicate"]
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert item.charged_value == 180000
    assert item.events.filter(type="charge_success").count() == 1
    assert WebhookDelivery.objects.filter(provider="bank").count() == 1


def test_second_transfer_for_a_paid_order_is_flagged(api_client, order, vietqr_settings):
    payload = start_transfer(api_client, order)
    post_bank(api_client, {"id": "FT1", "amount": 180000, "memo": payload["data"]["memo"]})
    assert post_bank(api_client, {"id": "FT2", "amount": 180000, "memo": payload["data"]["memo"]}).json() == {"status": "amount_mismatch"}
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert item.charged_value == 180000 and item.needs_review


def test_unknown_memo_is_kept_for_staff(db, api_client, vietqr_settings):
    response = post_bank(api_client, {"id": "FT9", "amount": 50000, "memo": "chuyen tien mua banh trang"})
    assert (response.status_code, response.json()) == (200, {"status": "unmatched"})
    delivery = WebhookDelivery.objects.get(provider="bank", event_id="FT9")
    assert (delivery.status, delivery.amount, delivery.memo) == ("unmatched", Decimal(50000), "chuyen tien mua banh trang")


def test_transfer_to_another_account_does_not_match(api_client, order, vietqr_settings):
    payload = start_transfer(api_client, order)
    response = post_bank(api_client, {"id": "FT10", "amount": 180000, "memo": payload["data"]["memo"], "account": "999999"})
    assert response.json() == {"status": "unmatched"}
    assert TransactionItem.objects.get(token=payload["transaction"]["token"]).charged_value == 0


def test_forged_or_malformed_notifications_are_refused(api_client, order, vietqr_settings):
    payload = start_transfer(api_client, order)
    good = {"id": "FT11", "amount": 180000, "memo": payload["data"]["memo"]}
    assert post_bank(api_client, good, secret="guessed").status_code == 400
    assert api_client.post("/webhooks/bank/", data=b"{}", content_type="application/json").status_code == 400
    assert post_bank(api_client, {**good, "amount": "abc"}).status_code == 400
    assert post_bank(api_client, {**good, "amount": -5}).status_code == 400
    assert post_bank(api_client, {"amount": 1}).status_code == 400
    assert api_client.get("/webhooks/bank/").status_code == 405
    assert TransactionItem.objects.get(token=payload["transaction"]["token"]).charged_value == 0
    assert not WebhookDelivery.objects.exists()


def test_gateway_configs(api_client, order, vietqr_settings, stripe_settings):
    variables = {
        "id": gid("Order", order.pk),
        "gateways": [{"id": VIETQR}, {"id": "ocop.payments.stripe"}, {"id": "ocop.payments.cod"}, {"id": "nope"}],
    }
    payload = get_graphql_content(api_client.post_graphql(PAYMENT_GATEWAY_INITIALIZE, variables))["data"]["paymentGatewayInitialize"]
    configs = {c["id"]: c for c in payload["gatewayConfigs"]}
    assert configs[VIETQR]["data"]["bankBin"] == "970436"
    assert configs["ocop.payments.stripe"]["data"] == {
        "publishableKey": "pk_test_ocop",
        "stripeJsUrl": f"{stripe_settings.STRIPE_API_BASE}/js.stripe.com/v3/",
    }
    # The Stripe.js that page would load is really there.
    import urllib.request

    assert b"Stripe" in urllib.request.urlopen(configs["ocop.payments.stripe"]["data"]["stripeJsUrl"], timeout=5).read()
    assert configs["ocop.payments.cod"]["errors"] == []
    assert configs["nope"]["errors"][0]["code"] == "NOT_FOUND"


def test_vietqr_not_offered_without_an_account(api_client, order, settings):
    from commerce.payment.gateways import available_gateways

    settings.VIETQR_ACCOUNT = ""
    settings.STRIPE_SECRET_KEY = ""
    assert [g.id for g in available_gateways(order.channel)] == ["ocop.payments.cod"]
    content = get_graphql_content(api_client.post_graphql(TRANSACTION_INITIALIZE, {"id": gid("Order", order.pk), "gateway": VIETQR}))
    assert content["data"]["transactionInitialize"]["errors"][0]["code"] == "NOT_FOUND"
