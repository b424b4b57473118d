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


def stars_of(product: dict, today: date | None = None) -> int | None:
    """A card's stars — like the badge, only while the certificate is valid. (Documents that
    do not ask for status and valid-until get the stars as recorded.)"""
    selected = product.get("stars")
    if not selected or not selected.get("values"):
        return None
    if "status" in product or "validUntil" in product:
        status = ((product.get("status") or {}).get("values") or [{}])[0].get("slug")
        until = ((product.get("validUntil") or {}).get("values") or [{}])[0].get("date")
        if status != "valid" or not until or date.fromisoformat(until) < (today or date.today()):
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


def translated(node: dict | None, key: str = "name") -> str:
    if not node:
        return ""
    return (node.get("translation") or {}).get(key) or node.get(key) or ""


def srcset(*pairs) -> str:
    """`url 256w, url 512w` from (image-or-url, width) pairs, skipping missing sizes."""
    parts = []
    for image, width in pairs:
        url = image.get("url") if isinstance(image, dict) else image
        if url:
            parts.append(f"{url} {width}w")
    return ", ".join(parts)


def card(node: dict, language: str) -> dict:
    variant = node.get("defaultVariant") or {}
    small, large = node.get("small") or {}, node.get("large") or {}
    return {
        "name": display_name(node),
        "slug": node["slug"],
        "image": small.get("url"),
        "srcset": srcset((small, 256), (large, 512)),
        "alt": small.get("alt") or display_name(node),
        "price": start_price(node, language),
        "stars": stars_of(node),
        "available": bool(node.get("isAvailable")) and (variant.get("quantityAvailable") is None or variant.get("quantityAvailable") > 0),
        "variant_id": variant.get("id"),
        "sku": variant.get("sku"),
        "variant_name": variant.get("name"),
    }


def attribute_map(attributes: list[dict]) -> dict[str, dict]:
    """slug → {"label", "values": [names…], "raw": [value dicts]} for a product's or page's attributes."""
    result = {}
    for item in attributes or []:
        values = item.get("values") or []
        result[item["attribute"]["slug"]] = {
            "label": translated(item["attribute"]),
            "values": [translated(v) or v.get("plainText") or "" for v in values],
            "raw": values,
        }
    return result


def first_value(attributes: dict, slug: str, key: str | None = None):
    entry = attributes.get(slug)
    if not entry or not entry["raw"]:
        return None
    if key is None:
        return entry["values"][0] or None
    return entry["raw"][0].get(key)


def producer_view(page: dict) -> dict:
    attributes = attribute_map(page.get("attributes") or [])
    return {
        "name": translated(page, "title"),
        "slug": page["slug"],
        "story": paragraphs(translated(page, "content") or page.get("content")),
        "type": first_value(attributes, "producer-type"),
        "ward": first_value(attributes, "ward-commune", "plainText") or first_value(attributes, "ward-commune"),
        "province": first_value(attributes, "province", "plainText") or first_value(attributes, "province"),
        "phone": first_value(attributes, "phone", "plainText"),
    }


def certification_history(attributes: dict, metadata: list[dict]) -> list[dict]:
    """What the page can tell about a product's certificates: the current decision from its
    attributes, plus earlier decisions if the registry sync left them in `ocop.star_history`
    (a JSON list of {stars, decision_no, decision_date}), newest first."""
    history = []
    meta = {m["key"]: m["value"] for m in metadata or []}
    try:
        for entry in json.loads(meta.get("ocop.star_history") or "[]"):
            history.append(
                {
                    "stars": int(entry.get("stars") or entry.get("new_stars")),
                    "decision": entry.get("decision_no") or "",
                    "date": _date_or_none(entry.get("decision_date")),
                }
            )
    except (TypeError, ValueError, AttributeError):
        history = []
    current_stars = first_value(attributes, "ocop-stars", "slug")
    if current_stars and str(current_stars).isdigit():
        current = {
            "stars": int(current_stars),
            "decision": first_value(attributes, "ocop-certificate-no", "plainText") or "",
            "date": _date_or_none(first_value(attributes, "ocop-decision-date", "date")),
            "authority": first_value(attributes, "ocop-authority", "plainText") or "",
            "valid_until": _date_or_none(first_value(attributes, "ocop-valid-until", "date")),
            "status": first_value(attributes, "ocop-status"),
        }
        history = [h for h in history if h["decision"] != current["decision"]]
        history.insert(0, current)
    return sorted(history, key=lambda h: h["date"] or date.min, reverse=True)


def _date_or_none(value):
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def short_date(value: date | None, language: str) -> str:
    if not value:
        return ""
    return value.strftime("%d/%m/%Y") if language == "vi" else value.strftime("%b %d, %Y").replace(" 0", " ")
