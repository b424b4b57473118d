"""No overselling under real concurrency: threads with their own PostgreSQL connections
complete checkouts at the same moment."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from graphene.relay import Node

from commerce.checkout import services
from commerce.checkout.complete import complete_checkout
from commerce.order.models import Order
from commerce.warehouse.models import Allocation, ChannelWarehouse, Stock, Warehouse
from tests.conftest import ApiClient, get_graphql_content

from .conftest import COMPLETE, ADDRESS

pytestmark = pytest.mark.django_db(transaction=True)

SNAKE_ADDRESS = {
    "first_name": "Lan",
    "street_address_1": "1 Lê Lợi",
    "city": "Phường Tân Ninh",
    "country_area": "Tây Ninh",
    "phone": "0912345678",
}


def _ready_checkout(channel, variant, shipping_method=None, quantity=1, email="k@example.com"):
    checkout = services.create_checkout(
        channel, [(variant, quantity)], email=email, shipping_address=SNAKE_ADDRESS, billing_address=SNAKE_ADDRESS
    )
    if shipping_method is not None:
        services.set_delivery_method(checkout, shipping_method=shipping_method)
    return checkout


def _run_together(count, work):
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_thirty_shoppers_ten_jars(settings, product, shipping_method):
    # Holds are off here: all thirty carts were filled while the jars were still free.
    settings.CHECKOUT_RESERVATION_MINUTES = 0
    variant = product.default_variant
    channel = product.channel_listings.get().channel
    checkouts = [_ready_checkout(channel, variant, shipping_method, email=f"k{i}@example.com") for i in range(30)]
    ids = [Node.to_global_id("Checkout", c.pk) for c in checkouts]

    def complete(index):
        response = ApiClient().post_graphql(COMPLETE, {"id": ids[index]})
        return get_graphql_content(response)["data"]["checkoutComplete"]

    results = _run_together(30, complete)
    assert not [r for r in results if isinstance(r, Exception)], results
    placed = [r for r in results if r["order"]]
    refused = [r for r in results if not r["order"]]
    assert len(placed) == 10 and len(refused) == 20
    assert all(
        [(e["code"], e["variants"]) for e in r["errors"]] == [("INSUFFICIENT_STOCK", [Node.to_global_id("ProductVariant", variant.pk)])]
        for r in refused
    )
    stock = Stock.objects.get(product_variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (10, 10)
    assert sum(Allocation.objects.values_list("quantity_allocated", flat=True)) == 10
    assert Order.objects.count() == 10
    assert len(set(Order.objects.values_list("number", flat=True))) == 10


def test_two_racing_completions_of_one_checkout_give_one_order(product, shipping_method):
    channel = product.channel_listings.get().channel
    checkout = _ready_checkout(channel, product.default_variant, shipping_method, quantity=2)
    results = _run_together(2, lambda i: complete_checkout(checkout.pk).order.pk)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0] == results[1]
    assert Order.objects.count() == 1
    assert Stock.objects.get(product_variant=product.default_variant).quantity_allocated == 2


def test_allocation_follows_channel_warehouse_priority(product, shipping_method, warehouse):
    channel = product.channel_listings.get().channel
    first = Warehouse.objects.create(name="Kho hội chợ", slug="kho-hoi-cho", address=warehouse.address)
    ChannelWarehouse.objects.filter(warehouse=warehouse).update(sort_order=5)
    ChannelWarehouse.objects.create(channel=channel, warehouse=first, sort_order=1)
    Stock.objects.create(warehouse=first, product_variant=product.default_variant, quantity=3)
    # 2 fit in the first warehouse; 4 do not fit in either alone: 3 + 1 across both.
    order_a = complete_checkout(_ready_checkout(channel, product.default_variant, shipping_method, quantity=2).pk).order
    order_b = complete_checkout(
        _ready_checkout(channel, product.default_variant, shipping_method, quantity=4, email="b@example.com").pk
    ).order
    a = {(al.stock.warehouse_id, al.quantity_allocated) for al in Allocation.objects.filter(order_line__order=order_a)}
    b = {(al.stock.warehouse_id, al.quantity_allocated) for al in Allocation.objects.filter(order_line__order=order_b)}
    assert a == {(first.pk, 2)}
    assert b == {(warehouse.pk, 4)}  # the first with enough for the whole line
    assert Stock.objects.get(warehouse=first).quantity_allocated == 2
