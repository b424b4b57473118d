"""A customer's address book: the addresses they keep (User.addresses) and their default shipping
and billing address.

    remember_address(user, address, kind)            after an order: keep a copy, once
    create_address(user, data, kind=None)           accountAddressCreate
    update_address(address, data)                   accountAddressUpdate
    delete_address(address) -> owner or None        accountAddressDelete
    set_default_address(user, address, kind)        accountSetDefaultAddress
    owns(user, address) -> bool

`kind` is "shipping" or "billing". `data` is snake_case address input (what clean_address
takes); bad input is Django's ValidationError keyed by the API's field names with Saleor's
AccountErrorCode codes (REQUIRED, INVALID), as commerce.core.validation describes.

The book's rows belong to it alone: an order and a checkout keep their own copies, so editing or
deleting a saved address never changes a placed order.
"""

from __future__ import annotations

from django.conf import settings

from .address import clean_address
from .models import Address, User

SHIPPING, BILLING = "shipping", "billing"
KINDS = (SHIPPING, BILLING)

# Saleor keeps at most MAX_USER_ADDRESSES (100) addresses per user.
DEFAULT_MAX_USER_ADDRESSES = 100

# What makes two addresses the same place and the same recipient (not the metadata).
COMPARED_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "street_address_1",
    "street_address_2",
    "city",
    "city_area",
    "country_area",
    "postal_code",
    "country",
    "phone",
)


def max_addresses() -> int:
    return int(getattr(settings, "MAX_USER_ADDRESSES", DEFAULT_MAX_USER_ADDRESSES))


def _key(address) -> tuple:
    """Compared without case and extra spaces: "12 đường 30/4" is "12 Đường  30/4"."""

    def value(name):
        raw = address.get(name) if isinstance(address, dict) else getattr(address, name)
        return " ".join(str(raw or "").split()).casefold()

    return tuple(value(name) for name in COMPARED_FIELDS)


def find_equal(user: User, address) -> Address | None:
    """The user's saved address equal to `address` (a row or a dict of model fields), if any."""
    wanted = _key(address)
    return next((saved for saved in user.addresses.all() if _key(saved) == wanted), None)


def owns(user, address: Address) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.addresses.filter(pk=address.pk).exists()


def _default_field(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown address kind {kind!r}")
    return f"default_{kind}_address"


def set_default_address(user: User, address: Address, kind: str) -> User:
    """Make `address` (kept in the user's book) the default of `kind`."""
    field = _default_field(kind)
    user.addresses.add(address)
    setattr(user, field, address)
    user.save(update_fields=[field, "updated_at"])
    return user


def _copy_values(address: Address) -> dict:
    return {f.attname: getattr(address, f.attname) for f in Address._meta.concrete_fields if not f.primary_key}


def remember_address(user: User, address: Address | None, kind: str) -> Address | None:
    """Keep a copy of an order's address in the user's book unless an equal one is there, and
    make it the default of `kind` when the user has none. Nothing is stored once the book is
    full (Saleor does the same). Returns the book's row, or None."""
    if address is None or user is None:
        return None
    field = _default_field(kind)
    saved = find_equal(user, address)
    if saved is None:
        if user.addresses.count() >= max_addresses():
            return None
        saved = Address.objects.create(**_copy_values(address))
        user.addresses.add(saved)
    if getattr(user, f"{field}_id") is None:
        set_default_address(user, saved, kind)
    return saved


def _metadata(data: dict) -> dict | None:
    items = data.get("metadata")
    if items is None:
        return None
    return {item["key"]: item["value"] for item in items}


def _make_room(user: User) -> None:
    """At the limit, the oldest address that is not a default one gives way (as in Saleor)."""
    count = user.addresses.count()
    if count < max_addresses():
        return
    defaults = {user.default_shipping_address_id, user.default_billing_address_id} - {None}
    oldest = user.addresses.exclude(pk__in=defaults).order_by("pk")[: count - max_addresses() + 1]
    Address.objects.filter(pk__in=[a.pk for a in oldest]).delete()


def create_address(user: User, data: dict, kind: str | None = None) -> Address:
    """A new address in the user's book (validated as a Vietnamese address); the default of
    `kind` when one is given."""
    cleaned = clean_address(data)
    metadata = _metadata(data)
    _make_room(user)
    address = Address.objects.create(**cleaned, metadata=metadata or {})
    user.addresses.add(address)
    if kind:
        set_default_address(user, address, kind)
    else:
        user.save(update_fields=["updated_at"])
    return address


def update_address(address: Address, data: dict) -> Address:
    """Replace the address's fields with `data` (fields left out become empty, as in Saleor)."""
    cleaned = clean_address(data)
    for name in COMPARED_FIELDS:
        setattr(address, name, cleaned.get(name, "" if name != "country" else "VN"))
    metadata = _metadata(data)
    if metadata is not None:
        address.metadata = {**(address.metadata or {}), **metadata}
    address.save()
    for owner in address.user_addresses.all():
        owner.save(update_fields=["updated_at"])
    return address


def delete_address(address: Address) -> User | None:
    """Remove the address; its owner (a default pointing at it is cleared) or None."""
    owner = address.user_addresses.first()
    address.delete()
    if owner is not None:
        owner.refresh_from_db()
        owner.save(update_fields=["updated_at"])
    return owner
