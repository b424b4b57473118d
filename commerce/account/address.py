"""Cleaning postal addresses: Vietnam after the 2025 reform (street → ward/commune → province)
and phones in E.164.

Province and ward are checked against the post-2025 map of the `vietnam-provinces` package
(34 provinces, no district level). Shoppers type names every which way — "tay ninh", "Tỉnh Tây
Ninh", "P. Tân Ninh", "tan ninh" — so names are matched without accents, case or the
administrative prefix, and the canonical names are stored ("Tây Ninh", "Phường Tân Ninh").

Reused by checkout, orders, warehouses and accounts:
    clean_address(data, skip_validation=False, field_prefix="") -> dict of model fields
    match_province(name) -> canonical province name or None
    match_ward(province, name) -> canonical ward name or None
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from commerce.core.validation import ErrorCollector
from commerce.search.normalize import normalize_text

ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "street_address_1",
    "street_address_2",
    "city",
    "city_area",
    "postal_code",
    "country",
    "country_area",
    "phone",
)

_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?|t\.)\s+")
_WARD_PREFIX = re.compile(r"^(phuong|xa|dac khu|thi tran|p\.|x\.)\s*")


def _key(name: str, prefix: re.Pattern) -> str:
    text = normalize_text(name).replace(".", ". ").replace("  ", " ").strip()
    return " ".join(prefix.sub("", text).split()).replace(".", "").strip()


@lru_cache(maxsize=1)
def _map() -> tuple[dict, dict]:
    """({province key: (canonical name, code)}, {province code: {ward key: [canonical names]}})."""
    from vietnam_provinces import Province, Ward

    provinces = {}
    for province in Province.iter_all():
        provinces[_key(province.name, _PROVINCE_PREFIX)] = (province.name, province.code)
    wards: dict = {}
    for ward in Ward.iter_all():
        by_key = wards.setdefault(ward.province_code, {})
        by_key.setdefault(normalize_text(ward.name), []).append(ward.name)
        by_key.setdefault(_key(ward.name, _WARD_PREFIX), []).append(ward.name)
    return provinces, wards


def match_province(name: str) -> str | None:
    found = _map()[0].get(_key(name or "", _PROVINCE_PREFIX))
    return found[0] if found else None


def match_ward(province: str, name: str) -> str | None:
    """The canonical ward/commune of `province` that `name` denotes; None when unknown or
    ambiguous (a bare "Tân Hưng" that is both a ward and a commune must say which)."""
    found = _map()[0].get(_key(province or "", _PROVINCE_PREFIX))
    if not found:
        return None
    wards = _map()[1].get(found[1], {})
    candidates = wards.get(normalize_text(name or "")) or wards.get(_key(name or "", _WARD_PREFIX)) or []
    unique = sorted(set(candidates))
    return unique[0] if len(unique) == 1 else None


def normalize_phone(phone: str, country: str = "VN") -> str:
    """'0276 3123 456' → '+842763123456'; ValueError when it is not a valid number."""
    try:
        number = phonenumbers.parse(phone, country or "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"'{phone}' is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_address(data: dict, *, skip_validation: bool = False, field_prefix: str = "") -> dict:
    """Model field values from snake_case address input; raises ValidationError (code INVALID
    or REQUIRED, field named after the API's camelCase field)."""
    cleaned = {k: (data.get(k) or "").strip() for k in ADDRESS_FIELDS if data.get(k) is not None}
    cleaned["country"] = (cleaned.get("country") or "VN").upper()
    errors = ErrorCollector()
    api = {"street_address_1": "streetAddress1", "city": "city", "country_area": "countryArea", "phone": "phone"}
    if cleaned.get("phone"):
        try:
            cleaned["phone"] = normalize_phone(cleaned["phone"], cleaned["country"])
        except ValueError as exc:
            errors.add(f"{field_prefix}phone", "INVALID", str(exc))
    if not skip_validation and cleaned["country"] == "VN":
        # Since 2025-07-01 there is no district level: the ward/commune goes in `city`, the
        # province in `countryArea`; both are needed for a deliverable address.
        for name in ("street_address_1", "city", "country_area"):
            if not cleaned.get(name):
                errors.add(f"{field_prefix}{api[name]}", "REQUIRED", f"{api[name]} is required for a Vietnamese address.")
        if cleaned.get("country_area"):
            province = match_province(cleaned["country_area"])
            if province is None:
                errors.add(
                    f"{field_prefix}countryArea",
                    "INVALID",
                    f"'{cleaned['country_area']}' is not one of Vietnam's 34 provinces (since 2025-07-01).",
                )
            else:
                cleaned["country_area"] = province
                if cleaned.get("city"):
                    ward = match_ward(province, cleaned["city"])
                    if ward is None:
                        errors.add(f"{field_prefix}city", "INVALID", f"'{cleaned['city']}' is not a ward or commune of {province}.")
                    else:
                        cleaned["city"] = ward
    errors.raise_if_any()
    return cleaned
