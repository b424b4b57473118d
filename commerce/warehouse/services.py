"""Warehouses (one per producer, one per fair booth) and stock levels."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max

from commerce.account.address import clean_address
from commerce.account.models import Address
from commerce.core.slugs import unique_slug, vn_slugify
from commerce.core.validation import ErrorCollector

from .models import ChannelWarehouse, Stock, Warehouse


@transaction.atomic
def create_warehouse(
    *,
    name: str,
    address: dict,
    slug: str | None = None,
    email: str = "",
    external_reference: str | None = None,
    skip_address_validation: bool = False,
) -> Warehouse:
    errors = ErrorCollector()
    if not (name or "").strip():
        errors.add("name", "REQUIRED", "The warehouse needs a name.")
    if slug is not None:
        if not slug or vn_slugify(slug) != slug:
            errors.add("slug", "INVALID", f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens.")
        elif Warehouse.objects.filter(slug=slug).exists():
            errors.add("slug", "UNIQUE", f"A warehouse with slug '{slug}' already exists.")
    if external_reference and Warehouse.objects.filter(external_reference=external_reference).exists():
        errors.add("externalReference", "UNIQUE", f"A warehouse with external reference '{external_reference}' already exists.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", "INVALID", f"'{email}' is not an e-mail address.")
    cleaned_address = None
    try:
        cleaned_address = clean_address(address or {}, skip_validation=skip_address_validation)
    except ValidationError as exc:
        errors.extend(exc, prefix=None)
    errors.raise_if_any()
    return Warehouse.objects.create(
        name=name.strip(),
        slug=slug or unique_slug(name, Warehouse.objects.all()),
        email=email or "",
        external_reference=external_reference or None,
        address=Address.objects.create(**cleaned_address),
    )


@transaction.atomic
def add_warehouses_to_channel(channel, warehouses) -> None:
    """Appended after the channel's current warehouses: allocation tries them in this order."""
    start = ChannelWarehouse.objects.filter(channel=channel).aggregate(m=Max("sort_order"))["m"]
    start = -1 if start is None else start
    ChannelWarehouse.objects.bulk_create(
        [ChannelWarehouse(channel=channel, warehouse=w, sort_order=start + 1 + i) for i, w in enumerate(warehouses)],
        ignore_conflicts=True,
    )


@dataclass
class StockLevel:
    variant: object
    warehouse: Warehouse
    quantity: int


@transaction.atomic
def set_stock_levels(levels: list[StockLevel]) -> list[Stock]:
    """Set quantities (creating stock rows as needed); returns the stocks in input order.

    Rows are locked ordered by (warehouse, variant) — the order every stock writer uses — so
    two concurrent updates of overlapping stock cannot deadlock.
    """
    if not levels:
        return []
    bad = [lv for lv in levels if lv.quantity is None or lv.quantity < 0]
    if bad:
        from commerce.core.validation import error

        raise error("quantity", "INVALID", "Stock quantity cannot be negative.")
    keys = sorted({(lv.warehouse.pk, lv.variant.pk) for lv in levels}, key=lambda k: (str(k[0]), k[1]))
    existing = {
        (s.warehouse_id, s.product_variant_id): s
        for s in Stock.objects.select_for_update()
        .filter(warehouse_id__in={k[0] for k in keys}, product_variant_id__in={k[1] for k in keys})
        .order_by("warehouse_id", "product_variant_id")
    }
    missing = [Stock(warehouse_id=w, product_variant_id=v, quantity=0) for w, v in keys if (w, v) not in existing]
    for stock in Stock.objects.bulk_create(missing):
        existing[(stock.warehouse_id, stock.product_variant_id)] = stock
    changed = {}
    for lv in levels:
        stock = existing[(lv.warehouse.pk, lv.variant.pk)]
        stock.quantity = lv.quantity
        changed[stock.pk] = stock
    Stock.objects.bulk_update(list(changed.values()), ["quantity"])
    return [existing[(lv.warehouse.pk, lv.variant.pk)] for lv in levels]
