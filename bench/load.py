"""`make load`: locust, headless on 127.0.0.1, against gunicorn on the 10,000-product bench
catalog (bench/dataset.py in the ocop_bench database) at 10, 50 and 100 users; prints requests/s,
p50/p95/p99 and errors per run, then checks the books: orders placed == checkouts locust saw
succeed, and for every variant sold, allocated + still available == its stock before the run
(nothing oversold, nothing lost).

    python -m bench.load [--users 10,50,100] [--seconds 30] [--products 10000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return f"{os.cpu_count()} CPU ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(products: int, out=print) -> dict:
    """The bench database, filled and indexed, with a shipping method and stock to sell."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from graphene.relay import Node

    from bench.database import use_bench_database
    from bench.dataset import bench_product_count, fill, index_search
    from commerce.channel.models import Channel
    from commerce.product.models import Category, Product
    from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
    from commerce.warehouse.models import Stock
    from django.db import connection

    use_bench_database(reuse=True)
    if bench_product_count() < products:
        out(f"• filling the bench catalog to {products} products (once; reused afterwards)…", flush=True)
        fill(products, log=lambda *a, **k: None)
        index_search()
    channel = Channel.objects.get(slug="online")
    zone, _ = ShippingZone.objects.get_or_create(name="Việt Nam (load)", defaults={"countries": ["VN"]})
    zone.channels.add(channel)
    method, _ = ShippingMethod.objects.get_or_create(name="Giao hàng tiêu chuẩn (load)", shipping_zone=zone)
    ShippingMethodChannelListing.objects.get_or_create(
        shipping_method=method, channel=channel, defaults={"currency": "VND", "price_amount": Decimal(30000)}
    )
    # 300 variants on sale, with deliberately little stock for some so the run contends.
    stocks = list(
        Stock.objects.filter(quantity__gt=0, product_variant__channel_listings__channel=channel).order_by("product_variant_id")[:300]
    )
    for i, stock in enumerate(stocks):
        if i % 10 == 0:
            stock.quantity = stock.quantity_allocated + 5  # scarce: 5 left
            stock.save(update_fields=["quantity"])
    variants = [Node.to_global_id("ProductVariant", s.product_variant_id) for s in stocks]
    slugs = list(
        Product.objects.filter(channel_listings__channel=channel, channel_listings__is_published=True)
        .order_by("?")
        .values_list("slug", flat=True)[:500]
    )
    categories = list(Category.objects.values_list("slug", flat=True)[:20])
    connection.close()
    return {
        "slugs": slugs,
        "variants": variants,
        "categories": categories,
        "terms": ["muoi", "muối ớt", "banh trang", "mang cau", "tay ninh", "tôm", "sấy", "mật ong", "trà", "xyz-không-có"],
        "shipping_method": Node.to_global_id("ShippingMethod", method.pk),
        "stock_ids": [s.pk for s in stocks],
        "database": connection.settings_dict["NAME"],
    }


def snapshot(stock_ids) -> dict:
    from commerce.warehouse.models import Stock

    return {s.pk: (s.product_variant_id, s.quantity, s.quantity_allocated) for s in Stock.objects.filter(pk__in=stock_ids)}


