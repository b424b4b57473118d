"""Turn API data into what the templates show: prices in the shopper's locale, valid badges."""
from __future__ import annotations

import json
from datetime import date

from django.utils.html import strip_tags

from babel.numbers import format_currency

LOCALES = {"vi": "vi_VN", "en": "en_US"}


def money(amount, currency: str, language: str) -> str:
    """`125.000 ₫` in Vietnamese; VND has no minor unit, so never decimals."""
    return format_currency(amount, currency, locale=LOCALES.get(language, "vi_VN"), decimal_quantization=True)


def start_price(product: dict, language: str) -> str | None:
    pricing = product.get("pricing") or {}
    start = ((pricing.get("priceRange") or {}).get("start") or {}).get("gross")
    return money(start["amount"], start["currency"], language) if start else None


def stars_of(product: dict) -> int | None:
    selected = product.get("stars")
    if not selected or not selected.get("values"):
        return None
    try:
        return int(selected["values"][0]["slug"])
    except (TypeError, ValueError):
        return None


def valid_badge(attributes: list[dict], today: date | None = None) -> dict | None:
    """The OCOP badge, only while status is valid and valid-until is today or later — decided
    when rendering, so a lapsed badge never lingers in a cache or a stale index."""
    today = today or date.today()
    by_slug = {a["attribute"]["slug"]: a["values"] for a in attributes}

    def first(slug, key="name"):
        values = by_slug.get(slug) or []
        return values[0].get(key) if values else None

    status = first("ocop-status", "slug")
    valid_until = first("ocop-valid-until", "date")
    stars = first("ocop-stars", "slug")
    if status != "valid" or not valid_until or not stars:
        return None
    if date.fromisoformat(valid_until) < today:
        return None
    return {
        "stars": int(stars),
        "certificate": first("ocop-certificate-no", "plainText"),
        "valid_until": date.fromisoformat(valid_until),
        "authority": first("ocop-authority", "plainText"),
    }


def display_name(node: dict) -> str:
    translated = (node.get("translation") or {}).get("name")
    return translated or node["name"]


def paragraphs(description) -> list[str]:
    """Plain paragraphs from an EditorJS description (a JSON string or dict); markup dropped."""
    if not description:
        return []
    data = json.loads(description) if isinstance(description, str) else description
    blocks = (data or {}).get("blocks") or []
    return [strip_tags(b.get("data", {}).get("text", "")) for b in blocks if b.get("data", {}).get("text")]
