"""What a booth's register sells, read from the core (fair channel, booth warehouse)."""
from __future__ import annotations

from decimal import Decimal

from . import core
from ..models import Register


def booth_catalog(register: Register, gql=None) -> list[dict]:
    gql = gql or core.client()
    booth, fair = register.booth, register.booth.fair
    items = []
    for product in core.all_pages(gql, "PosBoothCatalog", {"producer": booth.producer_slug, "channel": fair.channel_slug}):
        stars = next((int(v["slug"]) for a in product.get("attributes") or [] if a["attribute"]["slug"] == "ocop-stars"
                      for v in a.get("values") or [] if str(v.get("slug", "")).isdigit()), None)
        for variant in product.get("variants") or []:
            price = ((variant.get("pricing") or {}).get("price") or {}).get("gross")
            if not price:
                continue  # not priced in the fair channel: not for sale here
            stock = next((s["quantity"] - s["quantityAllocated"] for s in variant.get("stocks") or []
                          if s["warehouse"]["id"] == booth.warehouse_id), 0)
            items.append({
                "variantId": variant["id"],
                "productId": product["id"],
                "name": product["name"],
                "variantName": variant["name"],
                "sku": variant["sku"] or "",
                "barcode": variant.get("externalReference") or variant["sku"] or "",
                "price": int(Decimal(str(price["amount"]))),
                "stock": stock,
                "stars": stars,
                "image": (product.get("thumbnail") or {}).get("url") or "",
            })
    return items
