from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from . import presenters
from .client import shopper_client

CHANNEL = "online"


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _card(node: dict, language: str) -> dict:
    return {
        "name": presenters.display_name(node),
        "slug": node["slug"],
        "image": node.get("thumbnail"),
        "price": presenters.start_price(node, language),
        "stars": presenters.stars_of(node),
        "available": node.get("isAvailable"),
    }


def home(request):
    language = _language()
    data = shopper_client().execute(
        "StorefrontHome", {"channel": CHANNEL, "languageCode": language.upper()}
    )
    context = {
        "featured": [_card(e["node"], language) for e in data["featured"]["edges"]],
        "newest": [_card(e["node"], language) for e in data["newest"]["edges"]],
        "product_count": data["newest"]["totalCount"],
        "categories": [presenters.display_name(e["node"]) for e in data["categories"]["edges"]],
    }
    return render(request, "home.html", context)


def product_detail(request, slug: str):
    language = _language()
    data = shopper_client().execute(
        "StorefrontProduct", {"slug": slug, "channel": CHANNEL, "languageCode": language.upper()}
    )
    product = data["product"]
    if product is None:
        raise Http404("product")
    context = {
        "product": product,
        "name": presenters.display_name(product),
        "price": presenters.start_price(product, language),
        "badge": presenters.valid_badge(product["attributes"]),
        "paragraphs": presenters.paragraphs((product.get("translation") or {}).get("description") or product["description"]),
        "variants": [
            {
                "name": v["name"],
                "sku": v["sku"],
                "in_stock": (v.get("quantityAvailable") or 0) > 0,
                "price": presenters.money(v["pricing"]["price"]["gross"]["amount"], v["pricing"]["price"]["gross"]["currency"], language)
                if v.get("pricing") and v["pricing"].get("price")
                else None,
            }
            for v in product["variants"] or []
        ],
    }
    return render(request, "product.html", context)
