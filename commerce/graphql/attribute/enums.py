"""Saleor's attribute enums; each member's value is what the model stores, so resolvers can
return model fields as they are and filters can use `.value` directly."""

import graphene

from commerce.attribute.models import AttributeEntityType, AttributeInputType, AttributeType


class AttributeInputTypeEnum(graphene.Enum):
    DROPDOWN = AttributeInputType.DROPDOWN.value
    MULTISELECT = AttributeInputType.MULTISELECT.value
    FILE = AttributeInputType.FILE.value
    REFERENCE = AttributeInputType.REFERENCE.value
    SINGLE_REFERENCE = AttributeInputType.SINGLE_REFERENCE.value
    NUMERIC = AttributeInputType.NUMERIC.value
    RICH_TEXT = AttributeInputType.RICH_TEXT.value
    PLAIN_TEXT = AttributeInputType.PLAIN_TEXT.value
    SWATCH = AttributeInputType.SWATCH.value
    BOOLEAN = AttributeInputType.BOOLEAN.value
    DATE = AttributeInputType.DATE.value
    DATE_TIME = AttributeInputType.DATE_TIME.value


class AttributeEntityTypeEnum(graphene.Enum):
    PAGE = AttributeEntityType.PAGE.value
    PRODUCT = AttributeEntityType.PRODUCT.value
    PRODUCT_VARIANT = AttributeEntityType.PRODUCT_VARIANT.value
    CATEGORY = AttributeEntityType.CATEGORY.value
    COLLECTION = AttributeEntityType.COLLECTION.value


class AttributeTypeEnum(graphene.Enum):
    PRODUCT_TYPE = AttributeType.PRODUCT_TYPE.value
    PAGE_TYPE = AttributeType.PAGE_TYPE.value


class MeasurementUnitsEnum(graphene.Enum):
    """The units OCOP products are sold in (Saleor's stored values: "g", "l", …)."""

    MM = "mm"
    CM = "cm"
    M = "m"
    CUBIC_CENTIMETER = "cubic_centimeter"
    LITER = "l"
    G = "g"
    KG = "kg"
    TONNE = "tonne"
    OZ = "oz"
    LB = "lb"


MEASUREMENT_UNIT_VALUES = {member.value for member in MeasurementUnitsEnum._meta.enum}


class AttributeSortField(graphene.Enum):
    NAME = "name"
    SLUG = "slug"
    VALUE_REQUIRED = "value_required"
    IS_VARIANT_ONLY = "is_variant_only"
    VISIBLE_IN_STOREFRONT = "visible_in_storefront"
    FILTERABLE_IN_STOREFRONT = "filterable_in_storefront"
    FILTERABLE_IN_DASHBOARD = "filterable_in_dashboard"
    STOREFRONT_SEARCH_POSITION = "storefront_search_position"
    AVAILABLE_IN_GRID = "available_in_grid"


class AttributeChoicesSortField(graphene.Enum):
    NAME = "name"
    SLUG = "slug"
