"""Hardening found by an outside probe of a fresh `make run`:

- a customer's checkout is theirs: anonymous callers and other customers holding its ID can
  neither read nor change it (every checkout mutation answers NOT_FOUND for the ID, as for a
  checkout that does not exist); an anonymous checkout stays usable by whoever holds its ID;
- one cart cannot hold a variant's whole stock: a checkout takes at most
  MAX_CHECKOUT_LINE_QUANTITY (50) of a variant, the variant's quantityLimitPerCustomer counts
  all of the checkout's lines of it, and quantityAvailable shows what other carts left;
- checkoutComplete of a checkout paid by card answers with the order as stored: charged, paid.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphene.relay import Node

from commerce.checkout.models import Checkout, CheckoutLine
from commerce.order.models import Order
from commerce.warehouse.models import Reservation
from tests.conftest import ApiClient, get_graphql_content
from tests.factories import create_product
from tests.payment.conftest import browser_stripe, localstripe_url, stripe_settings  # noqa: F401 - fixtures
from tests.payment.documents import TRANSACTION_INITIALIZE
from tests.payment.helpers import localstripe_event, post_stripe_event

from .conftest import ADDRESS, COMPLETE, CREATE, ship_to, variant_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_customer(db):
    from commerce.account.models import User

    return User.objects.create_user("minh@example.com", "Minh-pass-456", first_name="Minh", last_name="Trần")


def gid(type_name, pk) -> str:
    return Node.to_global_id(type_name, pk)


def payload(response, name):
    content = get_graphql_content(response, ignore_errors=True)
    return content, (content.get("data") or {}).get(name)


# --- 8. Whose checkout it is ------------------------------------------------------------------

LINES_ADD = "mutation($id: ID!, $v: ID!) { checkoutLinesAdd(id: $id, lines: [{variantId: $v, quantity: 1}]) { checkout { id } errors { field code } } }"
LINES_UPDATE = "mutation($id: ID!, $l: ID!) { checkoutLinesUpdate(id: $id, lines: [{lineId: $l, quantity: 3}]) { checkout { id } errors { field code } } }"
LINES_DELETE = "mutation($id: ID!, $l: ID!) { checkoutLinesDelete(id: $id, linesIds: [$l]) { checkout { id } errors { field code } } }"
EMAIL = 'mutation($id: ID!) { checkoutEmailUpdate(id: $id, email: "thief@example.com") { checkout { id } errors { field code } } }'
SHIPPING = "mutation($id: ID!, $a: AddressInput!) { checkoutShippingAddressUpdate(id: $id, shippingAddress: $a) { checkout { id } errors { field code } } }"
BILLING = "mutation($id: ID!, $a: AddressInput!) { checkoutBillingAddressUpdate(id: $id, billingAddress: $a) { checkout { id } errors { field code } } }"
DELIVERY = (
    "mutation($id: ID!, $m: ID) { checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m) { checkout { id } errors { field code } } }"
)
PROMO = 'mutation($id: ID!) { checkoutAddPromoCode(id: $id, promoCode: "TAYNINH20K") { checkout { id } errors { field code } } }'
ATTACH = "mutation($id: ID!) { checkoutCustomerAttach(id: $id) { checkout { id } errors { field code } } }"
GATEWAY_INIT = "mutation($id: ID!) { paymentGatewayInitialize(id: $id) { gatewayConfigs { id } errors { field code } } }"
TRANSACTION_INIT = 'mutation($id: ID!) { transactionInitialize(id: $id, paymentGateway: {id: "ocop.payments.cod"}) { transaction { id } errors { field code } } }'
READ = "query($id: ID!) { checkout(id: $id) { id email lines { quantity } } }"


def _mutations(checkout, line, product, shipping_method):
    """(mutation name, document, variables) for every mutation that acts on a checkout."""
    cid = gid("Checkout", checkout.pk)
    lid = gid("CheckoutLine", line.pk)
    return [
        ("checkoutLinesAdd", LINES_ADD, {"id": cid, "v": variant_id(product)}),
        ("checkoutLinesUpdate", LINES_UPDATE, {"id": cid, "l": lid}),
        ("checkoutLinesDelete", LINES_DELETE, {"id": cid, "l": lid}),
        ("checkoutEmailUpdate", EMAIL, {"id": cid}),
        ("checkoutShippingAddressUpdate", SHIPPING, {"id": cid, "a": ADDRESS}),
        ("checkoutBillingAddressUpdate", BILLING, {"id": cid, "a": ADDRESS}),
        ("checkoutDeliveryMethodUpdate", DELIVERY, {"id": cid, "m": gid("ShippingMethod", shipping_method.pk)}),
        ("checkoutAddPromoCode", PROMO, {"id": cid}),
        ("checkoutComplete", COMPLETE, {"id": cid}),
        ("paymentGatewayInitialize", GATEWAY_INIT, {"id": cid}),
        ("transactionInitialize", TRANSACTION_INIT, {"id": cid}),
    ]


@pytest.fixture
def customers_checkout(user_api_client, customer_user, product, shipping_method, voucher_fixed):
    variables = {"input": {"channel": "online", "lines": [{"variantId": variant_id(product), "quantity": 2}]}}
    created = get_graphql_content(user_api_client.post_graphql(CREATE, variables))["data"]["checkoutCreate"]
    assert created["errors"] == []
    checkout = Checkout.objects.get()
    assert checkout.user_id == customer_user.pk and checkout.email == customer_user.email
    return checkout


def _unchanged(checkout, customer_user):
    fresh = Checkout.objects.get(pk=checkout.pk)
    lines = list(CheckoutLine.objects.filter(checkout=checkout).values_list("quantity", flat=True))
    return (
        fresh.email == customer_user.email
        and lines == [2]
        and fresh.shipping_address_id is None
        and fresh.billing_address_id is None
        and fresh.voucher_code is None
        and fresh.user_id == customer_user.pk
        and not Order.objects.exists()
        and not fresh.payment_transactions.exists()
    )


@pytest.mark.parametrize("caller", ["anonymous", "other customer", "staff without permissions"])
def test_a_customers_checkout_refuses_every_mutation_from_others(
    caller, customers_checkout, customer_user, other_customer, staff_user, product, shipping_method
):
    client = {
        "anonymous": ApiClient(),
        "other customer": ApiClient(user=other_customer),
        "staff without permissions": ApiClient(user=staff_user),
    }[caller]
    line = customers_checkout.lines.get()
    answers = {}
    for name, document, variables in _mutations(customers_checkout, line, product, shipping_method):
        content, data = payload(client.post_graphql(document, variables), name)
        assert "errors" not in content, (name, content)
        answers[name] = [(e["field"], e["code"]) for e in data["errors"]]
    # As for an ID that resolves to no checkout: nothing tells the caller it exists.
    assert answers == {name: [("id", "NOT_FOUND")] for name in answers}, answers
    # Attaching oneself is refused the same way (an anonymous caller is refused before: no user).
    content, data = payload(client.post_graphql(ATTACH, {"id": gid("Checkout", customers_checkout.pk)}), "checkoutCustomerAttach")
    if caller == "anonymous":
        assert content["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    else:
        assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "NOT_FOUND")]
    assert _unchanged(customers_checkout, customer_user)
    # Reading it is refused too (the query's rule, which the mutations now share).
    content = get_graphql_content(client.post_graphql(READ, {"id": gid("Checkout", customers_checkout.pk)}), ignore_errors=True)
    assert content["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_the_deprecated_token_and_checkout_id_arguments_are_refused_alike(api_client, customers_checkout, customer_user, product):
    by_token = "mutation($t: UUID!, $v: ID!) { checkoutLinesAdd(token: $t, lines: [{variantId: $v, quantity: 1}]) { checkout { id } errors { field code } } }"
    by_checkout_id = (
        'mutation($c: ID!) { checkoutEmailUpdate(checkoutId: $c, email: "x@example.com") { checkout { id } errors { field code } } }'
    )
    _, data = payload(api_client.post_graphql(by_token, {"t": str(customers_checkout.pk), "v": variant_id(product)}), "checkoutLinesAdd")
    assert data["checkout"] is None and [e["code"] for e in data["errors"]] == ["NOT_FOUND"]
    _, data = payload(api_client.post_graphql(by_checkout_id, {"c": gid("Checkout", customers_checkout.pk)}), "checkoutEmailUpdate")
    assert data["checkout"] is None and [e["code"] for e in data["errors"]] == ["NOT_FOUND"]
    assert _unchanged(customers_checkout, customer_user)


def test_the_owner_and_staff_with_handle_checkouts_may_act(user_api_client, staff_api_client, customers_checkout, product):
    cid = gid("Checkout", customers_checkout.pk)
    _, data = payload(user_api_client.post_graphql(LINES_ADD, {"id": cid, "v": variant_id(product)}), "checkoutLinesAdd")
    assert data == {"checkout": {"id": cid}, "errors": []}
    _, data = payload(staff_api_client.post_graphql(EMAIL, {"id": cid}, permissions=["HANDLE_CHECKOUTS"]), "checkoutEmailUpdate")
    assert data == {"checkout": {"id": cid}, "errors": []}
    read = get_graphql_content(staff_api_client.post_graphql(READ, {"id": cid}))["data"]["checkout"]
    assert read == {"id": cid, "email": "thief@example.com", "lines": [{"quantity": 3}]}


def test_an_app_with_handle_checkouts_may_act(app_api_client, customers_checkout):
    cid = gid("Checkout", customers_checkout.pk)
    _, data = payload(app_api_client.post_graphql(EMAIL, {"id": cid}), "checkoutEmailUpdate")
    assert [e["code"] for e in data["errors"]] == ["NOT_FOUND"]
    _, data = payload(app_api_client.post_graphql(EMAIL, {"id": cid}, permissions=["HANDLE_CHECKOUTS"]), "checkoutEmailUpdate")
    assert data == {"checkout": {"id": cid}, "errors": []}


def test_an_anonymous_checkout_is_usable_by_whoever_holds_its_id(api_client, user_api_client, product):
    """As in Saleor: the ID of a checkout without an owner is its bearer secret."""
    created = get_graphql_content(
        api_client.post_graphql(CREATE, {"input": {"channel": "online", "lines": [{"variantId": variant_id(product), "quantity": 1}]}})
    )
    cid = created["data"]["checkoutCreate"]["checkout"]["id"]
    for client in (api_client, user_api_client):
        _, data = payload(client.post_graphql(LINES_ADD, {"id": cid, "v": variant_id(product)}), "checkoutLinesAdd")
        assert data == {"checkout": {"id": cid}, "errors": []}
    assert Checkout.objects.get().lines.get().quantity == 3


def test_replaying_a_customers_completed_checkout_does_not_hand_out_the_order(
    user_api_client, api_client, customers_checkout, shipping_method
):
    cid = gid("Checkout", customers_checkout.pk)
    ship_to(user_api_client, cid, shipping_method)
    placed = get_graphql_content(user_api_client.post_graphql(COMPLETE, {"id": cid}))["data"]["checkoutComplete"]
    assert placed["errors"] == [] and placed["order"]["number"]
    _, replay = payload(api_client.post_graphql(COMPLETE, {"id": cid}), "checkoutComplete")
    assert replay["order"] is None and [(e["field"], e["code"]) for e in replay["errors"]] == [("id", "NOT_FOUND")]
    _, again = payload(user_api_client.post_graphql(COMPLETE, {"id": cid}), "checkoutComplete")
    assert again["order"]["number"] == placed["order"]["number"]


PROCESS = "mutation($id: ID!) { transactionProcess(id: $id) { transaction { id } errors { field code } } }"


def test_a_payment_of_a_customers_checkout_is_processed_only_by_them(user_api_client, api_client, other_customer, customers_checkout):
    started = get_graphql_content(user_api_client.post_graphql(TRANSACTION_INIT, {"id": gid("Checkout", customers_checkout.pk)}))["data"][
        "transactionInitialize"
    ]
    assert started["errors"] == []
    transaction_id = started["transaction"]["id"]
    for client in (api_client, ApiClient(user=other_customer)):
        _, data = payload(client.post_graphql(PROCESS, {"id": transaction_id}), "transactionProcess")
        assert data["transaction"] is None and [(e["field"], e["code"]) for e in data["errors"]] == [("id", "NOT_FOUND")]
    _, data = payload(user_api_client.post_graphql(PROCESS, {"id": transaction_id}), "transactionProcess")
    assert data["transaction"] == {"id": transaction_id}


# --- 10. One cart cannot hold the shelf ------------------------------------------------------

VARIANT = 'query($id: ID!) { productVariant(id: $id, channel: "online") { quantityAvailable product { isAvailable } } }'
LINES_ADD_MANY = "mutation($id: ID!, $lines: [CheckoutLineInput!]!) { checkoutLinesAdd(id: $id, lines: $lines) { checkout { id } errors { field code variants } } }"
LINES_UPDATE_ONE = "mutation($id: ID!, $l: ID!, $q: Int!) { checkoutLinesUpdate(id: $id, lines: [{lineId: $l, quantity: $q}]) { checkout { lines { quantity } } errors { field code variants } } }"


@pytest.fixture
def hundred_jars(product_type, channel_online, category, warehouse):
    return create_product(
        name="Bánh tráng phơi sương Trảng Bàng",
        product_type=product_type,
        channel=channel_online,
        category=category,
        warehouse=warehouse,
        quantity=100,
    )


def _create(client, product, quantity, **line):
    variables = {
        "input": {
            "channel": "online",
            "email": "a@example.com",
            "lines": [{"variantId": variant_id(product), "quantity": quantity, **line}],
        }
    }
    return get_graphql_content(client.post_graphql(CREATE, variables))["data"]["checkoutCreate"]


def _available(client, product):
    return get_graphql_content(client.post_graphql(VARIANT, {"id": variant_id(product)}))["data"]["productVariant"]


def test_one_checkout_cannot_hold_all_the_stock_and_the_product_shows_what_is_left(api_client, hundred_jars):
    vid = variant_id(hundred_jars)
    assert _available(api_client, hundred_jars) == {"quantityAvailable": 50, "product": {"isAvailable": True}}  # capped as in Saleor

    hoard = _create(api_client, hundred_jars, 100)
    assert hoard["checkout"] is None
    assert [(e["field"], e["code"], e["variants"]) for e in hoard["errors"]] == [("quantity", "QUANTITY_GREATER_THAN_LIMIT", [vid])]
    assert not Reservation.objects.exists()

    first = _create(api_client, hundred_jars, 50)
    assert first["errors"] == []
    assert _available(api_client, hundred_jars)["quantityAvailable"] == 50
    second = _create(api_client, hundred_jars, 30)
    assert second["errors"] == []
    # Other carts' holds are not for sale: 100 − 50 − 30.
    assert _available(api_client, hundred_jars) == {"quantityAvailable": 20, "product": {"isAvailable": True}}
    assert _create(api_client, hundred_jars, 20)["errors"] == []
    assert _available(api_client, hundred_jars) == {"quantityAvailable": 0, "product": {"isAvailable": False}}
    late = _create(api_client, hundred_jars, 1)
    assert [(e["code"], e["variants"]) for e in late["errors"]] == [("INSUFFICIENT_STOCK", [vid])]


def test_the_cap_counts_every_line_of_the_variant_in_the_checkout(api_client, hundred_jars):
    vid = variant_id(hundred_jars)
    split = get_graphql_content(
        api_client.post_graphql(
            CREATE,
            {
                "input": {
                    "channel": "online",
                    "lines": [
                        {"variantId": vid, "quantity": 30},
                        {"variantId": vid, "quantity": 30, "forceNewLine": True},
                    ],
                }
            },
        )
    )["data"]["checkoutCreate"]
    assert [e["code"] for e in split["errors"]] == ["QUANTITY_GREATER_THAN_LIMIT"]

    checkout = _create(api_client, hundred_jars, 40)["checkout"]
    more = get_graphql_content(
        api_client.post_graphql(LINES_ADD_MANY, {"id": checkout["id"], "lines": [{"variantId": vid, "quantity": 11, "forceNewLine": True}]})
    )
    assert [e["code"] for e in more["data"]["checkoutLinesAdd"]["errors"]] == ["QUANTITY_GREATER_THAN_LIMIT"]
    line = gid("CheckoutLine", CheckoutLine.objects.get().pk)
    update = get_graphql_content(api_client.post_graphql(LINES_UPDATE_ONE, {"id": checkout["id"], "l": line, "q": 51}))["data"][
        "checkoutLinesUpdate"
    ]
    assert [(e["field"], e["code"], e["variants"]) for e in update["errors"]] == [("quantity", "QUANTITY_GREATER_THAN_LIMIT", [vid])]
    assert CheckoutLine.objects.get().quantity == 40 and Reservation.objects.get().quantity_reserved == 40


def test_a_quantity_beyond_what_the_line_can_hold_is_the_cap_error_not_a_database_error(api_client, hundred_jars):
    """1 + 2,147,483,647 overflowed the line's integer column before the caps were checked."""
    vid = variant_id(hundred_jars)
    checkout = _create(api_client, hundred_jars, 1)["checkout"]
    for lines in (
        [{"variantId": vid, "quantity": 2**31 - 1}],
        [{"variantId": vid, "quantity": 2**31 - 1}, {"variantId": vid, "quantity": 2**31 - 1}],
    ):
        response = api_client.post_graphql(LINES_ADD_MANY, {"id": checkout["id"], "lines": lines})
        content = get_graphql_content(response)
        assert [(e["field"], e["code"]) for e in content["data"]["checkoutLinesAdd"]["errors"]] == [
            ("quantity", "QUANTITY_GREATER_THAN_LIMIT")
        ]
    assert CheckoutLine.objects.get().quantity == 1


