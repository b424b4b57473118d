"""The delivery address form, shared by the checkout's address step and the account's address
book: recipient name, phone, street, province and ward of the post-2025 map.

    read(request, saved)      the form's values: what was posted, else the saved address
    check(form)               errors found before asking the core ({field: message})
    to_input(form)            the core's AddressInput
    core_errors(errors, fb)   the core's errors (CheckoutError / AccountError) next to the fields
    context(form, errors)     what the `_address_fields.html` partial needs (provinces, wards)

Field names are the form's: name, phone, street, province, ward ("form" for the rest). The
messages are Vietnamese msgids, translated like every other storefront message."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import addresses

# The core's address fields (AddressInput) → the form's.
CORE_FIELDS = {
    "firstName": "name",
    "lastName": "name",
    "phone": "phone",
    "streetAddress1": "street",
    "city": "ward",
    "countryArea": "province",
}


def split_name(full: str) -> tuple[str, str]:
    """Vietnamese names put the family name first: "Nguyễn Thị Lan" → last "Nguyễn", first "Thị Lan".
    Returns (first, last)."""
    parts = full.split()
    if len(parts) < 2:
        return full, ""
    return " ".join(parts[1:]), parts[0]


def full_name(address: dict) -> str:
    """The recipient as Vietnamese write it: family name first."""
    return " ".join(filter(None, [address.get("lastName"), address.get("firstName")])).strip()


def read(request, saved: dict | None) -> dict:
    """The form's values. A posted form is taken as posted (a field emptied stays empty); a page
    shown for the first time starts from `saved` (an Address: AddressFields), when there is one."""
    saved = saved or {}
    posted = request.method == "POST"
    source = request.POST if posted else request.GET

    def value(name: str, fallback: str) -> str:
        return (source.get(name) if posted else (source.get(name) or fallback) or "").strip()

    province = (
        addresses.province_by_code(source.get("province"))
        or addresses.province_by_name(saved.get("countryArea", ""))
        or addresses.province_by_name(addresses.HOME_PROVINCE)
    )
    return {
        "name": " ".join(value("name", full_name(saved)).split()),
        "phone": value("phone", saved.get("phone") or ""),
        "street": value("street", saved.get("streetAddress1") or ""),
        "province": province,
        "ward": value("ward", saved.get("city") or ""),
        # A province code that is not one of the 34 (a tampered form) is not quietly replaced.
        "province_unknown": posted and bool(source.get("province")) and not addresses.province_by_code(source.get("province")),
    }


def check(form: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not form["name"]:
        errors["name"] = _("Vui lòng nhập họ tên người nhận.")
    if not form["phone"]:
        errors["phone"] = _("Vui lòng nhập số điện thoại.")
    if not form["street"]:
        errors["street"] = _("Vui lòng nhập số nhà, tên đường.")
    if form.get("province_unknown"):
        errors["province"] = _("Vui lòng chọn tỉnh/thành phố trong danh sách.")
    elif not form["ward"] or form["ward"] not in addresses.wards(form["province"]["code"]):
        errors["ward"] = _("Vui lòng chọn phường/xã thuộc tỉnh/thành đã chọn.")
    return errors


def to_input(form: dict) -> dict:
    first, last = split_name(form["name"])
    return {
        "firstName": first,
        "lastName": last,
        "streetAddress1": form["street"],
        "city": form["ward"],
        "countryArea": form["province"]["name"],
        "country": "VN",
        "phone": form["phone"],
    }


def core_errors(errors: list[dict], fallback) -> dict[str, str]:
    """The core's refusals of an address, each next to its field in words a shopper reads;
    `fallback(error)` words the rest (the caller's error vocabulary: checkout or account)."""
    found: dict[str, str] = {}
    for error in errors:
        target = CORE_FIELDS.get(error.get("field"), "form")
        required = error.get("code") == "REQUIRED"
        if target == "phone":
            text = _("Vui lòng nhập số điện thoại.") if required else _("Số điện thoại không hợp lệ.")
        elif target == "ward":
            text = _("Vui lòng chọn phường/xã thuộc tỉnh/thành đã chọn.") if required else _("Phường/xã không thuộc tỉnh/thành đã chọn.")
        elif target == "province":
            text = _("Vui lòng chọn tỉnh/thành phố trong danh sách.")
        elif target == "street" and required:
            text = _("Vui lòng nhập số nhà, tên đường.")
        elif target == "name" and required:
            text = _("Vui lòng nhập họ tên người nhận.")
        else:
            text = fallback(error)
        found.setdefault(target, text)
    return found


def context(form: dict, errors: dict) -> dict:
    return {"form": form, "errors": errors, "provinces": addresses.provinces(), "wards": addresses.wards(form["province"]["code"])}
