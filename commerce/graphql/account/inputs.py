import graphene

from commerce.graphql.core.inputs import CountryCode, MetadataInput


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    company_name = graphene.String()
    street_address_1 = graphene.String(name="streetAddress1", description="Street and house number.")
    street_address_2 = graphene.String(name="streetAddress2")
    city = graphene.String(description="Ward or commune (phường/xã) since Vietnam's 2025 reform.")
    city_area = graphene.String()
    postal_code = graphene.String()
    country = CountryCode()
    country_area = graphene.String(description="Province (tỉnh/thành phố).")
    phone = graphene.String(description="Phone number; stored in E.164 (+84…).")
    metadata = graphene.List(graphene.NonNull(MetadataInput))
    skip_validation = graphene.Boolean(default_value=False)


def address_input_data(value) -> dict:
    """An AddressInput as the plain snake_case dict the address services take (country as its code)."""
    data = dict(value)
    country = data.get("country")
    data["country"] = getattr(country, "value", country)
    return data