def test_quantity_limit_per_customer_counts_split_lines(api_client, hundred_jars):
    variant = hundred_jars.default_variant
    variant.quantity_limit_per_customer = 3
    variant.save()
    vid = variant_id(hundred_jars)
    split = get_graphql_content(
        api_client.post_graphql(
            CREATE,
            {
                "input": {
                    "channel": "online",
                    "lines": [
                        {"variantId": vid, "quantity": 2},
                        {"variantId": vid, "quantity": 2, "forceNewLine": True},
                    ],
                }
            },
        )
    )["data"]["checkoutCreate"]
    assert [e["code"] for e in split["errors"]] == ["QUANTITY_GREATER_THAN_LIMIT"]
    assert _create(api_client, hundred_jars, 3)["errors"] == []


def test_the_cap_is_a_setting(api_client, hundred_jars, settings):
    settings.MAX_CHECKOUT_LINE_QUANTITY = 5
    assert _available(api_client, hundred_jars)["quantityAvailable"] == 5
    assert [e["code"] for e in _create(api_client, hundred_jars, 6)["errors"]] == ["QUANTITY_GREATER_THAN_LIMIT"]
    assert _create(api_client, hundred_jars, 5)["errors"] == []
    # Untracked stock is offered up to the same cap.
    variant = hundred_jars.default_variant
    variant.track_inventory = False
    variant.save()
    assert _available(api_client, hundred_jars)["quantityAvailable"] == 5


