"""Checkout figures: a full checkout in-process (create → address → delivery → complete, each a
GraphQL document through the core's executor) and completed orders per second when N threads,
each with its own PostgreSQL connection, complete checkouts for the same few jars.

    python -m bench.checkout [--runs 30] [--threads 8] [--contention-orders 200] [--lines 3]
    ocop manage bench --checkout ...

Runs in its own database (ocop_bench_checkout), rebuilt each time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from decimal import Decimal

from bench import standalone

BENCH_CHECKOUT_DATABASE = "ocop_bench_checkout"

ADDRESS = {
    "firstName": "Lan",
    "streetAddress1": "12 Đường 30/4",
    "city": "Phường Tân Ninh",
    "countryArea": "Tây Ninh",
    "country": "VN",
    "phone": "0912345678",
}
CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) { checkout { id totalPrice { gross { amount } } } errors { code message } } }"""
SHIP = """mutation($id: ID!, $a: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $a) { checkout { shippingMethods { id price { amount } } } errors { code message } }
  checkoutBillingAddressUpdate(id: $id, billingAddress: $a) { errors { code message } } }"""
DELIVERY = """mutation($id: ID!, $m: ID) { checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m) { checkout { totalPrice { gross { amount } } } errors { code message } } }"""
COMPLETE = """mutation($id: ID!) { checkoutComplete(id: $id, paymentData: "{\\"gateway\\": \\"ocop.payments.cod\\"}") { order { number total { gross { amount } } } errors { code message } } }"""


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    group = parser.add_argument_group("checkout bench (--checkout)")
    group.add_argument("--checkout-runs", type=int, default=30, help="timed full checkouts (default 30)")
    group.add_argument("--threads", type=int, default=8, help="concurrent completers (default 8)")
    group.add_argument("--contention-orders", type=int, default=200, help="checkouts completed under contention (default 200)")
    group.add_argument("--lines", type=int, default=3, help="lines per checkout (default 3)")
    return parser


def _execute(query, variables):
    from commerce.graphql.core.execute import execute_document

    body, ok = execute_document(query, variables)
    if not ok or body.get("errors"):
        raise RuntimeError(body.get("errors"))
    data = next(iter(body["data"].values()))
    if isinstance(data, dict) and data.get("errors"):
        raise RuntimeError(data["errors"])
    return body["data"]


def _prepare(lines: int, contention_stock: int):
    """A channel, a warehouse, products with stock and a shipping method; returns (variant IDs, method ID)."""
    from graphene.relay import Node

    from commerce.account.models import Address
    from commerce.channel.models import Channel
    from commerce.product.models import Product, ProductChannelListing, ProductType, ProductVariant, ProductVariantChannelListing
    from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
    from commerce.warehouse.models import ChannelWarehouse, Stock, Warehouse
    from django.utils import timezone

    channel = Channel.objects.create(name="Online", slug="online", currency_code="VND", is_active=True)
    address = Address.objects.create(street_address_1="1 Lê Lợi", city="Phường Tân Ninh", country_area="Tây Ninh")
    warehouse = Warehouse.objects.create(name="Kho", slug="kho", address=address)
    ChannelWarehouse.objects.create(channel=channel, warehouse=warehouse)
    product_type = ProductType.objects.create(name="OCOP", slug="ocop")
    variants = []
    for i in range(lines):
        product = Product.objects.create(name=f"Muối ớt {i}", slug=f"muoi-ot-{i}", product_type=product_type)
        variant = ProductVariant.objects.create(product=product, sku=f"MO-{i}", name="Hũ 100g")
        yesterday = timezone.now() - timezone.timedelta(days=1)
        ProductChannelListing.objects.create(
            product=product,
            channel=channel,
            is_published=True,
            published_at=yesterday,
            available_for_purchase_at=yesterday,
            currency="VND",
            visible_in_listings=True,
        )
        ProductVariantChannelListing.objects.create(
            variant=variant, channel=channel, currency="VND", price_amount=Decimal(45000 + 1000 * i)
        )
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=10_000_000 if i else contention_stock)
        variants.append(Node.to_global_id("ProductVariant", variant.pk))
    zone = ShippingZone.objects.create(name="VN", countries=["VN"])
    zone.channels.add(channel)
    method = ShippingMethod.objects.create(name="Tiêu chuẩn", shipping_zone=zone)
    ShippingMethodChannelListing.objects.create(shipping_method=method, channel=channel, currency="VND", price_amount=Decimal(30000))
    return variants, Node.to_global_id("ShippingMethod", method.pk)


