"""Saleor's `AttributeInput.value` form: reference filters (a producer's products), slug, name."""

import pytest

from commerce.attribute.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeEntityType,
    AttributeInputType,
    AttributeProduct,
    AttributeValue,
)
from commerce.graphql.core.types import to_global_id
from commerce.page.models import Page
from tests.conftest import get_graphql_content

from .queries import PRODUCTS_QUERY


def _names(client, **variables):
    response = client.post_graphql(PRODUCTS_QUERY, {"channel": "online", "first": 50, **variables})
    return sorted(edge["node"]["name"] for edge in get_graphql_content(response)["data"]["products"]["edges"])


@pytest.fixture
def producers(products_factory, product_type, producer_page_type):
    products = products_factory(3)
    attribute = Attribute.objects.create(
        slug="producer", name="Chủ thể", input_type=AttributeInputType.REFERENCE, entity_type=AttributeEntityType.PAGE
    )
    AttributeProduct.objects.create(attribute=attribute, product_type=product_type)
    pages = [
        Page.objects.create(title=title, slug=slug, page_type=producer_page_type, is_published=True)
        for title, slug in (("HTX Minh Trung", "htx-minh-trung"), ("Cơ sở Long Hà", "co-so-long-ha"))
    ]
    for product, page in zip(products, (pages[0], pages[0], pages[1])):
        value = AttributeValue.objects.create(attribute=attribute, name=page.title, slug=f"{product.pk}_{page.pk}", reference_page=page)
        AssignedProductAttributeValue.objects.create(value=value, product=product)
    return products, pages


def test_products_of_a_producer_by_page_slug(api_client, producers):
    by_slug = {"attributes": [{"slug": "producer", "value": {"reference": {"pageSlugs": {"containsAny": ["htx-minh-trung"]}}}}]}
    assert _names(api_client, filter=by_slug) == ["Bánh tráng phơi sương 0", "Bánh tráng phơi sương 1"]
    both = {
        "attributes": [{"slug": "producer", "value": {"reference": {"pageSlugs": {"containsAny": ["htx-minh-trung", "co-so-long-ha"]}}}}]
    }
    assert len(_names(api_client, where=both)) == 3
    nobody = {"attributes": [{"slug": "producer", "value": {"reference": {"pageSlugs": {"containsAny": ["khong-co"]}}}}]}
    assert _names(api_client, filter=nobody) == []


def test_products_of_a_producer_by_page_id(api_client, producers):
    _, pages = producers
    by_id = {
        "attributes": [
            {"slug": "producer", "value": {"reference": {"referencedIds": {"containsAll": [to_global_id("Page", pages[1].pk)]}}}}
        ]
    }
    assert _names(api_client, filter=by_id) == ["Bánh tráng phơi sương 2"]


def test_value_slug_filter(api_client, producers):
    assert _names(api_client, filter={"attributes": [{"slug": "ocop-stars", "value": {"slug": {"oneOf": ["4", "5"]}}}]}) == [
        "Bánh tráng phơi sương 1",
        "Bánh tráng phơi sương 2",
    ]


def test_value_cannot_mix_with_deprecated_fields(api_client, producers):
    response = api_client.post_graphql(
        PRODUCTS_QUERY,
        {
            "channel": "online",
            "first": 5,
            "filter": {"attributes": [{"slug": "ocop-stars", "values": ["4"], "value": {"slug": {"eq": "4"}}}]},
        },
    )
    content = get_graphql_content(response, ignore_errors=True)
    assert content["errors"] and "deprecated" in content["errors"][0]["message"]
