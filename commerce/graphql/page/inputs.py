import graphene

from commerce.graphql.attribute.inputs import AttributeValueInput
from commerce.graphql.core.inputs import SeoInput


class PageTypeCreateInput(graphene.InputObjectType):
    name = graphene.String(description="Name of the page type.")
    slug = graphene.String(description="Page type slug.")
    add_attributes = graphene.List(graphene.NonNull(graphene.ID), description="List of attribute IDs to be assigned to the page type.")


class PageCreateInput(graphene.InputObjectType):
    slug = graphene.String()
    title = graphene.String()
    content = graphene.JSONString()
    attributes = graphene.List(graphene.NonNull(AttributeValueInput))
    is_published = graphene.Boolean()
    published_at = graphene.DateTime()
    seo = SeoInput()
    page_type = graphene.ID(required=True)
