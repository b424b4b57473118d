"""The SQL count of reading and completing a checkout does not grow with its lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphene.relay import Node

from commerce.checkout import services
from tests.conftest import get_graphql_content

from .conftest import CHECKOUT_FIELDS, COMPLETE

pytestmark = pytest.mark.django_db

QUERY = (
    "query($id: ID!) { checkout(id: $id) { %s lines { variant { name product { name } } requiresShipping undiscountedUnitPrice { amount } } } }"
    % CHECKOUT_FIELDS
)
ADDRESS = {"street_address_1": "1 Lê Lợi", "city": "Phường Tân Ninh", "country_area": "Tây Ninh", "phone": "0912345678"}


def _checkout(products, shipping_method):
    channel = products[0].channel_listings.get().channel
    checkout = services.create_checkout(
        channel, [(p.default_variant, 1) for p in products], email="a@example.com", shipping_address=ADDRESS, billing_address=ADDRESS
    )
    services.set_delivery_method(checkout, shipping_method=shipping_method)
    return Node.to_global_id("Checkout", checkout.pk)


def _count(client, query, variables):
    with CaptureQueriesContext(connection) as queries:
        content = get_graphql_content(client.post_graphql(query, variables))
    return len(queries), content


def test_checkout_query_count_does_not_grow_with_lines(api_client, products_factory, shipping_method):
    products = products_factory(11, with_image=False)
    one = _checkout(products[:1], shipping_method)
    ten = _checkout(products[1:], shipping_method)
    few, few_content = _count(api_client, QUERY, {"id": one})
    many, many_content = _count(api_client, QUERY, {"id": ten})
    assert len(few_content["data"]["checkout"]["lines"]) == 1 and len(many_content["data"]["checkout"]["lines"]) == 10
    assert few == many, (few, many)


def test_checkout_complete_query_count_does_not_grow_with_lines(api_client, products_factory, shipping_method):
    products = products_factory(11, with_image=False)
    one = _checkout(products[:1], shipping_method)
    ten = _checkout(products[1:], shipping_method)
    few, few_content = _count(api_client, COMPLETE, {"id": one})
    many, many_content = _count(api_client, COMPLETE, {"id": ten})
    assert few_content["data"]["checkoutComplete"]["errors"] == [] and len(many_content["data"]["checkoutComplete"]["order"]["lines"]) == 10
    assert few == many, (few, many)
