"""Fair setup, all through the core's API as the `pos` App: the fair's channel `fair-<slug>`,
each booth's warehouse linked to it, fair prices, stock moved to the booth."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


from . import core
from ..models import Booth, Fair

PRODUCER_PAGE_TYPE = "ocop-producer"
RETAIL_CHANNEL = "online"


class SetupError(Exception):
    pass


def fair_price(online_price: Decimal, discount_percent: Decimal) -> Decimal:
    """Online price less the fair discount, rounded to 1.000 ₫ (no one gives change in đồng);
    never below 1.000 ₫ nor above the online price."""
    raw = Decimal(online_price) * (Decimal(100) - Decimal(discount_percent)) / Decimal(100)
    rounded = (raw / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000
    return min(max(rounded, Decimal(1000)), Decimal(online_price))


def ensure_fair_channel(fair: Fair, gql=None) -> str:
    """The fair's channel (created once, found by slug afterwards); returns its ID."""
    gql = gql or core.client()
    slug = fair.expected_channel_slug
    found = gql.execute("PosChannel", {"slug": slug})["channel"]
    if found is None:
        warehouses = [b.warehouse_id for b in fair.booths.exclude(warehouse_id="")]
        data = gql.execute(
            "PosChannelCreate",
            {
                "input": {
                    "name": f"Hội chợ: {fair.name}"[:250],
                    "slug": slug,
                    "currencyCode": "VND",
                    "defaultCountry": "VN",
                    "isActive": True,
                    "addWarehouses": warehouses,
                }
            },
            raise_on_payload_errors=True,
        )
        found = data["channelCreate"]["channel"]
    Fair.objects.filter(pk=fair.pk).update(channel_id=found["id"], channel_slug=found["slug"])
    fair.channel_id, fair.channel_slug = found["id"], found["slug"]
    return found["id"]


def ensure_booth_warehouse(booth: Booth, gql=None) -> str:
    """The booth's own warehouse (stock at the booth is counted apart from the producer's),
    added to the fair channel so the fair's orders take stock from it."""
    gql = gql or core.client()
    fair = booth.fair
    channel_id = fair.channel_id or ensure_fair_channel(fair, gql)
    if not booth.producer_slug:
        page = gql.execute("PosPage", {"id": booth.producer_page_id})["page"]
        if page is None or (page.get("pageType") or {}).get("slug") != PRODUCER_PAGE_TYPE:
            raise SetupError(f"{booth.producer_page_id} is not a producer page ({PRODUCER_PAGE_TYPE})")
        booth.producer_slug, booth.producer_name = page["slug"], page["title"]
        Booth.objects.filter(pk=booth.pk).update(producer_slug=page["slug"], producer_name=page["title"])
    if not booth.warehouse_id:
        data = gql.execute(
            "PosWarehouseCreate",
            {
                "input": {
                    "name": f"{fair.name} · gian {booth.code} · {booth.producer_name or booth.name}"[:250],
                    "slug": f"{fair.expected_channel_slug}-{booth.code}".lower(),
                    "address": {"streetAddress1": fair.venue[:250], "city": fair.venue[:250], "country": "VN", "skipValidation": True},
                }
            },
            raise_on_payload_errors=True,
        )
        booth.warehouse_id = data["createWarehouse"]["warehouse"]["id"]
        Booth.objects.filter(pk=booth.pk).update(warehouse_id=booth.warehouse_id)
    gql.execute("PosChannelAddWarehouses", {"id": channel_id, "warehouses": [booth.warehouse_id]}, raise_on_payload_errors=True)
    return booth.warehouse_id


def producer_products(booth: Booth, gql=None) -> list[dict]:
    gql = gql or core.client()
    return list(core.all_pages(gql, "PosProducerProducts", {"producer": booth.producer_slug}))


