"""Saleor's AttributeFilterInput / AttributeWhereInput / AttributeSortingInput and how they apply."""

from __future__ import annotations

import graphene
from django.db.models import Q

from commerce.attribute import models
from commerce.graphql.core.enums import OrderDirection
from commerce.graphql.core.filter_inputs import (
    MetadataFilter,
    StringFilterInput,
    enum_filter_q,
    metadata_q,
    pk_from_global_id,
    pks_from_global_ids,
    string_filter_q,
    where_q,
)

from .enums import AttributeEntityTypeEnum, AttributeInputTypeEnum, AttributeSortField, AttributeTypeEnum, MeasurementUnitsEnum


class AttributeFilterInput(graphene.InputObjectType):
    value_required = graphene.Boolean()
    is_variant_only = graphene.Boolean()
    visible_in_storefront = graphene.Boolean()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    type = graphene.InputField(AttributeTypeEnum)
    in_collection = graphene.ID()
    in_category = graphene.ID()
    slugs = graphene.List(graphene.NonNull(graphene.String))


class AttributeInputTypeEnumFilterInput(graphene.InputObjectType):
    eq = graphene.InputField(AttributeInputTypeEnum)
    one_of = graphene.List(graphene.NonNull(AttributeInputTypeEnum))


class AttributeEntityTypeEnumFilterInput(graphene.InputObjectType):
    eq = graphene.InputField(AttributeEntityTypeEnum)
    one_of = graphene.List(graphene.NonNull(AttributeEntityTypeEnum))


class AttributeTypeEnumFilterInput(graphene.InputObjectType):
    eq = graphene.InputField(AttributeTypeEnum)
    one_of = graphene.List(graphene.NonNull(AttributeTypeEnum))


class MeasurementUnitsEnumFilterInput(graphene.InputObjectType):
    eq = graphene.InputField(MeasurementUnitsEnum)
    one_of = graphene.List(graphene.NonNull(MeasurementUnitsEnum))


class AttributeWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.InputField(StringFilterInput)
    slug = graphene.InputField(StringFilterInput)
    with_choices = graphene.Boolean()
    input_type = graphene.InputField(AttributeInputTypeEnumFilterInput)
    entity_type = graphene.InputField(AttributeEntityTypeEnumFilterInput)
    type = graphene.InputField(AttributeTypeEnumFilterInput)
    unit = graphene.InputField(MeasurementUnitsEnumFilterInput)
    in_collection = graphene.ID()
    in_category = graphene.ID()
    value_required = graphene.Boolean()
    visible_in_storefront = graphene.Boolean()
    AND = graphene.List(graphene.NonNull(lambda: AttributeWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: AttributeWhereInput))


class AttributeSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True, description="Specifies the direction in which to sort attributes.")
    field = graphene.InputField(AttributeSortField, required=True, description="Sort attributes by the selected field.")


def _product_models():
    from commerce.product import models as product_models

    return product_models


def _used_by_products(product_filter: Q) -> Q:
    """Attributes of the product types (product- or variant-level) of the matching products."""
    from commerce.product.models import Product

    type_ids = Product.objects.filter(product_filter).values("product_type_id")
    return Q(product_types__in=type_ids) | Q(product_variant_types__in=type_ids)


def _in_category(global_id) -> Q:
    pk = pk_from_global_id(global_id, "Category", _product_models().Category)
    return Q(pk__in=models.Attribute.objects.filter(_used_by_products(Q(category_id=pk))).values("pk"))


def _in_collection(global_id) -> Q:
    pk = pk_from_global_id(global_id, "Collection", _product_models().Collection)
    return Q(pk__in=models.Attribute.objects.filter(_used_by_products(Q(collections__id=pk))).values("pk"))


def _booleans(data, names) -> Q:
    return Q(**{name: data[name] for name in names if data.get(name) is not None})


def filter_q(data) -> Q:
    if not data:
        return Q()
    condition = _booleans(data, ("value_required", "is_variant_only", "visible_in_storefront"))
    condition &= metadata_q(data.get("metadata"))
    if data.get("search"):
        condition &= Q(name__icontains=data["search"]) | Q(slug__icontains=data["search"])
    if data.get("ids"):
        condition &= Q(pk__in=pks_from_global_ids(data["ids"], "Attribute", models.Attribute))
    if data.get("slugs"):
        condition &= Q(slug__in=data["slugs"])
    if data.get("type") is not None:
        condition &= Q(type=getattr(data["type"], "value", data["type"]))
    if data.get("in_category"):
        condition &= _in_category(data["in_category"])
    if data.get("in_collection"):
        condition &= _in_collection(data["in_collection"])
    return condition


def _where_one(data) -> Q:
    condition = _booleans(data, ("value_required", "visible_in_storefront"))
    condition &= metadata_q(data.get("metadata"))
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_from_global_ids(data["ids"], "Attribute", models.Attribute))
    condition &= string_filter_q(data.get("name"), "name")
    condition &= string_filter_q(data.get("slug"), "slug")
    if data.get("with_choices") is not None:
        choice_types = [t.value for t in models.CHOICE_INPUT_TYPES]
        with_choices = Q(input_type__in=choice_types)
        condition &= with_choices if data["with_choices"] else ~with_choices
    condition &= enum_filter_q(data.get("input_type"), "input_type")
    condition &= enum_filter_q(data.get("entity_type"), "entity_type")
    condition &= enum_filter_q(data.get("type"), "type")
    condition &= enum_filter_q(data.get("unit"), "unit")
    if data.get("in_category"):
        condition &= _in_category(data["in_category"])
    if data.get("in_collection"):
        condition &= _in_collection(data["in_collection"])
    return condition


def attribute_where_q(where) -> Q:
    return where_q(where, _where_one)
