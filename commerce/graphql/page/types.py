import graphene
from django.utils import timezone

from commerce.graphql.attribute.dataloaders import SelectedAttributesByPageIdLoader
from commerce.graphql.attribute.types import Attribute, SelectedAttribute, language_display
from commerce.graphql.core.connection import countable_connection
from commerce.graphql.core.dataloaders import then
from commerce.graphql.core.enums import LanguageCodeEnum, language_code_value
from commerce.graphql.core.types import ModelObjectType, NonNullList, ObjectWithMetadata
from commerce.graphql.shop.schema import LanguageDisplay
from commerce.page import models

from .dataloaders import AttributesByPageTypeIdLoader, PageCountByPageTypeIdLoader, PageTranslationLoader, PageTypesByIdLoader


class PageType(ModelObjectType):
    name = graphene.String(required=True, description="Name of the page type.")
    slug = graphene.String(required=True, description="Slug of the page type.")
    attributes = graphene.List(graphene.NonNull(Attribute), description="Page attributes of that page type.")
    has_pages = graphene.Boolean(description="Whether page type has pages assigned.")

    class Meta:
        description = "Represents a type of page. It defines what attributes are available to pages of this type."
        model = models.PageType
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_attributes(root, info):
        return AttributesByPageTypeIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_has_pages(root, info):
        return then(PageCountByPageTypeIdLoader(info.context).load(root.pk), bool)


PageTypeCountableConnection = countable_connection(PageType)


class PageTranslation(ModelObjectType):
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    title = graphene.String()
    content = graphene.JSONString()

    class Meta:
        description = "Represents page translations."
        model = models.PageTranslation

    @staticmethod
    def resolve_language(root, info):
        return language_display(root.language_code)


class Page(ModelObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    title = graphene.String(required=True)
    content = graphene.JSONString(description="Content of the page.")
    publication_date = graphene.Date(description="The page publication date.")
    published_at = graphene.DateTime(description="The page publication date.")
    is_published = graphene.Boolean(required=True, description="Determines if the page is visible in the storefront.")
    slug = graphene.String(required=True)
    page_type = graphene.Field(PageType, required=True, description="Determines the type of page")
    created = graphene.DateTime(required=True)
    translation = graphene.Field(
        PageTranslation,
        language_code=graphene.Argument(LanguageCodeEnum, required=True, description="A language code to return the translation for page."),
        description="Returns translated page fields for the given language code.",
    )
    attribute = graphene.Field(
        SelectedAttribute,
        slug=graphene.Argument(graphene.String, required=True, description="Slug of the attribute"),
        description="Get a single attribute attached to page by attribute slug.",
    )
    attributes = NonNullList(SelectedAttribute, description="List of attributes assigned to this page.")

    class Meta:
        description = "A static page that can be manually added by a shop operator through the dashboard."
        model = models.Page
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_publication_date(root, info):
        return timezone.localtime(root.published_at).date() if root.published_at else None

    @staticmethod
    def resolve_page_type(root, info):
        return PageTypesByIdLoader(info.context).load(root.page_type_id)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return PageTranslationLoader(info.context).load((root.pk, language_code_value(language_code)))

    @staticmethod
    def resolve_attributes(root, info):
        return SelectedAttributesByPageIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_attribute(root, info, slug):
        def pick(selected):
            return next((item for item in selected if item.attribute.slug == slug), None)

        return then(SelectedAttributesByPageIdLoader(info.context).load(root.pk), pick)


PageCountableConnection = countable_connection(Page)
