"""One customer cannot read another's order through the API: not by global ID, not by the
order's UUID (its token), not through `me`, not by external reference."""

from __future__ import annotations

import json

import pytest

from commerce.graphql.core.types import to_global_id
from tests.conftest import ApiClient

from .conftest import make_order

ORDER = (
    "query($id: ID, $ref: String) { order(id: $id, externalReference: $ref) { id number userEmail shippingAddress { streetAddress1 } } }"
)
ME = "{ me { email orders(first: 10) { edges { node { id number } } } } }"


@pytest.fixture
def orders(channel_online, customer_user, other_customer):
    mine = make_order(channel_online, user=customer_user, email=customer_user.email)
    theirs = make_order(channel_online, user=other_customer, email=other_customer.email, street="99 Hẻm bí mật")
    theirs.external_reference = "web-99"
    theirs.save(update_fields=["external_reference"])
    return mine, theirs


def _order(client, **variables):
    body = json.loads(client.post_graphql(ORDER, variables).content)
    return body.get("data", {}).get("order") if body.get("data") else None, body.get("errors") or []


def test_the_owner_reads_their_order(orders, customer_user):
    mine, _ = orders
    order, errors = _order(ApiClient(user=customer_user), id=to_global_id("Order", mine.pk))
    assert errors == [] and order["number"] == str(mine.number)


@pytest.mark.parametrize("caller", ["customer", "anonymous"])
def test_another_callers_order_is_refused_by_id_token_and_reference(orders, customer_user, caller):
    _, theirs = orders
    client = ApiClient(user=customer_user) if caller == "customer" else ApiClient()
    for variables in ({"id": to_global_id("Order", theirs.pk)}, {"id": str(theirs.pk)}, {"ref": "web-99"}):
        order, errors = _order(client, **variables)
        assert order is None, variables
        raw = json.dumps(errors)
        assert "99 Hẻm bí mật" not in raw and theirs.user_email not in raw


def test_me_lists_only_my_orders(orders, customer_user):
    mine, theirs = orders
    body = json.loads(ApiClient(user=customer_user).post_graphql(ME).content)
    numbers = {edge["node"]["number"] for edge in body["data"]["me"]["orders"]["edges"]}
    assert numbers == {str(mine.number)}
