import graphene
from django.conf import settings

from commerce.channel.models import Channel
from commerce.graphql.channel.types import CountryDisplay, country_display
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.types import NonNullList


class LanguageDisplay(graphene.ObjectType):
    code = graphene.Field(LanguageCodeEnum, required=True, description="ISO 639 representation of the language name.")
    language = graphene.String(required=True, description="Full name of the language.")


class Shop(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True, description="Shop's name.")
    description = graphene.String(description="Shop's description.")
    default_country = graphene.Field(CountryDisplay, description="Shop's default country.")
    languages = NonNullList(LanguageDisplay, description="List of the shops's supported languages.")
    channel_currencies = NonNullList(graphene.String, description="List of all currencies supported by shop's channels.")
    phone_prefixes = NonNullList(graphene.String, description="List of possible phone prefixes.")
    version = graphene.String(required=True, description="Saleor API version.")
    schema_version = graphene.String(required=True, description="Minor Saleor API version.")

    class Meta:
        description = "Represents a shop resource containing general shop data and configuration."

    @staticmethod
    def resolve_id(root, info):
        return graphene.Node.to_global_id("Shop", "1")

    @staticmethod
    def resolve_name(root, info):
        return getattr(settings, "SHOP_NAME", "OCOP Market")

    @staticmethod
    def resolve_description(root, info):
        return "Đặc sản OCOP Tây Ninh — OCOP-certified specialties of Tây Ninh"

    @staticmethod
    def resolve_default_country(root, info):
        return country_display(settings.DEFAULT_COUNTRY)

    @staticmethod
    def resolve_languages(root, info):
        return [
            LanguageDisplay(code=LanguageCodeEnum.VI, language="Tiếng Việt"),
            LanguageDisplay(code=LanguageCodeEnum.EN, language="English"),
        ]

    @staticmethod
    def resolve_channel_currencies(root, info):
        return sorted(set(Channel.objects.values_list("currency_code", flat=True)))

    @staticmethod
    def resolve_phone_prefixes(root, info):
        return ["+84"]

    @staticmethod
    def resolve_version(root, info):
        return "3.23.28"

    @staticmethod
    def resolve_schema_version(root, info):
        return "3.23"


class ShopQueries(graphene.ObjectType):
    shop = graphene.Field(Shop, required=True, description="Return information about the shop.")

    @staticmethod
    def resolve_shop(root, info):
        return Shop()
