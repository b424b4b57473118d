"""pages/page/pageTypes queries: visibility, filters, attributes with reference values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commerce.attribute.models import (
    AssignedPageAttributeValue,
    Attribute,
    AttributeEntityType,
    AttributeInputType,
    AttributePage,
    AttributeType,
    AttributeValue,
)
from commerce.graphql.core.types import to_global_id
from commerce.page.models import Page, PageTranslation, PageType
from tests.conftest import assert_no_permission, get_graphql_content


@pytest.fixture
def producer_attributes(db, producer_page_type):
    """ocop-producer pages: a phone (plain text), a province (dropdown), a parent organisation
    (reference to another page)."""
    phone = Attribute.objects.create(
        slug="producer-phone", name="Điện thoại", type=AttributeType.PAGE_TYPE, input_type=AttributeInputType.PLAIN_TEXT
    )
    province = Attribute.objects.create(
        slug="producer-province", name="Tỉnh", type=AttributeType.PAGE_TYPE, input_type=AttributeInputType.DROPDOWN
    )
    parent = Attribute.objects.create(
        slug="producer-parent",
        name="Thuộc",
        type=AttributeType.PAGE_TYPE,
        input_type=AttributeInputType.REFERENCE,
        entity_type=AttributeEntityType.PAGE,
    )
    for order, attribute in enumerate((province, phone, parent)):
        AttributePage.objects.create(attribute=attribute, page_type=producer_page_type, sort_order=order)
    AttributeValue.objects.create(attribute=province, name="Tây Ninh", slug="tay-ninh", sort_order=0)
    return {"phone": phone, "province": province, "parent": parent}


def make_producer(page_type, attributes, n, parent=None, published=True):
    page = Page.objects.create(title=f"Cơ sở {n}", slug=f"co-so-{n}", page_type=page_type, is_published=published, content={"blocks": []})
    phone = AttributeValue.objects.create(
        attribute=attributes["phone"], name=f"+8427612345{n:02d}", slug=f"{page.pk}-phone", plain_text=f"+8427612345{n:02d}"
    )
    AssignedPageAttributeValue.objects.create(page=page, value=phone)
    AssignedPageAttributeValue.objects.create(page=page, value=attributes["province"].values.get(slug="tay-ninh"))
    if parent is not None:
        reference = AttributeValue.objects.create(
            attribute=attributes["parent"], name=parent.title, slug=f"{page.pk}_{parent.pk}", reference_page=parent
        )
        AssignedPageAttributeValue.objects.create(page=page, value=reference)
    return page


PAGES = """
query($first: Int, $filter: PageFilterInput, $where: PageWhereInput, $search: String, $sortBy: PageSortingInput) {
  pages(first: $first, filter: $filter, where: $where, search: $search, sortBy: $sortBy) {
    totalCount
    edges { node {
      id title slug isPublished content created
      pageType { slug hasPages attributes { slug } }
      attributes { attribute { slug inputType entityType } values { name slug plainText reference inputType } }
    } }
  }
}
"""


def slugs_of(data):
    return [edge["node"]["slug"] for edge in data["data"]["pages"]["edges"]]


def test_page_attributes_with_reference_values(api_client, producer_page, producer_page_type, producer_attributes):
    child = make_producer(producer_page_type, producer_attributes, 1, parent=producer_page)
    data = get_graphql_content(api_client.post_graphql(PAGES, {"first": 10, "filter": {"slugs": [child.slug]}}))
    node = data["data"]["pages"]["edges"][0]["node"]
    assert node["title"] == "Cơ sở 1" and node["isPublished"] is True
    assert node["pageType"] == {
        "slug": "ocop-producer",
        "hasPages": True,
        "attributes": [{"slug": "producer-province"}, {"slug": "producer-phone"}, {"slug": "producer-parent"}],
    }
    province, phone, parent = node["attributes"]
    assert province["attribute"]["slug"] == "producer-province"
    assert province["values"][0]["name"] == "Tây Ninh" and province["values"][0]["inputType"] == "DROPDOWN"
    assert phone["values"][0]["plainText"] == "+842761234501"
    assert parent["attribute"] == {"slug": "producer-parent", "inputType": "REFERENCE", "entityType": "PAGE"}
    assert parent["values"][0]["reference"] == to_global_id("Page", producer_page.pk)
    assert parent["values"][0]["name"] == producer_page.title


def test_page_attribute_by_slug_and_translation(api_client, producer_page_type, producer_attributes):
    page = make_producer(producer_page_type, producer_attributes, 1)
    PageTranslation.objects.create(page=page, language_code="en", title="Producer 1")
    query = """query($slug: String) { page(slug: $slug) {
      attribute(slug: "producer-phone") { values { plainText } }
      missing: attribute(slug: "nope") { values { slug } }
      translation(languageCode: EN) { title language { code } }
      vi: translation(languageCode: VI) { title }
    } }"""
    data = get_graphql_content(api_client.post_graphql(query, {"slug": page.slug}))["data"]["page"]
    assert data["attribute"] == {"values": [{"plainText": "+842761234501"}]}
    assert data["missing"] is None
    assert data["translation"] == {"title": "Producer 1", "language": {"code": "EN"}}
    assert data["vi"] is None


def test_unpublished_pages_are_hidden_from_shoppers(api_client, user_api_client, producer_page_type, producer_attributes):
    make_producer(producer_page_type, producer_attributes, 1)
    hidden = make_producer(producer_page_type, producer_attributes, 2, published=False)
    scheduled = make_producer(producer_page_type, producer_attributes, 3)
    scheduled.published_at = timezone.now() + timedelta(days=3)
    scheduled.save()
    for client in (api_client, user_api_client):
        assert slugs_of(get_graphql_content(client.post_graphql(PAGES, {"first": 10}))) == ["co-so-1"]
        by_id = get_graphql_content(
            client.post_graphql("query($id: ID) { page(id: $id) { slug } }", {"id": to_global_id("Page", hidden.pk)})
        )
        assert by_id["data"]["page"] is None


def test_page_managers_see_unpublished_pages(staff_api_client, app_api_client, producer_page_type, producer_attributes):
    make_producer(producer_page_type, producer_attributes, 1)
    make_producer(producer_page_type, producer_attributes, 2, published=False)
    # Staff without MANAGE_PAGES are shoppers as far as pages go.
    assert slugs_of(get_graphql_content(staff_api_client.post_graphql(PAGES, {"first": 10}))) == ["co-so-1"]
    for client in (staff_api_client, app_api_client):
        data = get_graphql_content(client.post_graphql(PAGES, {"first": 10}, permissions=["MANAGE_PAGES"]))
        assert slugs_of(data) == ["co-so-1", "co-so-2"]


def test_pages_filters_search_and_sort(api_client, producer_page, producer_page_type, producer_attributes):
    for n in (1, 2, 3):
        make_producer(producer_page_type, producer_attributes, n)
    news = PageType.objects.create(name="Tin tức", slug="news")
    Page.objects.create(title="Hội chợ OCOP 2025", slug="hoi-cho-2025", page_type=news, is_published=True)
    by_type = get_graphql_content(
        api_client.post_graphql(PAGES, {"first": 10, "filter": {"pageTypes": [to_global_id("PageType", news.pk)]}})
    )
    assert slugs_of(by_type) == ["hoi-cho-2025"]
    where = {"OR": [{"slug": {"eq": "co-so-1"}}, {"pageType": {"eq": to_global_id("PageType", news.pk)}}]}
    assert slugs_of(get_graphql_content(api_client.post_graphql(PAGES, {"first": 10, "where": where}))) == ["co-so-1", "hoi-cho-2025"]
    assert slugs_of(get_graphql_content(api_client.post_graphql(PAGES, {"first": 10, "search": "hội chợ"}))) == ["hoi-cho-2025"]
    by_title = get_graphql_content(api_client.post_graphql(PAGES, {"first": 2, "sortBy": {"field": "TITLE", "direction": "DESC"}}))
    assert slugs_of(by_title) == ["hoi-cho-2025", "phu-gia-bao"]
    assert by_title["data"]["pages"]["totalCount"] == 5
    by_created = get_graphql_content(api_client.post_graphql(PAGES, {"first": 10, "sortBy": {"field": "CREATED_AT", "direction": "ASC"}}))
    assert slugs_of(by_created) == ["phu-gia-bao", "co-so-1", "co-so-2", "co-so-3", "hoi-cho-2025"]


def test_pages_first_over_100_is_refused(api_client, db):
    content = get_graphql_content(api_client.post_graphql(PAGES, {"first": 101}), ignore_errors=True)
    assert content["data"]["pages"] is None
    assert "exceeds the `first` limit of 100" in content["errors"][0]["message"]


def test_pages_bad_page_type_id_is_an_error(api_client, db):
    content = get_graphql_content(
        api_client.post_graphql(PAGES, {"first": 5, "filter": {"pageTypes": [to_global_id("Page", 1)]}}), ignore_errors=True
    )
    assert "Invalid ID" in content["errors"][0]["message"]


def _count_queries(client, first):
    with CaptureQueriesContext(connection) as queries:
        data = get_graphql_content(client.post_graphql(PAGES, {"first": first}))
    return len(queries), len(data["data"]["pages"]["edges"])


def test_pages_query_count_does_not_grow_with_page_size(api_client, producer_page, producer_page_type, producer_attributes):
    for n in range(1, 13):
        make_producer(producer_page_type, producer_attributes, n, parent=producer_page)
    few, few_rows = _count_queries(api_client, 2)
    many, many_rows = _count_queries(api_client, 12)
    assert (few_rows, many_rows) == (2, 12)
    assert few == many


PAGE_TYPES = """
query($first: Int, $filter: PageTypeFilterInput) {
  pageTypes(first: $first, filter: $filter) { totalCount edges { node { id name slug hasPages attributes { slug } } } }
}
"""


def test_page_types(api_client, producer_page, producer_page_type, producer_attributes):
    PageType.objects.create(name="Tin tức", slug="news")
    data = get_graphql_content(api_client.post_graphql(PAGE_TYPES, {"first": 10}))["data"]["pageTypes"]
    assert [e["node"]["slug"] for e in data["edges"]] == ["news", "ocop-producer"]
    assert [e["node"]["hasPages"] for e in data["edges"]] == [False, True]
    searched = get_graphql_content(api_client.post_graphql(PAGE_TYPES, {"first": 10, "filter": {"search": "chủ thể"}}))
    assert [e["node"]["slug"] for e in searched["data"]["pageTypes"]["edges"]] == ["ocop-producer"]
    one = get_graphql_content(
        api_client.post_graphql(
            "query($id: ID!) { pageType(id: $id) { slug attributes { slug } } }", {"id": to_global_id("PageType", producer_page_type.pk)}
        )
    )["data"]["pageType"]
    assert one == {
        "slug": "ocop-producer",
        "attributes": [{"slug": "producer-province"}, {"slug": "producer-phone"}, {"slug": "producer-parent"}],
    }


def test_private_metadata_of_a_page_needs_staff(api_client, producer_page):
    producer_page.private_metadata = {"registry-id": "TN-001"}
    producer_page.save()
    response = api_client.post_graphql('{ page(slug: "phu-gia-bao") { privateMetadata { key } } }')
    assert_no_permission(response)
