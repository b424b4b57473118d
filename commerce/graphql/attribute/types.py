"""Attribute, AttributeValue and SelectedAttribute in Saleor 3.23's shapes.

Product, variant and page types expose `attributes: [SelectedAttribute!]!` by returning the
`SelectedAttributeData` objects built by the loaders in `dataloaders.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import graphene
from django.db.models import Q
from django.utils import timezone

from commerce.attribute import models
from commerce.graphql.core.connection import SortKey, connection_args, countable_connection, create_connection_slice
from commerce.graphql.core.enums import LanguageCodeEnum, OrderDirection, is_descending, language_code_value
from commerce.graphql.core.filter_inputs import StringFilterInput, pks_from_global_ids, string_filter_q, where_q
from commerce.graphql.core.types import ModelObjectType, NonNullList, ObjectWithMetadata, to_global_id
from commerce.graphql.shop.schema import LanguageDisplay

from .enums import (
    MEASUREMENT_UNIT_VALUES,
    AttributeChoicesSortField,
    AttributeEntityTypeEnum,
    AttributeInputTypeEnum,
    AttributeTypeEnum,
    MeasurementUnitsEnum,
)

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def language_display(code: str) -> LanguageDisplay:
    base = language_code_value(code)
    return LanguageDisplay(code=base.upper(), language=LANGUAGE_NAMES.get(base, base))


class File(graphene.ObjectType):
    url = graphene.String(required=True, description="The URL of the file.")
    content_type = graphene.String(description="Content type of the file.")


class AttributeTranslation(ModelObjectType):
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")
    name = graphene.String(required=True, description="Translated attribute name.")

    class Meta:
        description = "Represents attribute's original translatable fields and related translations."
        model = models.AttributeTranslation

    @staticmethod
    def resolve_language(root, info):
        return language_display(root.language_code)


class AttributeValueTranslation(ModelObjectType):
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")
    name = graphene.String(required=True, description="Translated attribute value name.")
    rich_text = graphene.JSONString(description="Translated rich-text attribute value.")
    plain_text = graphene.String(description="Translated plain text attribute value .")

    class Meta:
        description = "Represents attribute value translations."
        model = models.AttributeValueTranslation

    @staticmethod
    def resolve_language(root, info):
        return language_display(root.language_code)


def enum_value(member):
    """Graphene hands enum arguments to resolvers as members; stored values are their values."""
    return getattr(member, "value", member)


def _with_attribute(info, value, fn):
    from commerce.graphql.core.dataloaders import then

    from .dataloaders import AttributesByIdLoader

    return then(AttributesByIdLoader(info.context).load(value.attribute_id), fn)


class AttributeValue(ModelObjectType):
    name = graphene.String(description="Name of a value displayed in the interface.")
    slug = graphene.String(description="Internal representation of a value (unique per attribute).")
    value = graphene.String(description="Represent value of the attribute value (e.g. color values for swatch attributes).")
    translation = graphene.Field(
        AttributeValueTranslation,
        language_code=graphene.Argument(LanguageCodeEnum, required=True, description="A language code to return the translation for."),
        description="Returns translated attribute value fields for the given language code.",
    )
    input_type = graphene.Field(AttributeInputTypeEnum, description="The input type to use for entering attribute values in the dashboard.")
    reference = graphene.ID(description="The ID of the referenced object.")
    file = graphene.Field(File, description="Represents file URL and content type (if attribute value is a file).")
    rich_text = graphene.JSONString(description="Represents the text of the attribute value, includes formatting.")
    plain_text = graphene.String(description="Represents the text of the attribute value, plain text without formatting.")
    boolean = graphene.Boolean(description="Represents the boolean value of the attribute value.")
    date = graphene.Date(description="Represents the date value of the attribute value.")
    date_time = graphene.DateTime(description="Represents the date/time value of the attribute value.")
    external_reference = graphene.String(description="External ID of this attribute value.")

    class Meta:
        description = "Represents a value of an attribute."
        model = models.AttributeValue

    @staticmethod
    def resolve_input_type(root, info):
        return _with_attribute(info, root, lambda attribute: attribute.input_type if attribute else None)

    @staticmethod
    def resolve_reference(root, info):
        # The referenced object's global ID is built from the foreign key alone: no query.
        if root.reference_page_id:
            return to_global_id("Page", root.reference_page_id)
        if root.reference_product_id:
            return to_global_id("Product", root.reference_product_id)
        if root.reference_variant_id:
            return to_global_id("ProductVariant", root.reference_variant_id)
        return None

    @staticmethod
    def resolve_file(root, info):
        if not root.file_url:
            return None
        return File(url=root.file_url, content_type=root.content_type)

    @staticmethod
    def resolve_date(root, info):
        def date_of(attribute):
            if attribute and attribute.input_type == models.AttributeInputType.DATE and root.date_time:
                # Dates are stored as local midnight; read them back in the shop's time zone.
                return timezone.localtime(root.date_time).date()
            return None

        return _with_attribute(info, root, date_of)

    @staticmethod
    def resolve_date_time(root, info):
        def date_time_of(attribute):
            if attribute and attribute.input_type == models.AttributeInputType.DATE_TIME:
                return root.date_time
            return None

        return _with_attribute(info, root, date_time_of)

    @staticmethod
    def resolve_translation(root, info, language_code):
        from .dataloaders import AttributeValueTranslationLoader

        return AttributeValueTranslationLoader(info.context).load((root.pk, language_code_value(language_code)))


AttributeValueCountableConnection = countable_connection(AttributeValue)


class AttributeChoicesSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(
        OrderDirection, required=True, description="Specifies the direction in which to sort attribute choices."
    )
    field = graphene.InputField(AttributeChoicesSortField, required=True, description="Sort attribute choices by the selected field.")


class AttributeValueFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class AttributeValueWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.InputField(StringFilterInput)
    slug = graphene.InputField(StringFilterInput)
    AND = graphene.List(graphene.NonNull(lambda: AttributeValueWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: AttributeValueWhereInput))


def _value_where_one(where) -> Q:
    condition = Q()
    if where.get("ids") is not None:
        condition &= Q(pk__in=pks_from_global_ids(where["ids"], "AttributeValue", models.AttributeValue))
    condition &= string_filter_q(where.get("name"), "name")
    condition &= string_filter_q(where.get("slug"), "slug")
    return condition


def filter_choices(queryset, filter=None, where=None, search=None):
    filter = filter or {}
    search = search or filter.get("search")
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(slug__icontains=search))
    if filter.get("ids"):
        queryset = queryset.filter(pk__in=pks_from_global_ids(filter["ids"], "AttributeValue", models.AttributeValue))
    if filter.get("slugs"):
        queryset = queryset.filter(slug__in=filter["slugs"])
    return queryset.filter(where_q(where, _value_where_one))


class Attribute(ModelObjectType):
    input_type = graphene.Field(AttributeInputTypeEnum, description="The input type to use for entering attribute values in the dashboard.")
    entity_type = graphene.Field(AttributeEntityTypeEnum, description="The entity type which can be used as a reference.")
    name = graphene.String(required=True, description="Name of an attribute displayed in the interface.")
    slug = graphene.String(required=True, description="Internal representation of an attribute name.")
    type = graphene.Field(AttributeTypeEnum, required=True, description="The attribute type.")
    unit = graphene.Field(MeasurementUnitsEnum, description="The unit of attribute values.")
    choices = graphene.Field(
        AttributeValueCountableConnection,
        sort_by=graphene.Argument(AttributeChoicesSortingInput, description="Sort attribute choices."),
        filter=graphene.Argument(AttributeValueFilterInput, description="Filtering options for attribute choices."),
        where=graphene.Argument(AttributeValueWhereInput, description="Where filtering options for attribute choices."),
        search=graphene.String(description="Search attribute choices."),
        description="List of attribute's values.",
        **connection_args(),
    )
    value_required = graphene.Boolean(required=True, description="Whether the attribute requires values to be passed or not.")
    visible_in_storefront = graphene.Boolean(required=True, description="Whether the attribute should be visible or not in storefront.")
    filterable_in_storefront = graphene.Boolean(required=True, description="Whether the attribute can be filtered in storefront.")
    filterable_in_dashboard = graphene.Boolean(required=True, description="Whether the attribute can be filtered in dashboard.")
    available_in_grid = graphene.Boolean(required=True, description="Whether the attribute can be displayed in the admin product list.")
    storefront_search_position = graphene.Int(
        required=True, description="The position of the attribute in the storefront navigation (0 by default)."
    )
    translation = graphene.Field(
        AttributeTranslation,
        language_code=graphene.Argument(LanguageCodeEnum, required=True, description="A language code to return the translation for."),
        description="Returns translated attribute fields for the given language code.",
    )
    with_choices = graphene.Boolean(required=True, description="Flag indicating that attribute has predefined choices.")
    external_reference = graphene.String(description="External ID of this attribute.")

    class Meta:
        description = "Custom attribute of a product. Attributes can be assigned to products and variants at the product type level."
        model = models.Attribute
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_unit(root, info):
        # A unit stored by an import that our enum subset does not list reads as no unit.
        return root.unit if root.unit in MEASUREMENT_UNIT_VALUES else None

    @staticmethod
    def resolve_with_choices(root, info):
        return root.has_shared_values

    @staticmethod
    def resolve_choices(root, info, sort_by=None, filter=None, where=None, search=None, **args):
        # Only dropdown/multiselect/swatch attributes have shared choices; others answer null,
        # as Saleor does. A connection per attribute: a nested paginated list cannot be batched
        # by key without window functions, and the page size of `choices` bounds it anyway.
        if not root.has_shared_values:
            return None
        queryset = filter_choices(models.AttributeValue.objects.filter(attribute_id=root.pk), filter, where, search)
        descending = bool(sort_by) and is_descending(sort_by["direction"])
        field_name = enum_value(sort_by["field"]) if sort_by else None
        keys = [SortKey(field_name, descending), SortKey("pk", descending)] if field_name else [SortKey("sort_order_key"), SortKey("pk")]
        if not field_name:
            from django.db.models import Value
            from django.db.models.functions import Coalesce

            queryset = queryset.annotate(sort_order_key=Coalesce("sort_order", Value(0)))
        return create_connection_slice(queryset, args, AttributeValueCountableConnection, keys, "choices")

    @staticmethod
    def resolve_translation(root, info, language_code):
        from .dataloaders import AttributeTranslationLoader

        return AttributeTranslationLoader(info.context).load((root.pk, language_code_value(language_code)))


AttributeCountableConnection = countable_connection(Attribute)


@dataclass
class SelectedAttributeData:
    """What the loaders return for one attribute of one object: the attribute and its values."""

    attribute: models.Attribute
    values: list = field(default_factory=list)


class SelectedAttribute(graphene.ObjectType):
    attribute = graphene.Field(Attribute, required=True, description="Name of an attribute displayed in the interface.")
    values = NonNullList(AttributeValue, description="Values of an attribute.")

    class Meta:
        description = "Represents a custom attribute."
