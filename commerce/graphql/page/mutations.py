import graphene

from commerce.attribute.models import Attribute
from commerce.core.permissions import PermissionEnum
from commerce.graphql.attribute.inputs import parse_attribute_inputs
from commerce.graphql.core.mutations import BaseMutation
from commerce.graphql.core.model_mutations import get_node, get_nodes
from commerce.page import models, services

from .errors import PageError
from .inputs import PageCreateInput, PageTypeCreateInput
from .types import Page, PageType


class PageTypeCreate(BaseMutation):
    page_type = graphene.Field(PageType)

    class Arguments:
        input = PageTypeCreateInput(required=True, description="Fields required to create page type.")

    class Meta:
        description = "Create a new page type."
        permissions = (PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,)
        error_type_class = PageError

    @classmethod
    def perform_mutation(cls, root, info, input):
        page_type = services.create_page_type(
            name=input.get("name") or "",
            slug=input.get("slug"),
            attributes=get_nodes(input.get("add_attributes") or [], "Attribute", Attribute, "addAttributes"),
        )
        return cls(page_type=page_type)


class PageCreate(BaseMutation):
    page = graphene.Field(Page)

    class Arguments:
        input = PageCreateInput(required=True, description="Fields required to create a page.")

    class Meta:
        description = "Creates a new page."
        permissions = (PermissionEnum.MANAGE_PAGES,)
        error_type_class = PageError

    @classmethod
    def perform_mutation(cls, root, info, input):
        seo = input.get("seo") or {}
        page = services.create_page(
            page_type=get_node(input["page_type"], "PageType", models.PageType, "pageType"),
            title=input.get("title") or "",
            slug=input.get("slug"),
            content=input.get("content"),
            is_published=bool(input.get("is_published")),
            published_at=input.get("published_at"),
            seo_title=seo.get("title"),
            seo_description=seo.get("description"),
            attributes=parse_attribute_inputs(input.get("attributes")),
        )
        return cls(page=page)


class PageMutations(graphene.ObjectType):
    page_type_create = PageTypeCreate.Field()
    page_create = PageCreate.Field()