def test_expired_holds_are_for_sale_again(api_client, hundred_jars):
    from datetime import timedelta

    from django.utils import timezone

    assert _create(api_client, hundred_jars, 50)["errors"] == []
    assert _create(api_client, hundred_jars, 40)["errors"] == []
    assert _available(api_client, hundred_jars)["quantityAvailable"] == 10
    Reservation.objects.filter(quantity_reserved=40).update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert _available(api_client, hundred_jars)["quantityAvailable"] == 50


PRODUCTS = (
    'query($first: Int) { products(channel: "online", first: $first) { edges { node { isAvailable variants { quantityAvailable } } } } }'
)


def test_availability_with_holds_costs_the_same_queries_for_one_product_or_ten(api_client, products_factory):
    from commerce.checkout import services

    products = products_factory(10, with_image=False)
    channel = products[0].channel_listings.get().channel

    def count(first):
        with CaptureQueriesContext(connection) as queries:
            content = get_graphql_content(api_client.post_graphql(PRODUCTS, {"first": first}))
        return len(queries), [e["node"]["variants"][0]["quantityAvailable"] for e in content["data"]["products"]["edges"]]

    services.create_checkout(channel, [(products[0].default_variant, 4)], email="a@example.com")
    assert sorted(count(10)[1]) == [6] + [10] * 9
    for product in products[1:]:
        services.create_checkout(channel, [(product.default_variant, 3)], email="b@example.com")
    one, _ = count(1)
    ten, values = count(10)
    assert sorted(values) == [6] + [7] * 9
    assert one == ten, (one, ten)


