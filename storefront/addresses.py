"""The post-2025 map for the address step: 34 provinces, each with its wards and communes
(no district level), from the `vietnam-provinces` package — the same map the core validates
against. Reference data, so the storefront reads it directly instead of through the API."""

from __future__ import annotations

from functools import lru_cache

from commerce.search.normalize import normalize_text

HOME_PROVINCE = "Tây Ninh"


@lru_cache(maxsize=1)
def provinces() -> list[dict]:
    from vietnam_provinces import Province

    items = [{"code": int(p.code), "name": p.name} for p in Province.iter_all()]
    # Tây Ninh first (most orders are local), the rest in Vietnamese alphabetical order.
    return sorted(items, key=lambda p: (p["name"] != HOME_PROVINCE, normalize_text(p["name"].replace("Thành phố ", ""))))


@lru_cache(maxsize=64)
def wards(province_code: int) -> list[str]:
    from vietnam_provinces import Ward

    names = {w.name for w in Ward.iter_all() if int(w.province_code) == int(province_code)}
    return sorted(names, key=normalize_text)


def province_by_code(code) -> dict | None:
    try:
        code = int(code)
    except (TypeError, ValueError):
        return None
    return next((p for p in provinces() if p["code"] == code), None)


def province_by_name(name: str) -> dict | None:
    key = normalize_text(name or "")
    return next((p for p in provinces() if normalize_text(p["name"]) == key), None)
