"""attributes/attribute queries and the SelectedAttributes loaders."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from commerce.attribute.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeTranslation,
    AttributeType,
    AttributeValue,
    AttributeValueTranslation,
)
from commerce.graphql.attribute.dataloaders import SelectedAttributesByProductIdLoader
from commerce.graphql.core.context import RequestContext
from commerce.graphql.core.dataloaders import dispatch_pending
from commerce.graphql.core.types import to_global_id
from tests.conftest import get_graphql_content
from tests.factories import aware

ATTRIBUTES = """
query($filter: AttributeFilterInput, $where: AttributeWhereInput, $sortBy: AttributeSortingInput, $first: Int, $search: String) {
  attributes(filter: $filter, where: $where, sortBy: $sortBy, first: $first, search: $search) {
    totalCount
    edges { node { slug name type inputType withChoices unit valueRequired visibleInStorefront } }
  }
}
"""


@pytest.fixture
def valid_until_attribute(db, product_type):
    attribute = Attribute.objects.create(
        slug="ocop-valid-until", name="Hiệu lực đến", input_type=AttributeInputType.DATE, type=AttributeType.PRODUCT_TYPE
    )
    AttributeProduct.objects.create(attribute=attribute, product_type=product_type, sort_order=1)
    return attribute


@pytest.fixture
def score_attribute(db, product_type):
    attribute = Attribute.objects.create(
        slug="ocop-score", name="Điểm", input_type=AttributeInputType.NUMERIC, unit="g", visible_in_storefront=False
    )
    AttributeProduct.objects.create(attribute=attribute, product_type=product_type, sort_order=2)
    return attribute


def slugs_of(data):
    return [edge["node"]["slug"] for edge in data["data"]["attributes"]["edges"]]


def test_attributes_are_public_and_sorted_by_slug(api_client, stars_attribute, valid_until_attribute, score_attribute):
    data = get_graphql_content(api_client.post_graphql(ATTRIBUTES, {"first": 10}))
    assert slugs_of(data) == ["ocop-score", "ocop-stars", "ocop-valid-until"]
    assert data["data"]["attributes"]["totalCount"] == 3
    stars = data["data"]["attributes"]["edges"][1]["node"]
    assert stars == {
        "slug": "ocop-stars",
        "name": "Hạng sao OCOP",
        "type": "PRODUCT_TYPE",
        "inputType": "DROPDOWN",
        "withChoices": True,
        "unit": None,
        "valueRequired": False,
        "visibleInStorefront": True,
    }
    assert data["data"]["attributes"]["edges"][0]["node"]["unit"] == "G"


def test_attributes_filter_where_search_and_sort(api_client, stars_attribute, valid_until_attribute, score_attribute):
    by_slugs = get_graphql_content(api_client.post_graphql(ATTRIBUTES, {"first": 10, "filter": {"slugs": ["ocop-stars", "ocop-score"]}}))
    assert slugs_of(by_slugs) == ["ocop-score", "ocop-stars"]
    by_input_type = get_graphql_content(
        api_client.post_graphql(ATTRIBUTES, {"first": 10, "where": {"inputType": {"oneOf": ["DATE", "NUMERIC"]}}})
    )
    assert slugs_of(by_input_type) == ["ocop-score", "ocop-valid-until"]
    with_choices = get_graphql_content(api_client.post_graphql(ATTRIBUTES, {"first": 10, "where": {"withChoices": True}}))
    assert slugs_of(with_choices) == ["ocop-stars"]
    either = get_graphql_content(
        api_client.post_graphql(ATTRIBUTES, {"first": 10, "where": {"OR": [{"slug": {"eq": "ocop-stars"}}, {"name": {"eq": "Điểm"}}]}})
    )
    assert slugs_of(either) == ["ocop-score", "ocop-stars"]
    searched = get_graphql_content(api_client.post_graphql(ATTRIBUTES, {"first": 10, "search": "hiệu lực"}))
    assert slugs_of(searched) == ["ocop-valid-until"]
    by_slug_desc = get_graphql_content(api_client.post_graphql(ATTRIBUTES, {"first": 10, "sortBy": {"field": "SLUG", "direction": "DESC"}}))
    assert slugs_of(by_slug_desc) == ["ocop-valid-until", "ocop-stars", "ocop-score"]
    page_types = get_graphql_content(api_client.post_graphql(ATTRIBUTES, {"first": 10, "filter": {"type": "PAGE_TYPE"}}))
    assert slugs_of(page_types) == []


def test_attributes_pagination_with_cursor(api_client, stars_attribute, valid_until_attribute, score_attribute):
    query = "query($after: String) { attributes(first: 2, after: $after) { edges { node { slug } } pageInfo { hasNextPage endCursor } } }"
    first = get_graphql_content(api_client.post_graphql(query))["data"]["attributes"]
    assert [e["node"]["slug"] for e in first["edges"]] == ["ocop-score", "ocop-stars"] and first["pageInfo"]["hasNextPage"]
    second = get_graphql_content(api_client.post_graphql(query, {"after": first["pageInfo"]["endCursor"]}))["data"]["attributes"]
    assert [e["node"]["slug"] for e in second["edges"]] == ["ocop-valid-until"] and not second["pageInfo"]["hasNextPage"]


def test_attributes_first_over_100_is_refused(api_client, db):
    content = get_graphql_content(api_client.post_graphql(ATTRIBUTES, {"first": 101}), ignore_errors=True)
    assert content["data"]["attributes"] is None
    assert "exceeds the `first` limit of 100" in content["errors"][0]["message"]


def test_attributes_bad_id_is_an_error_not_a_crash(api_client, db):
    content = get_graphql_content(
        api_client.post_graphql(ATTRIBUTES, {"first": 5, "filter": {"ids": [to_global_id("Attribute", "abc")]}}), ignore_errors=True
    )
    assert content["errors"][0]["message"].startswith("Invalid ID")
    assert content["errors"][0]["extensions"]["exception"]["code"] == "GraphQLError"


ATTRIBUTE = """
query($slug: String, $id: ID, $first: Int, $sortBy: AttributeChoicesSortingInput) {
  attribute(slug: $slug, id: $id) {
    id slug
    translation(languageCode: EN) { name language { code language } }
    choices(first: $first, sortBy: $sortBy) {
      totalCount
      edges { node { name slug inputType translation(languageCode: EN) { name } } }
    }
  }
}
"""


def test_attribute_by_slug_with_choices_and_translations(api_client, stars_attribute):
    AttributeTranslation.objects.create(attribute=stars_attribute, language_code="en", name="OCOP stars")
    three = stars_attribute.values.get(slug="3")
    AttributeValueTranslation.objects.create(attribute_value=three, language_code="en", name="3 stars")
    data = get_graphql_content(api_client.post_graphql(ATTRIBUTE, {"slug": "ocop-stars", "first": 3}))["data"]["attribute"]
    assert data["id"] == to_global_id("Attribute", stars_attribute.pk)
    assert data["translation"] == {"name": "OCOP stars", "language": {"code": "EN", "language": "English"}}
    assert data["choices"]["totalCount"] == 5
    nodes = [e["node"] for e in data["choices"]["edges"]]
    assert [n["slug"] for n in nodes] == ["1", "2", "3"]
    assert nodes[2] == {"name": "3 sao", "slug": "3", "inputType": "DROPDOWN", "translation": {"name": "3 stars"}}
    assert nodes[0]["translation"] is None
    by_id = get_graphql_content(
        api_client.post_graphql(ATTRIBUTE, {"id": data["id"], "first": 2, "sortBy": {"field": "SLUG", "direction": "DESC"}})
    )["data"]["attribute"]
    assert [e["node"]["slug"] for e in by_id["choices"]["edges"]] == ["5", "4"]


def test_attribute_without_shared_values_has_no_choices(api_client, valid_until_attribute):
    data = get_graphql_content(api_client.post_graphql(ATTRIBUTE, {"slug": "ocop-valid-until", "first": 3}))["data"]["attribute"]
    assert data["choices"] is None


def test_attribute_needs_exactly_one_lookup(api_client, db):
    content = get_graphql_content(api_client.post_graphql("{ attribute { id } }"), ignore_errors=True)
    assert content["data"]["attribute"] is None and content["errors"]


# --- SelectedAttributesByProductIdLoader ---------------------------------------------------


def _assign_valid_until(products, attribute):
    for product in products:
        value = AttributeValue.objects.create(
            attribute=attribute, name="2027-06-30", slug=f"{product.pk}-valid-until", date_time=aware(date(2027, 6, 30))
        )
        AssignedProductAttributeValue.objects.create(value=value, product=product)


def _load(context, product_ids):
    future = SelectedAttributesByProductIdLoader(context).load_many(product_ids)
    dispatch_pending(context)
    return future.result()


@pytest.mark.parametrize("count", [2, 20])
def test_selected_attributes_loader_query_count_is_constant(
    products_factory, valid_until_attribute, score_attribute, django_assert_num_queries, count
):
    products = products_factory(count, with_image=False)
    _assign_valid_until(products, valid_until_attribute)
    context = RequestContext()
    with django_assert_num_queries(2):
        result = _load(context, [p.pk for p in products])
    assert len(result) == count
    # Anonymous callers: hidden attributes (ocop-score) are left out; type order is kept.
    for product, selected in zip(products, result):
        assert [item.attribute.slug for item in selected] == ["ocop-stars", "ocop-valid-until"]
        assert selected[1].values[0].slug == f"{product.pk}-valid-until"
    assert [selected[0].values[0].slug for selected in result] == [str(3 + i % 3) for i in range(count)]


def test_selected_attributes_loader_shows_hidden_attributes_to_staff(product, score_attribute, staff_user):
    selected = _load(RequestContext(user=staff_user), [product.pk])[0]
    assert [item.attribute.slug for item in selected] == ["ocop-stars", "ocop-score"]
    assert selected[1].values == []  # assigned to the type but without a value: still listed


def test_selected_attributes_loader_orders_multiselect_values(product, product_type):
    attribute = Attribute.objects.create(slug="ocop-product-group", name="Nhóm", input_type=AttributeInputType.MULTISELECT)
    AttributeProduct.objects.create(attribute=attribute, product_type=product_type, sort_order=5)
    food = AttributeValue.objects.create(attribute=attribute, name="Thực phẩm", slug="food", sort_order=2)
    drinks = AttributeValue.objects.create(attribute=attribute, name="Đồ uống", slug="drinks", sort_order=1)
    AssignedProductAttributeValue.objects.create(value=food, product=product, sort_order=0)
    AssignedProductAttributeValue.objects.create(value=drinks, product=product, sort_order=1)
    selected = _load(RequestContext(), [product.pk])[0]
    assert [v.slug for v in selected[-1].values] == ["food", "drinks"]


def test_unknown_product_gets_no_attributes(db):
    assert _load(RequestContext(), [987654]) == [[]]


def test_date_values_read_back_as_the_stored_day(product, valid_until_attribute):
    _assign_valid_until([product], valid_until_attribute)
    value = AttributeValue.objects.get(slug=f"{product.pk}-valid-until")
    assert timezone.localtime(value.date_time).date() == date(2027, 6, 30)
