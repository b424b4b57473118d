"""Fair POS figures: a register that was offline all morning sends its 1,000 sales (in the
register's batches of 200, through the sync API view), then — its answers lost — sends all
1,000 again. Goals: ingest ≤ 10 s (orders made in the core included), refuse the resend
≤ 2 s with 0 new orders.

    python -m bench.pos [--sales 1000] [--batch 200]
    ocop manage bench --pos ...

Runs in its own database (ocop_bench_pos), rebuilt each time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from datetime import date, datetime, timezone as dt_timezone
from decimal import Decimal

from bench import standalone

BENCH_POS_DATABASE = "ocop_bench_pos"
INGEST_GOAL_S, RESEND_GOAL_S = 10.0, 2.0


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    group = parser.add_argument_group("POS bench (--pos)")
    group.add_argument("--pos-sales", type=int, default=1000, help="offline sales to ingest (default 1000)")
    group.add_argument("--pos-batch", type=int, default=200, help="sales per sync request, as the register sends them (default 200)")
    return parser


def _prepare(products: int = 8):
    """A producer with products in `online`, a fair booth set up through the POS's services,
    a paired register, a cashier and an open session. Returns (register, token, session, variants)."""
    from commerce.account.models import Address
    from commerce.attribute.models import (
        AssignedProductAttributeValue,
        Attribute,
        AttributeEntityType,
        AttributeInputType,
        AttributeProduct,
        AttributeValue,
    )
    from commerce.channel.models import Channel
    from commerce.graphql.core.types import to_global_id
    from commerce.page.models import Page, PageType
    from commerce.product.models import Product, ProductChannelListing, ProductType, ProductVariant, ProductVariantChannelListing
    from commerce.warehouse.models import ChannelWarehouse, Stock, Warehouse
    from django.utils import timezone
    from pos.models import Booth, Cashier, Fair, Register
    from pos.services import devices, setup
    from pos.services.core import install_app
    from pos.services.sessions import open_session

    install_app()
    online = Channel.objects.create(name="Online", slug="online", currency_code="VND", default_country="VN", is_active=True)
    warehouse = Warehouse.objects.create(
        name="Kho chủ thể", slug="kho", address=Address.objects.create(street_address_1="1 Lê Lợi", city="Tây Ninh")
    )
    ChannelWarehouse.objects.create(channel=online, warehouse=warehouse)
    page = Page.objects.create(
        title="HTX Bánh tráng Trảng Bàng",
        slug="htx-trang-bang",
        page_type=PageType.objects.create(name="Chủ thể", slug="ocop-producer"),
        is_published=True,
    )
    product_type = ProductType.objects.create(name="OCOP", slug="ocop-product")
    attribute = Attribute.objects.create(
        slug="producer", name="Chủ thể", input_type=AttributeInputType.REFERENCE, entity_type=AttributeEntityType.PAGE
    )
    AttributeProduct.objects.create(attribute=attribute, product_type=product_type)
    yesterday = timezone.now() - timezone.timedelta(days=1)
    for i in range(products):
        product = Product.objects.create(name=f"Bánh tráng {i}", slug=f"banh-trang-{i}", product_type=product_type)
        variant = ProductVariant.objects.create(product=product, sku=f"BT-{i}", name="Gói 500g")
        ProductChannelListing.objects.create(
            product=product,
            channel=online,
            is_published=True,
            published_at=yesterday,
            available_for_purchase_at=yesterday,
            currency="VND",
            visible_in_listings=True,
        )
        ProductVariantChannelListing.objects.create(variant=variant, channel=online, currency="VND", price_amount=Decimal(40000 + 5000 * i))
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=100_000)
        value = AttributeValue.objects.create(attribute=attribute, name=page.title, slug=f"{product.pk}_{page.pk}", reference_page=page)
        AssignedProductAttributeValue.objects.create(value=value, product=product)
    fair = Fair.objects.create(name="Hội chợ bench", slug="bench", venue="Tây Ninh", starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 3))
    booth = Booth.objects.create(
        fair=fair,
        name="Bánh tráng",
        code="B1",
        producer_page_id=to_global_id("Page", page.pk),
        bank_bin="970436",
        bank_account="1017595600",
    )
    setup.setup_booth(booth)
    variants = [to_global_id("ProductVariant", v) for v in ProductVariant.objects.order_by("pk").values_list("pk", flat=True)]
    setup.transfer_stock(booth, [setup.Transfer(v, 50_000) for v in variants])
    register = Register.objects.create(booth=booth, name="Bench", code="1")
    register, token = devices.pair(devices.new_pairing_code(register))
    cashier = Cashier(booth=booth, name="Lan", max_discount_percent=10)
    devices.set_pin(cashier, "1234")
    cashier.save()
    session, _ = open_session(register, cashier, 500000)
    return register, token, session, cashier, variants


def _sales(register, session, cashier, variants, count: int) -> list[dict]:
    sales = []
    for n in range(count):
        lines = [
            {
                "variantId": variants[(n + k) % len(variants)],
                "sku": f"BT-{(n + k) % len(variants)}",
                "productName": "Bánh tráng",
                "quantity": 1 + k,
                "unitPrice": 36000,
                "discount": 0,
            }
            for k in range(1 + n % 3)
        ]
        total = sum(l["quantity"] * l["unitPrice"] for l in lines)
        payments = (
            [{"method": "cash", "amount": total, "tendered": total + 4000}]
            if n % 3 == 0
            else [{"method": "vietqr", "amount": total}]
            if n % 3 == 1
            else [{"method": "cash", "amount": 36000, "tendered": 50000}, {"method": "card", "amount": total - 36000, "reference": f"T{n}"}]
        )
        sales.append(
            {
                "uuid": str(uuid.uuid4()),
                "kind": "sale",
                "receiptNumber": f"{register.receipt_prefix}-{n + 1:06d}",
                "sessionId": session.pk,
                "cashierId": cashier.pk,
                "createdAt": datetime.now(dt_timezone.utc).isoformat(),
                "lines": lines,
                "discount": 0,
                "total": total,
                "payments": payments,
            }
        )
    return sales


def _send(client, sales, batch: int) -> dict:
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
    for start in range(0, len(sales), batch):
        response = client.post(
            "/pos/api/sales/sync", data=json.dumps({"sales": sales[start : start + batch]}), content_type="application/json"
        )
        if response.status_code != 200:
            raise RuntimeError(response.content[:500])
        body = response.json()
        for key in counts:
            counts[key] += body[key]
    return counts


def run(options: dict, out=print) -> dict:
    from django.conf import settings
    from django.test import Client

    from bench.database import use_bench_database
    from commerce.order.models import Order

    settings.DEBUG = False
    settings.POS_RATE_LIMIT_SYNC = 0  # the bench measures ingestion, not the limiter
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    use_bench_database(BENCH_POS_DATABASE, reuse=False)
    count, batch = max(options.get("pos_sales") or 1000, 1), max(options.get("pos_batch") or 200, 1)
    register, token, session, cashier, variants = _prepare()
    client = Client(HTTP_AUTHORIZATION=f"Device {token}")
    _send(client, _sales(register, session, cashier, variants, 5), batch)  # warm-up: imports, parsed documents
    sales = _sales(register, session, cashier, variants, count)
    orders_before = Order.objects.count()

    start = time.perf_counter()
    first = _send(client, sales, batch)
    ingest_s = time.perf_counter() - start
    made = Order.objects.count() - orders_before
    out(
        f"• ingest {count} offline sales ({batch} a request, orders made in the core): {ingest_s:.2f} s "
        f"({count / ingest_s:.0f} sales/s) — goal ≤ {INGEST_GOAL_S:.0f} s: {'met' if ingest_s <= INGEST_GOAL_S else 'MISSED'}"
    )
    out(f"  accepted {first['accepted']}, duplicate {first['duplicate']}, rejected {first['rejected']}; orders created {made}")

    start = time.perf_counter()
    again = _send(client, sales, batch)
    resend_s = time.perf_counter() - start
    new_orders = Order.objects.count() - orders_before - made
    out(
        f"• refuse the same {count} resent: {resend_s:.2f} s — goal ≤ {RESEND_GOAL_S:.0f} s: {'met' if resend_s <= RESEND_GOAL_S else 'MISSED'}; "
        f"duplicate {again['duplicate']}, new orders {new_orders}"
    )
    out(f"  ratio resend/ingest {resend_s / ingest_s:.2f}")
    return {
        "ingest_s": ingest_s,
        "resend_s": resend_s,
        "orders_created": made,
        "new_orders_on_resend": new_orders,
        "accepted": first["accepted"],
        "duplicate_on_resend": again["duplicate"],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pos", description=__doc__.split("\n\n")[0])
    return standalone.main(add_arguments(parser), run, argv)


if __name__ == "__main__":
    sys.exit(main())
