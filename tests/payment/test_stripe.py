"""Card payments through localstripe (a real fake Stripe server, started by the tests): the
PaymentIntent is made server side, the "browser" confirms it, Stripe's signed webhooks move
the transaction — once per event, in whatever order they arrive."""

from __future__ import annotations

import itertools
import json
import time
from decimal import Decimal

import pytest
import stripe
from django.db import transaction as db_transaction

from commerce.order.models import OrderChargeStatus
from commerce.payment.models import TransactionEvent, TransactionItem, WebhookDelivery
from tests.conftest import ApiClient, get_graphql_content

from .documents import TRANSACTION_INITIALIZE, TRANSACTION_PROCESS, TRANSACTION_QUERY, TRANSACTION_REQUEST_ACTION
from .helpers import gid, localstripe_event, post_stripe_event, sign_stripe, stripe_event

STRIPE = "ocop.payments.stripe"


def initialize(api_client, source_id, amount=180000, key="key-1"):
    content = get_graphql_content(
        api_client.post_graphql(TRANSACTION_INITIALIZE, {"id": source_id, "gateway": STRIPE, "amount": amount, "key": key})
    )
    payload = content["data"]["transactionInitialize"]
    assert payload["errors"] == []
    return payload


def browser_pays(browser_stripe, intent_id, payment_method="pm_card_visa"):
    """Stripe.js attaching the shopper's card and confirming."""
    browser_stripe.v1.payment_intents.update(intent_id, {"payment_method": payment_method})
    return browser_stripe.v1.payment_intents.confirm(intent_id)


def latest_charge(browser_stripe, intent_id):
    latest = browser_stripe.v1.payment_intents.retrieve(intent_id).latest_charge
    # localstripe embeds the charge where Stripe gives its id.
    return browser_stripe.v1.charges.retrieve(latest if isinstance(latest, str) else latest.id)


def amounts(item: TransactionItem) -> tuple:
    item.refresh_from_db()
    return (item.charged_value, item.charge_pending_value, item.refunded_value, item.refund_pending_value, item.canceled_value)


def test_card_payment_succeeds(api_client, checkout, stripe_settings, browser_stripe):
    payload = initialize(api_client, gid("Checkout", checkout.token))
    intent = payload["data"]["paymentIntent"]
    assert intent["clientSecret"].startswith(intent["id"] + "_secret_")
    assert payload["data"]["publishableKey"] == "pk_test_ocop"
    transaction = payload["transaction"]
    assert transaction["pspReference"] == intent["id"]
    assert transaction["chargePendingAmount"]["amount"] == 180000
    assert transaction["chargedAmount"] == {"amount": 0.0, "currency": "VND"}
    assert payload["transactionEvent"]["type"] == "CHARGE_REQUEST"

    # Stripe's side: a zero-decimal VND amount, tied back to our transaction.
    created = browser_stripe.v1.payment_intents.retrieve(intent["id"])
    assert (created.amount, created.currency) == (180000, "vnd")
    assert created.metadata["transaction_token"] == transaction["token"]

    confirmed = browser_pays(browser_stripe, intent["id"])
    assert confirmed.status == "succeeded"
    response = post_stripe_event(api_client, localstripe_event(browser_stripe, "payment_intent.succeeded", intent["id"]))
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "processed"}

    item = TransactionItem.objects.get(token=transaction["token"])
    assert amounts(item) == (180000, 0, 0, 0, 0)
    assert item.available_actions == ["refund"]
    assert item.checkout_id == checkout.token

    # The page returning from Stripe.js asks again: same state, nothing recorded twice.
    content = get_graphql_content(api_client.post_graphql(TRANSACTION_PROCESS, {"id": transaction["id"]}))
    processed = content["data"]["transactionProcess"]
    assert processed["errors"] == []
    assert processed["transaction"]["chargedAmount"]["amount"] == 180000
    assert processed["data"]["paymentIntent"]["status"] == "succeeded"
    assert [e["type"] for e in processed["transaction"]["events"]] == ["CHARGE_REQUEST", "CHARGE_SUCCESS"]