# --- 11. checkoutComplete answers with the order as stored ------------------------------------

COMPLETE_PAID = """
mutation($id: ID!) {
  checkoutComplete(id: $id) {
    order { id chargeStatus authorizeStatus isPaid total { gross { amount } } totalCharged { amount } totalBalance { amount } }
    errors { field code message }
  }
}"""
ORDER = "query($id: ID!) { order(id: $id) { chargeStatus authorizeStatus isPaid totalCharged { amount } totalBalance { amount } transactions { chargedAmount { amount } } } }"


def test_completing_a_checkout_paid_by_card_answers_with_the_paid_order(
    api_client, staff_api_client, product, shipping_method, stripe_settings, browser_stripe
):
    created = get_graphql_content(
        api_client.post_graphql(
            CREATE,
            {"input": {"channel": "online", "email": "lan@example.com", "lines": [{"variantId": variant_id(product), "quantity": 2}]}},
        )
    )
    cid = created["data"]["checkoutCreate"]["checkout"]["id"]
    checkout = ship_to(api_client, cid, shipping_method)
    total = checkout["totalPrice"]["gross"]["amount"]
    assert total == 120000.0

    # Paid before completing: Stripe.js confirms the PaymentIntent, Stripe's webhook records it.
    started = get_graphql_content(
        api_client.post_graphql(TRANSACTION_INITIALIZE, {"id": cid, "gateway": "ocop.payments.stripe", "amount": total, "key": "k1"})
    )
    started = started["data"]["transactionInitialize"]
    assert started["errors"] == []
    intent_id = started["data"]["paymentIntent"]["id"]
    browser_stripe.v1.payment_intents.update(intent_id, {"payment_method": "pm_card_visa"})
    assert browser_stripe.v1.payment_intents.confirm(intent_id).status == "succeeded"
    assert post_stripe_event(api_client, localstripe_event(browser_stripe, "payment_intent.succeeded", intent_id)).status_code == 200

    result = get_graphql_content(api_client.post_graphql(COMPLETE_PAID, {"id": cid}))["data"]["checkoutComplete"]
    assert result["errors"] == []
    stored = Order.objects.get()
    assert (stored.charge_status, stored.total_charged_amount) == ("full", Decimal(120000))
    answered = result["order"]
    assert answered == {
        "id": answered["id"],
        "chargeStatus": "FULL",
        "authorizeStatus": "FULL",
        "isPaid": True,
        "total": {"gross": {"amount": 120000.0}},
        "totalCharged": {"amount": 120000.0},
        "totalBalance": {"amount": 0.0},
    }
    # Exactly what a later read of the stored order says, the card payment attached to it.
    read = get_graphql_content(staff_api_client.post_graphql(ORDER, {"id": answered["id"]}, permissions=["MANAGE_ORDERS"]))["data"]["order"]
    assert read.pop("transactions") == [{"chargedAmount": {"amount": 120000.0}}]
    assert read == {k: v for k, v in answered.items() if k in read}