def run_locust(host: str, users: int, seconds: int, env: dict, folder: Path) -> dict:
    prefix = folder / f"u{users}"
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "-u",
        str(users),
        "-r",
        str(max(users // 5, 2)),
        "--run-time",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
    ]
    subprocess.run(
        cmd, env=env, cwd=ROOT, stdout=open(folder / f"locust-u{users}.log", "w"), stderr=subprocess.STDOUT, timeout=seconds + 120
    )
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    by_name = {r["Name"]: r for r in rows if r["Name"] != "Aggregated"}
    return {
        "users": users,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": total["50%"],
        "p95": total["95%"],
        "p99": total["99%"],
        "by_name": by_name,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", default="10,50,100")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    os.environ.setdefault("OCOP_DEV", "1")
    data = prepare(args.products)
    from django.db import connection

    from commerce.order.models import Order

    folder = Path(tempfile.mkdtemp(prefix="ocop-load-"))
    (folder / "data.json").write_text(json.dumps(data))
    orders_file = folder / "orders.jsonl"
    orders_file.touch()
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + data["database"]
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-" + "x" * 45,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": "memory://",
        "RATE_LIMIT_SIGN_IN": "0",
        "RATE_LIMIT_CHECKOUT": "0",
        "RATE_LIMIT_ACCOUNT_REGISTER": "0",
        "LOAD_DATA_FILE": str(folder / "data.json"),
        "LOAD_ORDERS_FILE": str(orders_file),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("OCOP_DEV", None)
    before = snapshot(data["stock_ids"])
    from django.utils import timezone

    started_at = timezone.now()
    connection.close()
    web = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            "4",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=open(folder / "web.log", "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{port}"
    results = []
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{host}/healthz/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        for path in ("/", "/products/", "/search/?q=muoi"):
            urllib.request.urlopen(host + path, timeout=30)  # warm both workers' caches
        print(
            f"Load test on {machine()}\ngunicorn {args.workers} workers × 4 threads, {args.products} products, {args.seconds}s per step; logs in {folder}\n",
            flush=True,
        )
        print(f"{'users':>5} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}", flush=True)
        for users in [int(u) for u in args.users.split(",")]:
            result = run_locust(host, users, args.seconds, env, folder)
            results.append(result)
            print(
                f"{users:>5} {result['requests']:>9} {result['rps']:>7.1f} {result['p50']:>7} {result['p95']:>7} {result['p99']:>7} "
                f"{result['failures']:>7}",
                flush=True,
            )
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)

    # The books. The database is the truth; the client's notes bound it: every checkoutComplete
    # it saw succeed is an order, and at most the ones whose answer never arrived (cut at a
    # step's end or timed out) are orders it did not hear about.
    from commerce.order.models import OrderLine

    notes = [json.loads(line) for line in orders_file.read_text().splitlines() if line.strip()]
    sent = {n["sent"] for n in notes if "sent" in n}
    placed = {n["placed"] for n in notes if "placed" in n}
    refused = {n["refused"] for n in notes if "refused" in n}
    unknown = sent - placed - refused
    new_orders = Order.objects.filter(created_at__gte=started_at)
    in_database = new_orders.count()
    sold: dict[int, int] = {}
    for variant, quantity in OrderLine.objects.filter(order__in=new_orders).values_list("variant_id", "quantity"):
        sold[variant] = sold.get(variant, 0) + quantity
    after = snapshot(data["stock_ids"])
    problems = []
    if not len(placed) <= in_database <= len(placed) + len(unknown):
        problems.append(f"orders in the database {in_database}, checkouts seen to succeed {len(placed)}, answers lost {len(unknown)}")
    for stock_id, (variant, quantity, allocated) in after.items():
        _, quantity_before, allocated_before = before[stock_id]
        if quantity != quantity_before:
            problems.append(f"stock {stock_id}: quantity changed {quantity_before} → {quantity}")
        if allocated - allocated_before != sold.get(variant, 0):
            problems.append(f"variant {variant}: allocated +{allocated - allocated_before} but ordered {sold.get(variant, 0)}")
        if allocated > quantity:
            problems.append(f"variant {variant}: oversold ({allocated} allocated of {quantity})")
    print(
        f"\ncheckouts completed {len(placed)} (+{len(unknown)} whose answer was cut at a step's end), refused {len(refused)}; "
        f"orders in the database {in_database}; units ordered {sum(sold.values())} over {len(sold)} variants; "
        f"allocated + available == stock before for every variant: {'yes' if not any('allocated' in p or 'quantity' in p for p in problems) else 'NO'}"
    )
    for problem in problems[:20]:
        print("  PROBLEM:", problem)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "load-results.json").write_text(
        json.dumps(
            {
                "machine": machine(),
                "results": [{k: v for k, v in r.items() if k != "by_name"} for r in results],
                "orders": in_database,
                "problems": problems,
            },
            indent=1,
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