def test_process_alone_records_the_payment_when_the_webhook_is_late(api_client, checkout, stripe_settings, browser_stripe):
    payload = initialize(api_client, gid("Checkout", checkout.token), amount=95000)
    browser_pays(browser_stripe, payload["data"]["paymentIntent"]["id"])
    content = get_graphql_content(api_client.post_graphql(TRANSACTION_PROCESS, {"id": payload["transaction"]["id"]}))
    assert content["data"]["transactionProcess"]["transaction"]["chargedAmount"]["amount"] == 95000
    # ...and when the webhook does arrive, it changes nothing.
    post_stripe_event(api_client, localstripe_event(browser_stripe, "payment_intent.succeeded", payload["data"]["paymentIntent"]["id"]))
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert amounts(item) == (95000, 0, 0, 0, 0)
    assert item.events.filter(type="charge_success").count() == 1


def test_retried_initialize_returns_the_same_transaction_and_payment_intent(api_client, checkout, stripe_settings):
    first = initialize(api_client, gid("Checkout", checkout.token), key="same-key")
    second = initialize(api_client, gid("Checkout", checkout.token), key="same-key")
    assert second["transaction"]["token"] == first["transaction"]["token"]
    assert second["data"]["paymentIntent"]["id"] == first["data"]["paymentIntent"]["id"]
    assert TransactionItem.objects.filter(checkout=checkout).count() == 1
    # Another key is another payment attempt.
    third = initialize(api_client, gid("Checkout", checkout.token), key="other-key")
    assert third["transaction"]["token"] != first["transaction"]["token"]


def test_idempotency_key_of_another_checkout_is_refused(api_client, checkout, channel_online, stripe_settings):
    from commerce.checkout.models import Checkout

    initialize(api_client, gid("Checkout", checkout.token), key="shared")
    other = Checkout.objects.create(channel=channel_online, currency="VND")
    content = get_graphql_content(
        api_client.post_graphql(
            TRANSACTION_INITIALIZE, {"id": gid("Checkout", other.token), "gateway": STRIPE, "amount": 180000, "key": "shared"}
        )
    )
    payload = content["data"]["transactionInitialize"]
    assert payload["transaction"] is None
    assert payload["errors"][0]["code"] == "UNIQUE"


def test_card_payment_fails(api_client, checkout, stripe_settings, browser_stripe):
    payload = initialize(api_client, gid("Checkout", checkout.token))
    intent_id = payload["data"]["paymentIntent"]["id"]
    with pytest.raises(stripe.CardError):
        browser_pays(browser_stripe, intent_id, payment_method="pm_card_chargeCustomerFail")
    event = localstripe_event(browser_stripe, "payment_intent.payment_failed", intent_id)
    assert post_stripe_event(api_client, event).status_code == 200

    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert amounts(item) == (0, 0, 0, 0, 0)
    failure = item.events.get(type="charge_failure")
    assert "declined" in failure.message
    assert item.available_actions == ["cancel"]


def test_card_payment_is_refunded(api_client, staff_api_client, order, stripe_settings, browser_stripe):
    payload = initialize(api_client, gid("Order", order.pk))
    intent_id = payload["data"]["paymentIntent"]["id"]
    browser_pays(browser_stripe, intent_id)
    post_stripe_event(api_client, localstripe_event(browser_stripe, "payment_intent.succeeded", intent_id))
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == (OrderChargeStatus.FULL, 180000)

    # Staff refund part of it; localstripe records the refund.
    variables = {"id": payload["transaction"]["id"], "action": "REFUND", "amount": 80000}
    content = get_graphql_content(staff_api_client.post_graphql(TRANSACTION_REQUEST_ACTION, variables, permissions=["HANDLE_PAYMENTS"]))
    result = content["data"]["transactionRequestAction"]
    assert result["errors"] == []
    assert result["transaction"]["refundedAmount"]["amount"] == 80000
    assert result["transaction"]["chargedAmount"]["amount"] == 100000
    refunds = browser_stripe.v1.refunds.list({"payment_intent": intent_id}).data
    assert [r.amount for r in refunds] == [80000]
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == (OrderChargeStatus.PARTIAL, 100000)

    # Stripe then reports the refund on the charge: the same refund, not a second one.
    charge = latest_charge(browser_stripe, intent_id)
    assert post_stripe_event(api_client, stripe_event("charge.refunded", charge.to_dict())).status_code == 200
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert amounts(item) == (100000, 0, 80000, 0, 0)

    # Refunding more than is left is refused, and Stripe is not asked.
    variables["amount"] = 100001
    content = get_graphql_content(staff_api_client.post_graphql(TRANSACTION_REQUEST_ACTION, variables))
    assert content["data"]["transactionRequestAction"]["errors"][0]["code"] == "INVALID"
    assert len(browser_stripe.v1.refunds.list({"payment_intent": intent_id}).data) == 1

    # The rest, without an amount.
    del variables["amount"]
    content = get_graphql_content(staff_api_client.post_graphql(TRANSACTION_REQUEST_ACTION, variables))
    assert content["data"]["transactionRequestAction"]["transaction"]["refundedAmount"]["amount"] == 180000
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == (OrderChargeStatus.NONE, 0)