def _checkout_until_complete(variants, method_id, email):
    created = _execute(
        CREATE, {"input": {"channel": "online", "email": email, "lines": [{"variantId": v, "quantity": 1} for v in variants]}}
    )
    checkout_id = created["checkoutCreate"]["checkout"]["id"]
    _execute(SHIP, {"id": checkout_id, "a": ADDRESS})
    _execute(DELIVERY, {"id": checkout_id, "m": method_id})
    return checkout_id


def run(options: dict, out=print) -> dict:
    from django.conf import settings
    from django.db import connection

    from bench.database import use_bench_database
    from bench.measure import percentile
    from commerce.order.models import Order
    from commerce.warehouse.models import Stock

    settings.DEBUG = False
    use_bench_database(BENCH_CHECKOUT_DATABASE, reuse=False)
    runs, threads, total = (
        max(options.get("checkout_runs") or 30, 1),
        max(options.get("threads") or 8, 1),
        max(options.get("contention_orders") or 200, 1),
    )
    lines = max(options.get("lines") or 3, 1)
    jars = total // 2  # half the contended checkouts can be served
    variants, method_id = _prepare(lines, contention_stock=jars)
    # Contention is on the first variant only; the timed checkouts use the others (or it too).
    timed_variants = variants[1:] or variants

    for i in range(3):  # warm-up
        _execute(COMPLETE, {"id": _checkout_until_complete(timed_variants, method_id, f"warm{i}@example.com")})
    samples, complete_samples = [], []
    for i in range(runs):
        start = time.perf_counter()
        checkout_id = _checkout_until_complete(timed_variants, method_id, f"t{i}@example.com")
        mid = time.perf_counter()
        _execute(COMPLETE, {"id": checkout_id})
        end = time.perf_counter()
        samples.append((end - start) * 1000)
        complete_samples.append((end - mid) * 1000)
    out(
        f"• full checkout ({len(timed_variants)} lines, create → address → delivery → complete, COD): "
        f"p50 {statistics.median(samples):.1f} ms, p95 {percentile(samples, 0.95):.1f} ms"
    )
    out(f"  of which checkoutComplete: p50 {statistics.median(complete_samples):.1f} ms, p95 {percentile(complete_samples, 0.95):.1f} ms")

    # Contention: every checkout wants one of `jars` jars of the same product, plus the others.
    settings.CHECKOUT_RESERVATION_MINUTES = 0  # carts filled while the jars were free
    ids = [_checkout_until_complete(variants, method_id, f"c{i}@example.com") for i in range(total)]
    before = Order.objects.count()
    queue = list(ids)
    lock = threading.Lock()
    outcome = {"placed": 0, "refused": 0, "other": 0}

    def worker():
        from commerce.graphql.core.execute import execute_document

        try:
            while True:
                with lock:
                    if not queue:
                        return
                    checkout_id = queue.pop()
                body, _ = execute_document(COMPLETE, {"id": checkout_id})
                result = body["data"]["checkoutComplete"]
                key = (
                    "placed"
                    if result["order"]
                    else "refused"
                    if any(e["code"] == "INSUFFICIENT_STOCK" for e in result["errors"])
                    else "other"
                )
                with lock:
                    outcome[key] += 1
        finally:
            connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    stock = Stock.objects.get(product_variant__sku="MO-0")
    placed = Order.objects.count() - before
    out(f"• contention: {total} checkouts, {threads} threads, {jars} jars of MO-0 (+{lines - 1} other lines each)")
    out(
        f"  {outcome['placed']} orders placed, {outcome['refused']} INSUFFICIENT_STOCK, {outcome['other']} other; "
        f"{total / elapsed:.1f} completions/s, {outcome['placed'] / elapsed:.1f} orders/s"
    )
    out(
        f"  stock MO-0: quantity {stock.quantity}, allocated {stock.quantity_allocated} "
        f"({'no oversell' if stock.quantity_allocated <= stock.quantity and placed == outcome['placed'] else 'OVERSOLD'})"
    )
    return {
        "full_checkout_p50_ms": statistics.median(samples),
        "full_checkout_p95_ms": percentile(samples, 0.95),
        "complete_p50_ms": statistics.median(complete_samples),
        "complete_p95_ms": percentile(complete_samples, 0.95),
        "orders_per_second": outcome["placed"] / elapsed,
        "completions_per_second": total / elapsed,
        **outcome,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.checkout", description=__doc__.split("\n\n")[0])
    return standalone.main(add_arguments(parser), run, argv)


if __name__ == "__main__":
    sys.exit(main())
