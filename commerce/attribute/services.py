"""Attributes: creating them with their choices, and assigning values to products, variants
and pages the way Saleor does.

Choice attributes (dropdown, multiselect, swatch) share values between objects; a choice given
by name that does not exist yet is created. Every other input type gets a value of its own per
object (slug f"{object.pk}_{attribute.pk}"), so editing one product never changes another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commerce.core.slugs import free_slug, slug_stem, unique_slug, vn_slugify
from commerce.core.validation import ErrorCollector, error

from . import history
from .models import (
    AssignedPageAttributeValue,
    AssignedProductAttributeValue,
    AssignedVariantAttribute,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeEntityType,
    AttributeInputType,
    AttributePage,
    AttributeProduct,
    AttributeType,
    AttributeValue,
    AttributeVariant,
    CHOICE_INPUT_TYPES,
)

REFERENCE_TYPES = {AttributeInputType.REFERENCE, AttributeInputType.SINGLE_REFERENCE}


def _gid(type_name: str, pk) -> str:
    from graphene.relay import Node

    return Node.to_global_id(type_name, pk)


# --- Attributes ------------------------------------------------------------------------------


@transaction.atomic
def create_attribute(
    *,
    name: str,
    type: str,
    input_type: str = AttributeInputType.DROPDOWN,
    slug: str | None = None,
    entity_type: str | None = None,
    unit: str | None = None,
    values: list[dict] | None = None,
    external_reference: str | None = None,
    reference_page_types=(),
    **flags,
) -> Attribute:
    """`values` are dicts with `name` and optionally `value`, `external_reference`, `file_url`,
    `content_type`, `plain_text`, `rich_text`; `flags` are the model's boolean/ordering fields."""
    errors = ErrorCollector()
    if not (name or "").strip():
        errors.add("name", "REQUIRED", "The attribute needs a name.")
    if input_type in REFERENCE_TYPES and not entity_type:
        errors.add("entityType", "REQUIRED", "A reference attribute needs an entity type.")
    if input_type not in REFERENCE_TYPES and entity_type:
        errors.add("entityType", "INVALID", "Only reference attributes have an entity type.")
    if slug is not None:
        if not slug or vn_slugify(slug) != slug:
            errors.add("slug", "INVALID", f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens.")
        elif Attribute.objects.filter(slug=slug).exists():
            errors.add("slug", "UNIQUE", f"An attribute with slug '{slug}' already exists.")
    if external_reference and Attribute.objects.filter(external_reference=external_reference).exists():
        errors.add("externalReference", "UNIQUE", f"An attribute with external reference '{external_reference}' already exists.")
    values = values or []
    if values and input_type not in CHOICE_INPUT_TYPES:
        errors.add("values", "INVALID", f"Attributes of input type {input_type} have no predefined values.")
    seen = set()
    for v in values:
        key = vn_slugify(v.get("name") or "")
        if not key:
            errors.add("values", "REQUIRED", "Every value needs a name.")
        elif key in seen:
            errors.add("values", "DUPLICATED_INPUT_ITEM", f"The value '{v['name']}' is given twice.")
        seen.add(key)
    errors.raise_if_any()

    attribute = Attribute.objects.create(
        name=name.strip(),
        slug=slug or unique_slug(name, Attribute.objects.all(), max_length=250),
        type=type,
        input_type=input_type,
        entity_type=entity_type,
        unit=unit,
        external_reference=external_reference or None,
        **flags,
    )
    if reference_page_types:
        attribute.reference_page_types.set(reference_page_types)
    AttributeValue.objects.bulk_create(
        [
            AttributeValue(
                attribute=attribute,
                name=v["name"].strip(),
                slug=vn_slugify(v["name"]),
                value=v.get("value") or "",
                external_reference=v.get("external_reference") or None,
                file_url=v.get("file_url"),
                content_type=v.get("content_type"),
                plain_text=v.get("plain_text"),
                rich_text=v.get("rich_text"),
                sort_order=i,
            )
            for i, v in enumerate(values)
        ]
    )
    return attribute


# --- Values for objects ----------------------------------------------------------------------


@dataclass
class AttributeAssignment:
    """What a caller wants one attribute of an object to hold; fields as in AttributeValueInput.

    `choices` are existing AttributeValue rows (picked by ID or external reference),
    `choice_names` names of choices (created when missing), `references` model instances.
    """

    attribute: Attribute
    choices: list = field(default_factory=list)
    choice_names: list[str] = field(default_factory=list)
    plain_text: str | None = None
    rich_text: dict | None = None
    numeric: str | float | None = None
    boolean: bool | None = None
    date: dt.date | None = None
    date_time: dt.datetime | None = None
    references: list = field(default_factory=list)
    file_url: str | None = None
    content_type: str | None = None

    def is_empty(self) -> bool:
        a = self.attribute
        if a.input_type in CHOICE_INPUT_TYPES:
            return not (self.choices or [n for n in self.choice_names if n and n.strip()])
        if a.input_type in REFERENCE_TYPES:
            return not self.references
        return {
            AttributeInputType.PLAIN_TEXT: lambda: not (self.plain_text or "").strip(),
            AttributeInputType.RICH_TEXT: lambda: not _rich_text_plain(self.rich_text),
            AttributeInputType.NUMERIC: lambda: self.numeric in (None, ""),
            AttributeInputType.BOOLEAN: lambda: self.boolean is None,
            AttributeInputType.DATE: lambda: self.date is None,
            AttributeInputType.DATE_TIME: lambda: self.date_time is None,
            AttributeInputType.FILE: lambda: not self.file_url,
        }.get(a.input_type, lambda: True)()


def _rich_text_plain(rich_text) -> str:
    if not rich_text:
        return ""
    blocks = rich_text.get("blocks", []) if isinstance(rich_text, dict) else []
    return " ".join(str((b.get("data") or {}).get("text", "")) for b in blocks if isinstance(b, dict)).strip()


def validate_assignments(
    assignments: list[AttributeAssignment],
    allowed: list[Attribute],
    *,
    require_all: bool,
    field_name: str = "attributes",
) -> None:
    """Raise ValidationError (Saleor's ProductError/PageError codes) when the assignments don't fit.

    `allowed` are the attributes of the object's type; with `require_all` (creating an object)
    every value-required attribute must be given, otherwise only the given ones are checked.
    """
    errors = ErrorCollector()
    allowed_ids = {a.pk for a in allowed}
    seen = set()
    for a in assignments:
        attr = a.attribute
        gid = [_gid("Attribute", attr.pk)]
        if attr.pk in seen:
            errors.add(field_name, "DUPLICATED_INPUT_ITEM", f"The attribute '{attr.slug}' is given more than once.", attributes=gid)
            continue
        seen.add(attr.pk)
        if attr.pk not in allowed_ids:
            errors.add(
                field_name, "ATTRIBUTE_CANNOT_BE_ASSIGNED", f"The attribute '{attr.slug}' is not assigned to this type.", attributes=gid
            )
            continue
        if a.is_empty():
            if attr.value_required:
                errors.add(field_name, "REQUIRED", f"The attribute '{attr.slug}' requires a value.", attributes=gid)
            continue
        problem = _value_problem(a)
        if problem:
            errors.add(field_name, "INVALID", f"'{attr.slug}': {problem}", attributes=gid)
    if require_all:
        missing = [a for a in allowed if a.value_required and a.pk not in seen]
        if missing:
            errors.add(
                field_name,
                "REQUIRED",
                "All attributes flagged as having a value required must be supplied: " + ", ".join(a.slug for a in missing) + ".",
                attributes=[_gid("Attribute", a.pk) for a in missing],
            )
    errors.raise_if_any()


def _value_problem(a: AttributeAssignment) -> str | None:
    attr = a.attribute
    t = attr.input_type
    if t == AttributeInputType.DROPDOWN or t == AttributeInputType.SWATCH:
        if len(a.choices) + len([n for n in a.choice_names if n]) > 1:
            return "takes exactly one value."
    if t in CHOICE_INPUT_TYPES:
        for v in a.choices:
            if v.attribute_id != attr.pk:
                return f"the value '{v.name}' belongs to another attribute."
    if t == AttributeInputType.NUMERIC:
        try:
            number = Decimal(str(a.numeric).strip().replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            return f"'{a.numeric}' is not a number."
    if t == AttributeInputType.SINGLE_REFERENCE and len(a.references) > 1:
        return "takes exactly one reference."
    if t in REFERENCE_TYPES:
        expected = {
            AttributeEntityType.PAGE: "Page",
            AttributeEntityType.PRODUCT: "Product",
            AttributeEntityType.PRODUCT_VARIANT: "ProductVariant",
            AttributeEntityType.CATEGORY: "Category",
            AttributeEntityType.COLLECTION: "Collection",
        }.get(attr.entity_type)
        for ref in a.references:
            if type(ref).__name__ != expected:
                return f"references must be of type {expected}."
        if attr.entity_type == AttributeEntityType.PAGE:
            # .all() rather than values_list: a bulk caller has prefetched them.
            allowed_types = {t.pk for t in attr.reference_page_types.all()}
            if allowed_types and any(ref.page_type_id not in allowed_types for ref in a.references):
                return "a referenced page has a page type this attribute does not accept."
        if attr.entity_type in (AttributeEntityType.CATEGORY, AttributeEntityType.COLLECTION):
            return f"references to {expected} are not supported here yet."
    return None


def _choice_values(a: AttributeAssignment) -> list[AttributeValue]:
    """The chosen shared values, creating named ones that don't exist (Saleor's behaviour)."""
    attr = a.attribute
    result = list(a.choices)
    names = [n.strip() for n in a.choice_names if n and n.strip()]
    if not names:
        return result
    existing = list(attr.values.all())
    by_name = {v.name.casefold(): v for v in existing}
    by_slug = {v.slug: v for v in existing}
    next_order = (max((v.sort_order or 0) for v in existing) + 1) if existing else 0
    for name in names:
        value = by_name.get(name.casefold()) or by_slug.get(vn_slugify(name))
        if value is None:
            value = AttributeValue.objects.create(
                attribute=attr, name=name, slug=unique_slug(name, attr.values.all()), sort_order=next_order
            )
            next_order += 1
            by_name[name.casefold()] = value
            by_slug[value.slug] = value
        result.append(value)
    return result


def _reference_values(a: AttributeAssignment, owner_key: str) -> list[tuple[str, dict]]:
    """(slug, fields) of the object's own value for each reference."""
    out = []
    for ref in a.references:
        ref_field = {
            "Page": "reference_page",
            "Product": "reference_product",
            "ProductVariant": "reference_variant",
        }[type(ref).__name__]
        label = getattr(ref, "title", None) or getattr(ref, "name", None) or str(ref)
        out.append((f"{owner_key}_{ref.pk}", {"name": label[:250], ref_field: ref}))
    return out


def _boolean_value(a: AttributeAssignment) -> tuple[str, dict]:
    # Yes/No are the same two values for every object, as in Saleor.
    attr = a.attribute
    label = f"{attr.name}: {'Yes' if a.boolean else 'No'}"
    return f"{attr.pk}_{str(bool(a.boolean)).lower()}", {"name": label, "boolean": bool(a.boolean)}


def _own_value(a: AttributeAssignment, owner_key: str) -> list[AttributeValue]:
    """Values that belong to one object, updated in place when it already has them."""
    attr = a.attribute
    t = attr.input_type
    if t in REFERENCE_TYPES:
        return [
            AttributeValue.objects.update_or_create(attribute=attr, slug=slug, defaults=defaults)[0]
            for slug, defaults in _reference_values(a, owner_key)
        ]
    if t == AttributeInputType.BOOLEAN:
        slug, defaults = _boolean_value(a)
        return [AttributeValue.objects.get_or_create(attribute=attr, slug=slug, defaults=defaults)[0]]
    value, _ = AttributeValue.objects.update_or_create(attribute=attr, slug=f"{owner_key}_{attr.pk}", defaults=_own_fields(a))
    return [value]


def _own_fields(a: AttributeAssignment) -> dict:
    """The fields of a plain-text, rich-text, numeric, date, date-time or file value."""
    t = a.attribute.input_type
    defaults: dict = {}
    if t == AttributeInputType.PLAIN_TEXT:
        defaults = {"name": a.plain_text.strip()[:200], "plain_text": a.plain_text.strip()}
    elif t == AttributeInputType.RICH_TEXT:
        defaults = {"name": _rich_text_plain(a.rich_text)[:200], "rich_text": a.rich_text}
    elif t == AttributeInputType.NUMERIC:
        number = float(Decimal(str(a.numeric).strip().replace(",", ".")))
        defaults = {"name": f"{number:g}", "numeric": number}
    elif t == AttributeInputType.DATE:
        moment = timezone.make_aware(dt.datetime.combine(a.date, dt.time.min), dt.timezone.utc)
        defaults = {"name": a.date.isoformat(), "date_time": moment}
    elif t == AttributeInputType.DATE_TIME:
        moment = a.date_time if timezone.is_aware(a.date_time) else timezone.make_aware(a.date_time)
        defaults = {"name": moment.isoformat(), "date_time": moment}
    elif t == AttributeInputType.FILE:
        defaults = {"name": a.file_url.rsplit("/", 1)[-1][:250], "file_url": a.file_url, "content_type": a.content_type}
    return defaults


def resolve_values(a: AttributeAssignment, owner_key: str) -> list[AttributeValue]:
    if a.is_empty():
        return []
    if a.attribute.input_type in CHOICE_INPUT_TYPES:
        return _choice_values(a)
    return _own_value(a, owner_key)


def _drop_orphan_own_values(attribute_ids, owner_key: str, keep_ids) -> None:
    """A per-object value no longer assigned would linger in filters; remove it."""
    AttributeValue.objects.filter(attribute_id__in=attribute_ids, slug__startswith=f"{owner_key}_").exclude(pk__in=keep_ids).exclude(
        attribute__input_type__in=[*CHOICE_INPUT_TYPES, AttributeInputType.BOOLEAN]
    ).delete()


@transaction.atomic
def save_product_attributes(
    product, assignments: list[AttributeAssignment], *, new: bool = False, changed_by: history.ChangedBy | None = None
) -> None:
    """Replace the values of the given attributes on `product`; other attributes keep theirs.
    Changes of tracked attributes (history.TRACKED_ATTRIBUTES) are recorded, by `changed_by`.

    `new`: the product was created in this transaction, so there is nothing to replace."""
    tracked = [a for a in assignments if history.is_tracked(a.attribute)]
    before = history.read_tracked([product.pk], [a.attribute.pk for a in tracked]) if tracked and not new else {}
    slots = _save_values(
        assignments,
        str(product.pk),
        new,
        lambda ids: AssignedProductAttributeValue.objects.filter(product=product, value__attribute_id__in=ids),
        lambda value, i: AssignedProductAttributeValue(product=product, value=value, sort_order=i),
    )
    if tracked:
        # What the product holds now is what was just written: no need to read it back.
        after = {
            a.attribute.pk: history.value_text(a.attribute, [slot.value for slot in per_attribute])
            for a, per_attribute in zip(assignments, slots)
            if history.is_tracked(a.attribute)
        }
        history.record(before, {product.pk: after}, changed_by)


@transaction.atomic
def save_page_attributes(page, assignments: list[AttributeAssignment], *, new: bool = False) -> None:
    _save_values(
        assignments,
        f"page{page.pk}",
        new,
        lambda ids: AssignedPageAttributeValue.objects.filter(page=page, value__attribute_id__in=ids),
        lambda value, i: AssignedPageAttributeValue(page=page, value=value, sort_order=i),
    )


def _save_values(assignments, owner_key: str, new: bool, assigned, link) -> list[list[ValueSlot]]:
    """All values through one ValueBatch: a handful of statements per object instead of a
    SELECT and an INSERT/UPDATE per value (a sync writes hundreds of pages and products).
    Returns the values now held, per assignment."""
    if not assignments:
        return []
    attribute_ids = [a.attribute.pk for a in assignments]
    if not new:
        assigned(attribute_ids).delete()
    values = ValueBatch()
    slots = [values.add(a, owner_key) for a in assignments]
    values.save()
    rows = [link(slot.value, i) for per_attribute in slots for i, slot in enumerate(per_attribute)]
    if rows:
        type(rows[0]).objects.bulk_create(rows, ignore_conflicts=True)
    if not new:
        _drop_orphan_own_values(attribute_ids, owner_key, [slot.value.pk for per_attribute in slots for slot in per_attribute])
    return slots


@transaction.atomic
def save_variant_attributes(variant, assignments: list[AttributeAssignment]) -> None:
    if not assignments:
        return
    links = {
        link.attribute_id: link
        for link in AttributeVariant.objects.filter(
            product_type_id=variant.product.product_type_id, attribute__in=[a.attribute for a in assignments]
        )
    }
    for a in assignments:
        assigned, _ = AssignedVariantAttribute.objects.get_or_create(variant=variant, assignment=links[a.attribute.pk])
        AssignedVariantAttributeValue.objects.filter(assignment=assigned).delete()
        values = resolve_values(a, f"variant{variant.pk}")
        AssignedVariantAttributeValue.objects.bulk_create(
            [AssignedVariantAttributeValue(assignment=assigned, value=v, sort_order=i) for i, v in enumerate(values)]
        )


class ValueSlot:
    """An AttributeValue a new object will hold, known once ValueBatch.save has run."""

    __slots__ = ("value",)

    def __init__(self, value: AttributeValue | None = None):
        self.value = value


# Every field an object's own value may set; a batch upsert must name one list for all rows.
OWN_VALUE_FIELDS = [
    "name",
    "plain_text",
    "rich_text",
    "numeric",
    "date_time",
    "file_url",
    "content_type",
    "reference_page",
    "reference_product",
    "reference_variant",
]


class ValueBatch:
    """resolve_values for many new objects at once, with a few queries for the whole batch.

    Per object, resolving values cost a query or two per attribute (the choices of a dropdown
    given by name, an update_or_create per own value). Here `add` only notes what each
    assignment needs and hands back slots; `save` then reads the shared values of the
    attributes involved once, creates the missing choices and Yes/No values in one INSERT and
    upserts every own value in another (update_or_create's effect: an object's existing own
    value is updated in place), with the same results as resolve_values one by one. Dropping
    values an object no longer holds is the caller's part (_drop_orphan_own_values).
    """

    def __init__(self):
        self._choices: list[tuple[Attribute, str, ValueSlot]] = []  # (attribute, name, slot)
        self._booleans: list[tuple[Attribute, str, dict, ValueSlot]] = []
        self._own: dict[tuple, tuple[Attribute, str, dict, ValueSlot]] = {}  # (attribute pk, slug) →

    def add(self, a: AttributeAssignment, owner_key: str) -> list[ValueSlot]:
        if a.is_empty():
            return []
        attr = a.attribute
        if attr.input_type in CHOICE_INPUT_TYPES:
            slots = [ValueSlot(v) for v in a.choices]
            for name in (n.strip() for n in a.choice_names if n and n.strip()):
                slot = ValueSlot()
                self._choices.append((attr, name, slot))
                slots.append(slot)
            return slots
        if attr.input_type == AttributeInputType.BOOLEAN:
            slug, fields = _boolean_value(a)
            slot = ValueSlot()
            self._booleans.append((attr, slug, fields, slot))
            return [slot]
        own = _reference_values(a, owner_key) if attr.input_type in REFERENCE_TYPES else [(f"{owner_key}_{attr.pk}", _own_fields(a))]
        slots = []
        for slug, fields in own:
            # The same slug twice (one page referenced twice) is one row, as update_or_create made it.
            key = (attr.pk, slug)
            slot = self._own[key][3] if key in self._own else ValueSlot()
            self._own[key] = (attr, slug, fields, slot)
            slots.append(slot)
        return slots

    def save(self) -> None:
        shared = {a.pk: a for a, *_ in self._choices} | {a.pk: a for a, *_ in self._booleans}
        existing: dict = {pk: [] for pk in shared}
        if shared:
            for value in AttributeValue.objects.filter(attribute_id__in=list(shared)):  # in (sort_order, pk) order
                existing[value.attribute_id].append(value)
        new = []
        by_name = {pk: {v.name.casefold(): v for v in values} for pk, values in existing.items()}
        by_slug = {pk: {v.slug: v for v in values} for pk, values in existing.items()}
        next_order = {pk: (max((v.sort_order or 0) for v in values) + 1) if values else 0 for pk, values in existing.items()}
        for attr, name, slot in self._choices:  # as _choice_values, the batch's new names included
            value = by_name[attr.pk].get(name.casefold()) or by_slug[attr.pk].get(vn_slugify(name))
            if value is None:
                slug = free_slug(slug_stem(name), by_slug[attr.pk])
                value = AttributeValue(attribute=attr, name=name, slug=slug, sort_order=next_order[attr.pk])
                next_order[attr.pk] += 1
                by_name[attr.pk][name.casefold()] = value
                by_slug[attr.pk][slug] = value
                new.append(value)
            slot.value = value
        for attr, slug, fields, slot in self._booleans:
            value = by_slug[attr.pk].get(slug)
            if value is None:
                value = by_slug[attr.pk][slug] = AttributeValue(attribute=attr, slug=slug, **fields)
                new.append(value)
            slot.value = value
        if new:
            AttributeValue.objects.bulk_create(new)
        if self._own:
            own = [AttributeValue(attribute=attr, slug=slug, **fields) for attr, slug, fields, _ in self._own.values()]
            # An upsert, as update_or_create: a value left behind by a product deleted without
            # delete_product (same pk-derived slug) is taken over instead of failing the batch.
            AttributeValue.objects.bulk_create(
                own, update_conflicts=True, unique_fields=["attribute", "slug"], update_fields=OWN_VALUE_FIELDS
            )
            for value, (_, _, _, slot) in zip(own, self._own.values()):
                slot.value = value


# --- Assigning attributes to types -----------------------------------------------------------


def _check_kind(attributes, kind: str, field_name: str, errors: ErrorCollector) -> None:
    wrong = [a for a in attributes if a.type != kind]
    if wrong:
        errors.add(
            field_name,
            "INVALID",
            f"Only {kind} attributes can be assigned here: " + ", ".join(a.slug for a in wrong) + ".",
            attributes=[_gid("Attribute", a.pk) for a in wrong],
        )


@transaction.atomic
def assign_product_type_attributes(product_type, product_attributes=(), variant_attributes=()) -> None:
    errors = ErrorCollector()
    _check_kind(product_attributes, AttributeType.PRODUCT_TYPE, "productAttributes", errors)
    _check_kind(variant_attributes, AttributeType.PRODUCT_TYPE, "variantAttributes", errors)
    errors.raise_if_any()
    start = AttributeProduct.objects.filter(product_type=product_type).aggregate(m=Max("sort_order"))["m"]
    start = -1 if start is None else start
    AttributeProduct.objects.bulk_create(
        [AttributeProduct(product_type=product_type, attribute=a, sort_order=start + 1 + i) for i, a in enumerate(product_attributes)],
        ignore_conflicts=True,
    )
    start = AttributeVariant.objects.filter(product_type=product_type).aggregate(m=Max("sort_order"))["m"]
    start = -1 if start is None else start
    AttributeVariant.objects.bulk_create(
        [AttributeVariant(product_type=product_type, attribute=a, sort_order=start + 1 + i) for i, a in enumerate(variant_attributes)],
        ignore_conflicts=True,
    )


@transaction.atomic
def assign_page_type_attributes(page_type, attributes) -> None:
    errors = ErrorCollector()
    _check_kind(attributes, AttributeType.PAGE_TYPE, "addAttributes", errors)
    errors.raise_if_any()
    start = AttributePage.objects.filter(page_type=page_type).aggregate(m=Max("sort_order"))["m"]
    start = -1 if start is None else start
    AttributePage.objects.bulk_create(
        [AttributePage(page_type=page_type, attribute=a, sort_order=start + 1 + i) for i, a in enumerate(attributes)],
        ignore_conflicts=True,
    )


__all__ = [
    "AttributeAssignment",
    "ValueBatch",
    "ValueSlot",
    "assign_page_type_attributes",
    "assign_product_type_attributes",
    "create_attribute",
    "error",
    "save_page_attributes",
    "save_product_attributes",
    "save_variant_attributes",
    "validate_assignments",
]
