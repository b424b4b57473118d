import graphene

from commerce.attribute.models import Attribute, AttributeValue
from commerce.attribute.services import AttributeAssignment
from commerce.core.validation import problems
from commerce.graphql.core.model_mutations import DIRECT, Nodes, decode_id, get_nodes

from .enums import AttributeEntityTypeEnum, AttributeInputTypeEnum, AttributeTypeEnum, MeasurementUnitsEnum


class AttributeValueSelectableTypeInput(graphene.InputObjectType):
    id = graphene.ID(description="ID of an attribute value.")
    external_reference = graphene.String(description="External reference of an attribute value.")
    value = graphene.String(
        description="The value or slug of an attribute to resolve. If the passed value is non-existent, it will be created."
    )


def _value_fields():
    return {
        "id": graphene.ID(description="ID of the selected attribute."),
        "external_reference": graphene.String(description="External ID of this attribute."),
        "values": graphene.List(graphene.NonNull(graphene.String), description="The value or slug of an attribute to resolve."),
        "dropdown": graphene.Field(AttributeValueSelectableTypeInput),
        "swatch": graphene.Field(AttributeValueSelectableTypeInput),
        "multiselect": graphene.List(graphene.NonNull(AttributeValueSelectableTypeInput)),
        "numeric": graphene.String(),
        "file": graphene.String(),
        "content_type": graphene.String(),
        "reference": graphene.ID(),
        "references": graphene.List(graphene.NonNull(graphene.ID)),
        "rich_text": graphene.JSONString(),
        "plain_text": graphene.String(),
        "boolean": graphene.Boolean(),
        "date": graphene.Date(),
        "date_time": graphene.DateTime(),
    }


AttributeValueInput = type("AttributeValueInput", (graphene.InputObjectType,), _value_fields())
BulkAttributeValueInput = type("BulkAttributeValueInput", (graphene.InputObjectType,), _value_fields())


class AttributeValueCreateInput(graphene.InputObjectType):
    value = graphene.String(description="Represent value of the attribute value (e.g. color values for swatch attributes).")
    file_url = graphene.String()
    content_type = graphene.String()
    external_reference = graphene.String()
    name = graphene.String(required=True, description="Name of a value displayed in the interface.")


class AttributeCreateInput(graphene.InputObjectType):
    input_type = AttributeInputTypeEnum()
    entity_type = AttributeEntityTypeEnum()
    name = graphene.String(required=True)
    slug = graphene.String()
    type = AttributeTypeEnum(required=True)
    unit = MeasurementUnitsEnum()
    values = graphene.List(graphene.NonNull(AttributeValueCreateInput))
    value_required = graphene.Boolean()
    is_variant_only = graphene.Boolean()
    visible_in_storefront = graphene.Boolean()
    filterable_in_storefront = graphene.Boolean()
    filterable_in_dashboard = graphene.Boolean()
    storefront_search_position = graphene.Int()
    available_in_grid = graphene.Boolean()
    external_reference = graphene.String()
    reference_types = graphene.List(graphene.NonNull(graphene.ID))


REFERENCE_MODELS = {}


def _reference_models():
    if not REFERENCE_MODELS:
        from commerce.page.models import Page
        from commerce.product.models import Product, ProductVariant

        REFERENCE_MODELS.update({"Page": Page, "Product": Product, "ProductVariant": ProductVariant})
    return REFERENCE_MODELS


def _choice(selectable, attribute: Attribute, field: str, assignment: AttributeAssignment, nodes: Nodes) -> None:
    if selectable.get("id"):
        value = nodes.get_node(selectable["id"], "AttributeValue", AttributeValue, field)
        assignment.choices.append(value)
    elif selectable.get("external_reference"):
        assignment.choices.append(nodes.get_by_external_reference(AttributeValue, selectable["external_reference"], field))
    elif selectable.get("value"):
        assignment.choice_names.append(selectable["value"])


def want_attribute_inputs(inputs, nodes: Nodes) -> None:
    """Note every ID and external reference `inputs` name, for a bulk mutation's one read per model."""
    models = _reference_models()
    for item in inputs or []:
        if item.get("id"):
            nodes.want(item["id"], "Attribute", Attribute)
        elif item.get("external_reference"):
            nodes.want_ref(item["external_reference"], Attribute)
        for selectable in [item.get("dropdown"), item.get("swatch"), *(item.get("multiselect") or [])]:
            if not selectable:
                continue
            if selectable.get("id"):
                nodes.want(selectable["id"], "AttributeValue", AttributeValue)
            elif selectable.get("external_reference"):
                nodes.want_ref(selectable["external_reference"], AttributeValue)
        for gid in list(item.get("references") or []) + ([item["reference"]] if item.get("reference") else []):
            nodes.want(gid, models, None)


def parse_attribute_inputs(inputs, field: str = "attributes", nodes: Nodes = DIRECT) -> list[AttributeAssignment]:
    """AttributeValueInput list → AttributeAssignment list (attribute and value IDs resolved)."""
    if not inputs:
        return []
    assignments = []
    for item in inputs:
        if item.get("id"):
            attribute = nodes.get_node(item["id"], "Attribute", Attribute, field)
        elif item.get("external_reference"):
            attribute = nodes.get_by_external_reference(Attribute, item["external_reference"], field)
        else:
            raise problems([(field, "REQUIRED", "Each attribute needs an id or an externalReference.")])
        a = AttributeAssignment(attribute=attribute)
        for name in item.get("values") or []:
            a.choice_names.append(name)
        for key in ("dropdown", "swatch"):
            if item.get(key):
                _choice(item[key], attribute, field, a, nodes)
        for selectable in item.get("multiselect") or []:
            _choice(selectable, attribute, field, a, nodes)
        a.plain_text = item.get("plain_text")
        a.rich_text = item.get("rich_text")
        a.numeric = item.get("numeric")
        a.boolean = item.get("boolean")
        a.date = item.get("date")
        a.date_time = item.get("date_time")
        a.file_url = item.get("file")
        a.content_type = item.get("content_type")
        reference_ids = list(item.get("references") or []) + ([item["reference"]] if item.get("reference") else [])
        models = _reference_models()
        for gid in reference_ids:
            type_name, _ = decode_id(gid, tuple(models), field)
            a.references.append(nodes.get_node(gid, type_name, models[type_name], field))
        if attribute.input_type in ("dropdown", "multiselect", "swatch", "reference", "single-reference"):
            pass
        elif item.get("values") and attribute.input_type == "plain-text" and a.plain_text is None:
            a.plain_text = item["values"][0]  # Saleor's deprecated `values` for plain text
        assignments.append(a)
    return assignments


__all__ = [
    "AttributeCreateInput",
    "AttributeValueInput",
    "BulkAttributeValueInput",
    "get_nodes",
    "parse_attribute_inputs",
    "want_attribute_inputs",
]