def test_refund_needs_handle_payments(api_client, user_api_client, order, stripe_settings, browser_stripe):
    payload = initialize(api_client, gid("Order", order.pk))
    response = user_api_client.post_graphql(TRANSACTION_REQUEST_ACTION, {"id": payload["transaction"]["id"], "action": "REFUND"})
    assert json.loads(response.content)["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_staff_cancel_an_unpaid_intent(api_client, staff_api_client, checkout, stripe_settings, browser_stripe):
    payload = initialize(api_client, gid("Checkout", checkout.token))
    content = get_graphql_content(
        staff_api_client.post_graphql(
            TRANSACTION_REQUEST_ACTION, {"id": payload["transaction"]["id"], "action": "CANCEL"}, permissions=["HANDLE_PAYMENTS"]
        )
    )
    result = content["data"]["transactionRequestAction"]
    assert result["errors"] == []
    assert result["transaction"]["canceledAmount"]["amount"] == 180000
    assert result["transaction"]["chargePendingAmount"]["amount"] == 0
    assert browser_stripe.v1.payment_intents.retrieve(payload["data"]["paymentIntent"]["id"]).status == "canceled"


def test_forged_signature_is_refused(api_client, checkout, stripe_settings, browser_stripe):
    payload = initialize(api_client, gid("Checkout", checkout.token))
    intent_id = payload["data"]["paymentIntent"]["id"]
    browser_pays(browser_stripe, intent_id)
    event = localstripe_event(browser_stripe, "payment_intent.succeeded", intent_id)
    body = json.dumps(event)

    forged = post_stripe_event(api_client, event, secret="whsec_someone_else")
    unsigned = api_client.post("/webhooks/stripe/", data=body, content_type="application/json")
    stale = post_stripe_event(api_client, event, signature=sign_stripe(body, timestamp=int(time.time()) - 3600))
    tampered = api_client.post(
        "/webhooks/stripe/", data=body.replace("180000", "1"), content_type="application/json", HTTP_STRIPE_SIGNATURE=sign_stripe(body)
    )
    assert [r.status_code for r in (forged, unsigned, stale, tampered)] == [400, 400, 400, 400]
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert amounts(item) == (0, 180000, 0, 0, 0)
    assert not WebhookDelivery.objects.exists()


def test_duplicated_event_is_processed_once(api_client, checkout, stripe_settings, browser_stripe):
    payload = initialize(api_client, gid("Checkout", checkout.token))
    intent_id = payload["data"]["paymentIntent"]["id"]
    browser_pays(browser_stripe, intent_id)
    event = localstripe_event(browser_stripe, "payment_intent.succeeded", intent_id)
    statuses = [post_stripe_event(api_client, event).json()["status"] for _ in range(3)]
    assert statuses == ["processed", "duplicate", "duplicate"]
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])
    assert item.events.filter(type="charge_success").count() == 1
    assert amounts(item) == (180000, 0, 0, 0, 0)
    assert WebhookDelivery.objects.filter(event_id=event["id"]).count() == 1


def test_event_for_an_unknown_payment_intent_is_acknowledged_and_kept(db, api_client, stripe_settings):
    event = stripe_event(
        "payment_intent.succeeded",
        {"id": "pi_not_ours", "object": "payment_intent", "status": "succeeded", "amount": 5, "currency": "vnd", "metadata": {}},
    )
    response = post_stripe_event(api_client, event)
    assert (response.status_code, response.json()) == (200, {"status": "ignored"})
    assert WebhookDelivery.objects.get(event_id=event["id"]).status == "ignored"


