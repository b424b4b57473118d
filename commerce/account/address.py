"""Cleaning postal addresses: Vietnam after the 2025 reform (street → ward/commune → province)
and phones in E.164."""
from __future__ import annotations

import phonenumbers

from commerce.core.validation import ErrorCollector

ADDRESS_FIELDS = (
    "first_name", "last_name", "company_name", "street_address_1", "street_address_2",
    "city", "city_area", "postal_code", "country", "country_area", "phone",
)


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
    errors.raise_if_any()
    return cleaned
