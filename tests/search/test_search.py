"""Search as Vietnamese shoppers type: without accents, đ as d, SKUs, producers, ranked."""

import pytest

from commerce.attribute.models import AssignedProductAttributeValue, Attribute, AttributeInputType, AttributeProduct, AttributeValue
from commerce.product.models import Product
from commerce.search.indexing import mark_products_dirty, update_products_search_index
from commerce.search.normalize import normalize_text, query_terms
from tests.conftest import get_graphql_content
from tests.factories import create_product

SEARCH_QUERY = """
query Search($search: String, $sortBy: ProductOrder, $filter: ProductFilterInput) {
  products(channel: "online", first: 20, search: $search, sortBy: $sortBy, filter: $filter) {
    totalCount edges { node { name } }
  }
}
"""


def test_normalize_strips_vietnamese_marks():
    assert normalize_text("Muối ớt Tây Ninh") == "muoi ot tay ninh"
    assert normalize_text("ĐẬU PHỘNG đường") == "dau phong duong"
    assert query_terms("Bánh-tráng  'x'") == ["banh", "trang", "x"]


@pytest.fixture
def catalog(product_type, channel_online, category, warehouse, producer_page):
    producer = Attribute.objects.create(slug="producer", name="Chủ thể", input_type=AttributeInputType.REFERENCE, entity_type="Page")
    AttributeProduct.objects.create(attribute=producer, product_type=product_type, sort_order=1)
    reference = AttributeValue.objects.create(attribute=producer, name="Phú Gia Bảo", slug="phu-gia-bao-ref", reference_page=producer_page)

    def make(name, **kwargs):
        return create_product(
            name=name, product_type=product_type, channel=channel_online, category=category, warehouse=warehouse, **kwargs
        )

    products = {
        "muoi": make("Muối ớt Tây Ninh", sku="MOT-001", description="Đặc sản gia vị"),
        "banh": make("Bánh tráng phơi sương Trảng Bàng", sku="BTP-002", description="Bánh mỏng, dẻo"),
        "duong": make("Đường thốt nốt", sku="DTN-003"),
        "mang": make("Mãng cầu sấy dẻo", sku="MCS-004", description="Ăn kèm muối ớt"),
    }
    AssignedProductAttributeValue.objects.create(product=products["duong"], value=reference)
    update_products_search_index()
    return products


def _search(client, search, **extra):
    content = get_graphql_content(client.post_graphql(SEARCH_QUERY, {"search": search, **extra}))
    return [edge["node"]["name"] for edge in content["data"]["products"]["edges"]]


def test_index_is_built_and_clean(catalog):
    product = Product.objects.get(pk=catalog["muoi"].pk)
    assert product.search_index_dirty is False
    assert "muoi ot tay ninh" in product.search_document and "mot-001" in product.search_document


def test_accent_free_queries_find_products(api_client, catalog):
    assert _search(api_client, "banh trang") == ["Bánh tráng phơi sương Trảng Bàng"]
    assert _search(api_client, "Bánh Tráng") == ["Bánh tráng phơi sương Trảng Bàng"]
    assert _search(api_client, "duong thot") == ["Đường thốt nốt"]
    assert _search(api_client, "đường") == _search(api_client, "duong") == ["Đường thốt nốt"]


def test_ranking_puts_name_matches_before_description_matches(api_client, catalog):
    # "muoi ot" is the name of one product and in the description of another.
    assert _search(api_client, "muoi ot") == ["Muối ớt Tây Ninh", "Mãng cầu sấy dẻo"]
    ranked_asc = _search(api_client, "muoi ot", sortBy={"field": "RANK", "direction": "ASC"})
    assert ranked_asc == ["Mãng cầu sấy dẻo", "Muối ớt Tây Ninh"]


def test_sku_and_producer_name(api_client, catalog):
    assert _search(api_client, "BTP-002") == ["Bánh tráng phơi sương Trảng Bàng"]
    assert _search(api_client, "phu gia bao") == ["Đường thốt nốt"]  # the producer page's title


def test_prefix_and_typo(api_client, catalog):
    assert _search(api_client, "mang ca") == ["Mãng cầu sấy dẻo"]
    assert _search(api_client, "thot not") == ["Đường thốt nốt"]
    assert _search(api_client, "trangbang") == ["Bánh tráng phơi sương Trảng Bàng"]  # missing space
    assert _search(api_client, "sua chua") == []  # nothing close enough
    assert _search(api_client, "mang cau say deoo") == ["Mãng cầu sấy dẻo"]  # typo, by trigrams


def test_search_in_filter_and_other_sort(api_client, catalog):
    assert _search(api_client, None, filter={"search": "banh trang"}) == ["Bánh tráng phơi sương Trảng Bàng"]
    names = _search(api_client, "muoi", sortBy={"field": "NAME", "direction": "DESC"})
    assert names == ["Muối ớt Tây Ninh", "Mãng cầu sấy dẻo"]


def test_renamed_product_found_after_reindex(api_client, catalog):
    Product.objects.filter(pk=catalog["banh"].pk).update(name="Bánh phồng tôm")
    assert _search(api_client, "banh phong") == []
    mark_products_dirty([catalog["banh"].pk])
    assert update_products_search_index() == 1
    assert _search(api_client, "banh phong") == ["Bánh phồng tôm"]
