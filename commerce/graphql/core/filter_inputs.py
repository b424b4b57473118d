"""Filter inputs every domain shares (Saleor declares them once; graphene allows one class per
name, so they live here rather than in the first domain that needed them)."""

from __future__ import annotations

import graphene
from django.db.models import Q

from .errors import SaleorGraphQLError
from .inputs import Decimal
from .types import from_global_id_or_error


class MetadataFilter(graphene.InputObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(description="Value of a metadata item.")


class StringFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class GlobalIDFilterInput(graphene.InputObjectType):
    eq = graphene.ID()
    one_of = graphene.List(graphene.NonNull(graphene.ID))


def metadata_q(items, field: str = "metadata") -> Q:
    """Rows whose metadata has every key (with the value, when one is given)."""
    condition = Q()
    for item in items or []:
        if item.get("value") is None:
            condition &= Q(**{f"{field}__has_key": item["key"]})
        else:
            condition &= Q(**{f"{field}__contains": {item["key"]: item["value"]}})
    return condition


def string_filter_q(value, field: str) -> Q:
    if not value:
        return Q()
    if value.get("eq") is not None:
        return Q(**{field: value["eq"]})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": value["one_of"]})
    return Q()


def enum_filter_q(value, field: str) -> Q:
    """For `<Enum>FilterInput {eq, oneOf}`: graphene hands enum values, stored as their value."""
    if not value:
        return Q()
    if value.get("eq") is not None:
        return Q(**{field: getattr(value["eq"], "value", value["eq"])})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": [getattr(v, "value", v) for v in value["one_of"]]})
    return Q()


def pk_from_global_id(global_id: str, type_name: str, model=None):
    """The primary key in `global_id`, checked against `model`'s key type so that an ID such as
    `Attribute:abc` is the caller's error rather than a database error."""
    _, pk = from_global_id_or_error(global_id, type_name)
    if model is not None:
        try:
            pk = model._meta.pk.to_python(pk)
        except Exception:  # noqa: BLE001 - DjangoValidationError or ValueError alike
            raise SaleorGraphQLError(f"Invalid ID: {global_id}. Expected: {type_name}.")
    return pk


def pks_from_global_ids(ids, type_name: str, model=None) -> list:
    return [pk_from_global_id(global_id, type_name, model) for global_id in ids or []]


def global_id_filter_q(value, type_name: str, field: str = "pk") -> Q:
    if not value:
        return Q()
    if value.get("eq") is not None:
        return Q(**{field: from_global_id_or_error(value["eq"], type_name)[1]})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": pks_from_global_ids(value["one_of"], type_name)})
    return Q()


def where_q(where, build_one) -> Q:
    """Saleor's `where` inputs: the fields of one level AND together, plus nested AND/OR lists."""
    if not where:
        return Q()
    if where.get("AND") and where.get("OR"):
        raise SaleorGraphQLError("Cannot mix AND and OR at the same level of a `where` filter.")
    condition = build_one(where)
    for sub in where.get("AND") or []:
        condition &= where_q(sub, build_one)
    if where.get("OR"):
        alternatives = Q()
        for sub in where["OR"]:
            alternatives |= where_q(sub, build_one)
        condition &= alternatives
    return condition


# Range inputs Saleor declares once and uses in many filters (products, orders, pages…).
class IntRangeInput(graphene.InputObjectType):
    gte = graphene.Int(description="Value greater than or equal to.")
    lte = graphene.Int(description="Value less than or equal to.")


class DateRangeInput(graphene.InputObjectType):
    gte = graphene.Date(description="Start date.")
    lte = graphene.Date(description="End date.")


class DateTimeRangeInput(graphene.InputObjectType):
    gte = graphene.DateTime(description="Start date.")
    lte = graphene.DateTime(description="End date.")


class DecimalRangeInput(graphene.InputObjectType):
    gte = Decimal(description="Decimal value greater than or equal to.")
    lte = Decimal(description="Decimal value less than or equal to.")


class DecimalFilterInput(graphene.InputObjectType):
    eq = Decimal()
    one_of = graphene.List(graphene.NonNull(Decimal))
    range = graphene.InputField(DecimalRangeInput)


class ContainsFilterInput(graphene.InputObjectType):
    contains_any = graphene.List(graphene.NonNull(graphene.String), description="The field contains at least one of the specified values.")
    contains_all = graphene.List(graphene.NonNull(graphene.String), description="The field contains all of the specified values.")


class AssignedAttributeReferenceInput(graphene.InputObjectType):
    referenced_ids = graphene.InputField(
        ContainsFilterInput, description="Returns objects with a reference pointing to an object identified by the given ID."
    )
    page_slugs = graphene.InputField(
        ContainsFilterInput, description="Returns objects with a reference pointing to a page identified by the given slug."
    )
    product_slugs = graphene.InputField(
        ContainsFilterInput, description="Returns objects with a reference pointing to a product identified by the given slug."
    )
    product_variant_skus = graphene.InputField(
        ContainsFilterInput, description="Returns objects with a reference pointing to a product variant identified by the given sku."
    )
    category_slugs = graphene.InputField(
        ContainsFilterInput, description="Returns objects with a reference pointing to a category identified by the given slug."
    )
    collection_slugs = graphene.InputField(
        ContainsFilterInput, description="Returns objects with a reference pointing to a collection identified by the given slug."
    )


class AssignedAttributeValueInput(graphene.InputObjectType):
    slug = graphene.InputField(StringFilterInput, description="Filter by slug assigned to AttributeValue.")
    name = graphene.InputField(StringFilterInput, description="Filter by name assigned to AttributeValue.")
    numeric = graphene.InputField(DecimalFilterInput, description="Filter by numeric value for attributes of numeric type.")
    date = graphene.InputField(DateRangeInput, description="Filter by date value for attributes of date type.")
    date_time = graphene.InputField(DateTimeRangeInput, description="Filter by date time value for attributes of date time type.")
    boolean = graphene.Boolean(description="Filter by boolean value for attributes of boolean type.")
    reference = graphene.InputField(AssignedAttributeReferenceInput, description="Filter by reference attribute value.")


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Float(description="Price greater than or equal to.")
    lte = graphene.Float(description="Price less than or equal to.")