def test_events_out_of_order_converge(api_client, order, stripe_settings, browser_stripe):
    """Succeeded, a partial refund, a late 'processing' and a failure from an earlier card
    attempt: every order of arrival ends in the same amounts."""
    payload = initialize(api_client, gid("Order", order.pk))
    intent_id = payload["data"]["paymentIntent"]["id"]
    browser_pays(browser_stripe, intent_id)
    succeeded = localstripe_event(browser_stripe, "payment_intent.succeeded", intent_id)
    # Refunded in Stripe's dashboard, not through us: only the webhook tells.
    browser_stripe.v1.refunds.create({"payment_intent": intent_id, "amount": 30000})
    intent = browser_stripe.v1.payment_intents.retrieve(intent_id).to_dict()
    charge = latest_charge(browser_stripe, intent_id).to_dict()
    refunded = stripe_event("charge.refunded", charge)
    processing = stripe_event("payment_intent.processing", {**intent, "status": "processing"})
    failed = stripe_event(
        "payment_intent.payment_failed",
        {
            **intent,
            "status": "requires_payment_method",
            "last_payment_error": {"charge": "ch_earlier_attempt", "code": "card_declined", "message": "Your card was declined."},
        },
    )
    item = TransactionItem.objects.get(token=payload["transaction"]["token"])

    outcomes = set()
    for permutation in itertools.permutations([succeeded, refunded, processing, failed]):
        savepoint = db_transaction.savepoint()
        for event in permutation:
            assert post_stripe_event(api_client, event).status_code == 200
        order.refresh_from_db()
        outcomes.add((amounts(item), order.charge_status, order.total_charged_amount))
        db_transaction.savepoint_rollback(savepoint)
    assert outcomes == {((150000, 0, 30000, 0, 0), OrderChargeStatus.PARTIAL, 150000)}


def test_staff_read_a_transaction(api_client, staff_api_client, checkout, stripe_settings):
    payload = initialize(api_client, gid("Checkout", checkout.token))
    token = payload["transaction"]["token"]
    denied = api_client.post_graphql(TRANSACTION_QUERY, {"token": token})
    assert json.loads(denied.content)["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    content = get_graphql_content(
        staff_api_client.post_graphql(TRANSACTION_QUERY, {"id": payload["transaction"]["id"]}, permissions=["HANDLE_PAYMENTS"])
    )
    assert content["data"]["transaction"]["token"] == token
    content = get_graphql_content(staff_api_client.post_graphql(TRANSACTION_QUERY, {"token": token}))
    assert content["data"]["transaction"]["id"] == payload["transaction"]["id"]


def test_stripe_unreachable_is_a_failed_transaction_not_a_500(api_client, checkout, stripe_settings):
    stripe_settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
    content = get_graphql_content(
        api_client.post_graphql(
            TRANSACTION_INITIALIZE, {"id": gid("Checkout", checkout.token), "gateway": STRIPE, "amount": 1000, "key": "k"}
        )
    )
    payload = content["data"]["transactionInitialize"]
    assert payload["transactionEvent"]["type"] == "CHARGE_FAILURE"
    assert payload["transaction"]["chargePendingAmount"]["amount"] == 0
    assert TransactionEvent.objects.filter(type="charge_failure").count() == 1


@pytest.mark.parametrize(
    "variables,code",
    [
        ({"id": "Q2hlY2tvdXQ6bm90LWEtdXVpZA==", "gateway": STRIPE, "amount": 1}, "NOT_FOUND"),
        ({"id": "bm9uc2Vuc2U=", "gateway": STRIPE, "amount": 1}, "GRAPHQL_ERROR"),
        ({"gateway": "ocop.payments.bitcoin", "amount": 1}, "NOT_FOUND"),
        ({"gateway": STRIPE, "amount": 0}, "INVALID"),
        ({"gateway": STRIPE, "amount": 10.5}, "INVALID"),
        ({"gateway": STRIPE, "amount": 1, "action": "AUTHORIZATION"}, "INVALID"),
    ],
)
def test_bad_initialize_input_gets_saleor_codes(api_client, checkout, stripe_settings, variables, code):
    variables = {"id": gid("Checkout", checkout.token), **variables}
    content = get_graphql_content(api_client.post_graphql(TRANSACTION_INITIALIZE, variables))
    payload = content["data"]["transactionInitialize"]
    assert payload["transaction"] is None
    assert payload["errors"][0]["code"] == code
    assert not TransactionItem.objects.exists()


def test_stripe_not_configured_is_not_offered(api_client, checkout, settings):
    settings.STRIPE_SECRET_KEY = ""
    content = get_graphql_content(
        api_client.post_graphql(TRANSACTION_INITIALIZE, {"id": gid("Checkout", checkout.token), "gateway": STRIPE, "amount": 1000})
    )
    assert content["data"]["transactionInitialize"]["errors"][0]["code"] == "NOT_FOUND"
