"""What products held before: every change of a tracked attribute's value is kept as a
ProductAttributeChange row, whoever made it and however it came in.

The services record as they write (save_product_attributes for productCreate/productUpdate,
bulk_create_products for productBulkCreate); writes that go around them — the dashboard's forms
— wrap themselves in `recording`. Only what differs is recorded, so a client that resends every
value of a product (the registry sync does) leaves one row per value that really changed.

    TRACKED_ATTRIBUTES                      the slugs whose past is kept
    ChangedBy(user=…, app=…)                who wrote; ChangedBy.of(context) for a GraphQL caller
    value_text(attribute, values) -> str    how a value is kept
    read_tracked(product_ids) -> Snapshot   what products hold now, as text
    record(before, after, changed_by)       store the differences as one write
    recording(product_ids, changed_by)      record around a block that writes by other means
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable

from django.utils import timezone

from .models import (
    CHOICE_INPUT_TYPES,
    AssignedProductAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeValue,
    ProductAttributeChange,
)

# The OCOP badge's attributes whose past the KPI pages read (stars per decision, and when each
# certificate was in force). Other attributes are not worth a row per change.
TRACKED_ATTRIBUTES = frozenset({"ocop-stars", "ocop-decision-date", "ocop-valid-until", "ocop-status"})

Snapshot = dict[int, dict[int, str]]  # product id → attribute id → value text


@dataclass(frozen=True)
class ChangedBy:
    user: Any = None
    app: Any = None

    @classmethod
    def of(cls, context) -> "ChangedBy":
        """The caller of a GraphQL request (commerce.graphql.core.context.RequestContext)."""
        user = getattr(context, "user", None)
        return cls(user=user if getattr(user, "is_authenticated", False) else None, app=getattr(context, "app", None))


def is_tracked(attribute: Attribute) -> bool:
    return attribute.slug in TRACKED_ATTRIBUTES


def _text(input_type: str, value: AttributeValue) -> str:
    if input_type in CHOICE_INPUT_TYPES:
        return value.slug
    if input_type == AttributeInputType.BOOLEAN:
        return "" if value.boolean is None else str(value.boolean).lower()
    if input_type == AttributeInputType.NUMERIC:
        return "" if value.numeric is None else f"{value.numeric:g}"
    if input_type == AttributeInputType.DATE:
        # The day in the project's zone, as the KPI reads a date attribute.
        return timezone.localtime(value.date_time).date().isoformat() if value.date_time else ""
    if input_type == AttributeInputType.DATE_TIME:
        return value.date_time.isoformat() if value.date_time else ""
    if input_type == AttributeInputType.PLAIN_TEXT:
        return value.plain_text or ""
    if input_type == AttributeInputType.FILE:
        return value.file_url or ""
    for kind in ("page", "product", "variant"):
        referenced = getattr(value, f"reference_{kind}_id", None)
        if referenced is not None:
            return f"{kind}:{referenced}"
    return value.name or ""


def value_text(attribute: Attribute, values: Iterable[AttributeValue]) -> str:
    """A product's values of one attribute as kept in the history ("" for none), in the
    order they are assigned."""
    return ", ".join(text for text in (_text(attribute.input_type, v) for v in values if v is not None) if text)


def read_tracked(product_ids, attribute_ids=None) -> Snapshot:
    """What the products hold now of the tracked attributes (or of those of `attribute_ids`
    among them), in one query."""
    rows = AssignedProductAttributeValue.objects.filter(product_id__in=list(product_ids), value__attribute__slug__in=TRACKED_ATTRIBUTES)
    if attribute_ids is not None:
        rows = rows.filter(value__attribute_id__in=list(attribute_ids))
    grouped: dict[tuple[int, int], tuple[Attribute, list[AttributeValue]]] = {}
    for row in rows.select_related("value__attribute").order_by("product_id", "sort_order", "pk"):
        attribute = row.value.attribute
        grouped.setdefault((row.product_id, attribute.pk), (attribute, []))[1].append(row.value)
    snapshot: Snapshot = defaultdict(dict)
    for (product_id, attribute_id), (attribute, values) in grouped.items():
        snapshot[product_id][attribute_id] = value_text(attribute, values)
    return dict(snapshot)


def record(before: Snapshot, after: Snapshot, changed_by: ChangedBy | None = None, at=None) -> list[ProductAttributeChange]:
    """Store every (product, attribute) whose text differs between the two snapshots as one
    write: the same instant for all, so a reader can replay the write whole. An attribute
    missing from a snapshot held nothing."""
    changed_by = changed_by or ChangedBy()
    at = at or timezone.now()
    rows = []
    for product_id in sorted(set(before) | set(after)):
        old, new = before.get(product_id, {}), after.get(product_id, {})
        for attribute_id in sorted(set(old) | set(new)):
            if old.get(attribute_id, "") != new.get(attribute_id, ""):
                rows.append(
                    ProductAttributeChange(
                        product_id=product_id,
                        attribute_id=attribute_id,
                        old_value=old.get(attribute_id, ""),
                        new_value=new.get(attribute_id, ""),
                        changed_at=at,
                        user=changed_by.user,
                        app=changed_by.app,
                    )
                )
    return ProductAttributeChange.objects.bulk_create(rows) if rows else []


@contextmanager
def recording(product_ids, changed_by: ChangedBy | None = None):
    """Record what the block changed of these products' tracked values, for writes that do not
    go through the services (the dashboard's inlines and value forms)."""
    product_ids = [pk for pk in product_ids if pk is not None]
    before = read_tracked(product_ids) if product_ids else {}
    yield
    if product_ids:
        record(before, read_tracked(product_ids), changed_by)
