"""What a booth's register sells, read from the core (fair channel, booth warehouse)."""

from __future__ import annotations

from decimal import Decimal

from . import core
from ..models import Register


def _price(variant: dict) -> Decimal | None:
    price = ((variant.get("pricing") or {}).get("price") or {}).get("gross")
    return Decimal(str(price["amount"])) if price else None


def booth_catalog(register: Register, gql=None) -> list[dict]:
    """The producer's variants priced in the fair channel that the booth's warehouse holds.
    A variant with no stock record at the booth was never moved there: offering it would
    sell what the booth does not have, and its order would be refused (NON_EXISTING_STOCK).
    One moved and sold out stays listed with stock 0 (the goods may still be on the table)."""
    gql = gql or core.client()
    booth, fair = register.booth, register.booth.fair
    items = []
    for product in core.all_pages(gql, "PosBoothCatalog", {"producer": booth.producer_slug, "channel": fair.channel_slug}):
        stars = next(
            (
                int(v["slug"])
                for a in product.get("attributes") or []
                if a["attribute"]["slug"] == "ocop-stars"
                for v in a.get("values") or []
                if str(v.get("slug", "")).isdigit()
            ),
            None,
        )
        for variant in product.get("variants") or []:
            price = _price(variant)
            if price is None:
                continue  # not priced in the fair channel: not for sale here
            at_booth = next((s for s in variant.get("stocks") or [] if s["warehouse"]["id"] == booth.warehouse_id), None)
            if at_booth is None:
                continue
            items.append(
                {
                    "variantId": variant["id"],
                    "productId": product["id"],
                    "name": product["name"],
                    "variantName": variant["name"],
                    "sku": variant["sku"] or "",
                    "barcode": variant.get("externalReference") or variant["sku"] or "",
                    "price": int(price),
                    "stock": at_booth["quantity"] - at_booth["quantityAllocated"],
                    "stars": stars,
                    "image": (product.get("thumbnail") or {}).get("url") or "",
                }
            )
    return items


def booth_prices(register: Register, gql=None) -> dict[str, Decimal]:
    """variant ID → fair price of every producer variant priced in the fair channel (stocked
    at the booth or not): the prices a register's sales are checked against."""
    gql = gql or core.client()
    booth, fair = register.booth, register.booth.fair
    prices = {}
    for product in core.all_pages(gql, "PosBoothPrices", {"producer": booth.producer_slug, "channel": fair.channel_slug}):
        for variant in product.get("variants") or []:
            price = _price(variant)
            if price is not None:
                prices[variant["id"]] = price
    return prices