def apply_fair_prices(booth: Booth, gql=None) -> int:
    """List the producer's products in the fair channel at the fair price. Rerun after the
    fair's discount is edited: the prices follow. Returns how many variants were priced."""
    gql = gql or core.client()
    fair = booth.fair
    channel_id = fair.channel_id or ensure_fair_channel(fair, gql)
    priced = 0
    for product in producer_products(booth, gql):
        gql.execute(
            "PosProductChannelListingUpdate",
            {
                "id": product["id"],
                "input": {
                    "updateChannels": [
                        {
                            "channelId": channel_id,
                            "isPublished": True,
                            "visibleInListings": True,
                            "isAvailableForPurchase": True,
                        }
                    ]
                },
            },
            raise_on_payload_errors=True,
        )
        for variant in product["variants"] or []:
            online = next(
                (
                    l["price"]["amount"]
                    for l in variant.get("channelListings") or []
                    if l["channel"]["slug"] == RETAIL_CHANNEL and l.get("price")
                ),
                None,
            )
            if online is None:
                continue
            price = fair_price(Decimal(str(online)), fair.discount_percent)
            gql.execute(
                "PosVariantChannelListingUpdate",
                {"id": variant["id"], "input": [{"channelId": channel_id, "price": str(price)}]},
                raise_on_payload_errors=True,
            )
            priced += 1
    return priced


def withdraw_from_fair(booth: Booth, product_ids: list[str], gql=None) -> None:
    """Take products out of the fair's channel (a product the booth will not sell there)."""
    gql = gql or core.client()
    channel_id = booth.fair.channel_id or ensure_fair_channel(booth.fair, gql)
    for product_id in product_ids:
        gql.execute(
            "PosProductChannelListingUpdate", {"id": product_id, "input": {"removeChannels": [channel_id]}}, raise_on_payload_errors=True
        )


def setup_booth(booth: Booth, gql=None) -> int:
    gql = gql or core.client()
    ensure_fair_channel(booth.fair, gql)
    ensure_booth_warehouse(booth, gql)
    return apply_fair_prices(booth, gql)


@dataclass
class Transfer:
    variant_id: str
    quantity: int
    sku: str = ""


def transfer_stock(booth: Booth, transfers: list[Transfer], gql=None) -> dict[str, int]:
    """Move goods from the producer's warehouse to the booth's with one stockBulkUpdate (the
    core writes both sides in one transaction, REJECT_EVERYTHING: all or nothing). Source =
    the variant's other warehouse with the most free stock. Returns variant → booth quantity."""
    gql = gql or core.client()
    if not booth.warehouse_id:
        ensure_booth_warehouse(booth, gql)
    variants = {v["id"]: v for p in producer_products(booth, gql) for v in p["variants"] or []}
    # Goods come from the producer's own warehouses: those serving the retail channel (never
    # another booth's).
    retail = gql.execute("PosChannel", {"slug": RETAIL_CHANNEL})["channel"]
    producer_warehouses = {w["id"] for w in (retail or {}).get("warehouses") or []}
    stocks, result = [], {}
    for transfer in transfers:
        if transfer.quantity <= 0:
            raise SetupError(f"{transfer.sku or transfer.variant_id}: the quantity to move must be positive")
        variant = variants.get(transfer.variant_id)
        if variant is None:
            raise SetupError(f"{transfer.sku or transfer.variant_id} is not one of {booth.producer_name}'s products")
        at_booth = next((s for s in variant["stocks"] or [] if s["warehouse"]["id"] == booth.warehouse_id), None)
        sources = sorted(
            (s for s in variant["stocks"] or [] if s["warehouse"]["id"] in producer_warehouses),
            key=lambda s: s["quantity"] - s["quantityAllocated"],
            reverse=True,
        )
        if not sources or sources[0]["quantity"] - sources[0]["quantityAllocated"] < transfer.quantity:
            free = sources[0]["quantity"] - sources[0]["quantityAllocated"] if sources else 0
            raise SetupError(
                f"{variant['sku'] or variant['name']}: only {free} free in the producer's warehouse, {transfer.quantity} asked"
            )
        source = sources[0]
        booth_quantity = (at_booth["quantity"] if at_booth else 0) + transfer.quantity
        stocks += [
            {"variantId": variant["id"], "warehouseId": source["warehouse"]["id"], "quantity": source["quantity"] - transfer.quantity},
            {"variantId": variant["id"], "warehouseId": booth.warehouse_id, "quantity": booth_quantity},
        ]
        result[variant["id"]] = booth_quantity
    data = gql.execute("PosStockBulkUpdate", {"stocks": stocks})["stockBulkUpdate"]
    problems = [e for r in data.get("results") or [] for e in r.get("errors") or []] + (data.get("errors") or [])
    if problems:
        raise SetupError("; ".join(f"{e.get('field')}: {e['message']}" for e in problems))
    return result
