import graphene

from commerce.attribute import services
from commerce.attribute.models import AttributeType
from commerce.core.permissions import PermissionEnum
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.mutations import BaseMutation
from commerce.graphql.core.model_mutations import get_nodes

from .errors import AttributeErrorType
from .inputs import AttributeCreateInput
from .types import Attribute

# Saleor's required permission depends on what the attribute is for.
PERMISSION_BY_TYPE = {
    AttributeType.PRODUCT_TYPE: PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,
    AttributeType.PAGE_TYPE: PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,
}


class AttributeCreate(BaseMutation):
    attribute = graphene.Field(Attribute, description="The created attribute.")

    class Arguments:
        input = AttributeCreateInput(required=True, description="Fields required to create an attribute.")

    class Meta:
        description = "Creates an attribute."
        permissions = (PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES, PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES)
        error_type_class = AttributeErrorType

    @classmethod
    def perform_mutation(cls, root, info, input):
        from commerce.graphql.core.context import has_one_of_permissions
        from commerce.page.models import PageType

        kind = input["type"]
        kind = getattr(kind, "value", kind)
        needed = PERMISSION_BY_TYPE[kind]
        if not has_one_of_permissions(info.context, [needed]):
            raise PermissionDenied(permissions=[needed])
        flags = {
            k: input[k]
            for k in (
                "value_required",
                "is_variant_only",
                "visible_in_storefront",
                "filterable_in_storefront",
                "filterable_in_dashboard",
                "storefront_search_position",
                "available_in_grid",
            )
            if input.get(k) is not None
        }
        reference_types = get_nodes(input.get("reference_types") or [], "PageType", PageType, "referenceTypes")
        input_type = input.get("input_type")
        attribute = services.create_attribute(
            name=input["name"],
            slug=input.get("slug"),
            type=kind,
            input_type=getattr(input_type, "value", input_type) or "dropdown",
            entity_type=getattr(input.get("entity_type"), "value", input.get("entity_type")),
            unit=getattr(input.get("unit"), "value", input.get("unit")),
            values=[dict(v) for v in input.get("values") or []],
            external_reference=input.get("external_reference"),
            reference_page_types=reference_types,
            **flags,
        )
        return cls(attribute=attribute)


class AttributeMutations(graphene.ObjectType):
    attribute_create = AttributeCreate.Field()
