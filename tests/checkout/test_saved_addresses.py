"""Completing a signed-in customer's checkout keeps its addresses in their address book (as
Saleor does): a copy, stored once, made the default when they have none; saveAddress: false
keeps it out."""

from __future__ import annotations

import pytest
from graphene.relay import Node

from commerce.account.models import Address
from commerce.order.models import Order
from tests.conftest import get_graphql_content

from .conftest import ADDRESS, BILLING_ADDRESS, DELIVERY, SHIPPING_ADDRESS, complete, create_checkout, variant_id

pytestmark = pytest.mark.django_db

COD = '{"gateway": "ocop.payments.cod"}'


def place_order(client, product, shipping_method, address=ADDRESS, billing=None, save_address=None):
    checkout = create_checkout(client, [{"variantId": variant_id(product), "quantity": 1}])["checkout"]
    shipping = {"id": checkout["id"], "address": address}
    if save_address is not None:
        shipping_query = SHIPPING_ADDRESS.replace("$address: AddressInput!)", "$address: AddressInput!, $save: Boolean)").replace(
            "shippingAddress: $address)", "shippingAddress: $address, saveAddress: $save)"
        )
        data = get_graphql_content(client.post_graphql(shipping_query, {**shipping, "save": save_address}))["data"][
            "checkoutShippingAddressUpdate"
        ]
    else:
        data = get_graphql_content(client.post_graphql(SHIPPING_ADDRESS, shipping))["data"]["checkoutShippingAddressUpdate"]
    assert data["errors"] == []
    data = get_graphql_content(client.post_graphql(BILLING_ADDRESS, {"id": checkout["id"], "address": billing or address}))["data"][
        "checkoutBillingAddressUpdate"
    ]
    assert data["errors"] == []
    data = get_graphql_content(
        client.post_graphql(DELIVERY, {"id": checkout["id"], "method": Node.to_global_id("ShippingMethod", shipping_method.pk)})
    )["data"]["checkoutDeliveryMethodUpdate"]
    assert data["errors"] == []
    result = complete(client, checkout["id"], payment_data=COD)
    assert result["errors"] == [], result["errors"]
    return Order.objects.get(pk=Node.resolve_global_id(None, result["order"]["id"])[1])


def book(user):
    return [(a.street_address_1, a.city, a.country_area, a.phone) for a in user.addresses.order_by("pk")]


def test_first_order_saves_the_address_as_default_and_a_second_adds_nothing(user_api_client, customer_user, product, shipping_method):
    order = place_order(user_api_client, product, shipping_method)
    customer_user.refresh_from_db()
    assert book(customer_user) == [("12 Đường 30/4", "Phường Tân Ninh", "Tây Ninh", "+84912345678")]
    saved = customer_user.addresses.get()
    # A copy of its own: neither the order's snapshot nor the (deleted) checkout's row.
    assert saved.pk not in (order.shipping_address_id, order.billing_address_id)
    assert customer_user.default_shipping_address_id == saved.pk
    assert customer_user.default_billing_address_id == saved.pk  # the billing address was the same

    # Same place typed differently: the cleaned address is equal, so nothing is added.
    addresses_before = Address.objects.count()
    place_order(user_api_client, product, shipping_method, address={**ADDRESS, "city": "P. Tân Ninh", "phone": "+84 912 345 678"})
    customer_user.refresh_from_db()
    assert customer_user.addresses.count() == 1
    assert Address.objects.count() == addresses_before + 2  # only the new order's shipping and billing copies
    assert customer_user.default_shipping_address_id == saved.pk


def test_a_new_address_is_added_but_does_not_replace_the_default(user_api_client, customer_user, product, shipping_method):
    place_order(user_api_client, product, shipping_method)
    place_order(user_api_client, product, shipping_method, address={**ADDRESS, "streetAddress1": "5 Trưng Nữ Vương"})
    customer_user.refresh_from_db()
    assert [street for street, *_ in book(customer_user)] == ["12 Đường 30/4", "5 Trưng Nữ Vương"]
    assert customer_user.default_shipping_address.street_address_1 == "12 Đường 30/4"


def test_a_different_billing_address_is_saved_as_the_billing_default(user_api_client, customer_user, product, shipping_method):
    place_order(
        user_api_client,
        product,
        shipping_method,
        billing={**ADDRESS, "firstName": "Công ty", "lastName": "TNHH Gò Dầu", "streetAddress1": "3 Quốc lộ 22"},
    )
    customer_user.refresh_from_db()
    assert [street for street, *_ in book(customer_user)] == ["12 Đường 30/4", "3 Quốc lộ 22"]
    assert customer_user.default_shipping_address.street_address_1 == "12 Đường 30/4"
    assert customer_user.default_billing_address.street_address_1 == "3 Quốc lộ 22"


def test_save_address_false_keeps_the_shipping_address_out(user_api_client, customer_user, product, shipping_method):
    place_order(user_api_client, product, shipping_method, save_address=False, billing={**ADDRESS, "streetAddress1": "3 Quốc lộ 22"})
    customer_user.refresh_from_db()
    assert [street for street, *_ in book(customer_user)] == ["3 Quốc lộ 22"]
    assert customer_user.default_shipping_address_id is None


def test_save_flags_on_checkout_create_need_an_address(user_api_client, product):
    from .conftest import CREATE

    variables = {
        "input": {
            "channel": "online",
            "email": "lan@example.com",
            "lines": [{"variantId": variant_id(product), "quantity": 1}],
            "saveShippingAddress": False,
        }
    }
    data = get_graphql_content(user_api_client.post_graphql(CREATE, variables))["data"]["checkoutCreate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("saveShippingAddress", "MISSING_ADDRESS_DATA")]
    variables["input"]["shippingAddress"] = ADDRESS
    data = get_graphql_content(user_api_client.post_graphql(CREATE, variables))["data"]["checkoutCreate"]
    assert data["errors"] == []
    from commerce.checkout.models import Checkout

    checkout = Checkout.objects.get(pk=Node.resolve_global_id(None, data["checkout"]["id"])[1])
    assert (checkout.save_shipping_address, checkout.save_billing_address) == (False, True)


def test_a_guest_order_saves_nothing(api_client, customer_user, product, shipping_method):
    place_order(api_client, product, shipping_method)
    assert Address.objects.filter(user_addresses__isnull=False).count() == 0


def test_the_saved_address_is_what_the_next_checkout_reads(user_api_client, customer_user, product, shipping_method):
    place_order(user_api_client, product, shipping_method)
    me = get_graphql_content(user_api_client.post_graphql("{ me { defaultShippingAddress { streetAddress1 city countryArea phone } } }"))[
        "data"
    ]["me"]
    assert me["defaultShippingAddress"] == {
        "streetAddress1": "12 Đường 30/4",
        "city": "Phường Tân Ninh",
        "countryArea": "Tây Ninh",
        "phone": "+84912345678",
    }
