"""warehouses/warehouse queries: Saleor's permissions, address, filters."""

from __future__ import annotations

from commerce.account.models import Address
from commerce.graphql.core.types import to_global_id
from commerce.warehouse.models import ChannelWarehouse, Warehouse
from tests.conftest import assert_no_permission, get_graphql_content

WAREHOUSES = """
query($first: Int, $filter: WarehouseFilterInput, $sortBy: WarehouseSortingInput) {
  warehouses(first: $first, filter: $filter, sortBy: $sortBy) {
    totalCount
    edges { node {
      id name slug email isPrivate clickAndCollectOption companyName
      address { streetAddress1 city countryArea phone country { code country } isDefaultShippingAddress }
    } }
  }
}
"""


def slugs_of(data):
    return [edge["node"]["slug"] for edge in data["data"]["warehouses"]["edges"]]


def test_warehouses_need_a_permission(api_client, user_api_client, staff_api_client, warehouse):
    for client in (api_client, user_api_client, staff_api_client):
        response = client.post_graphql(WAREHOUSES, {"first": 10})
        assert_no_permission(response)
        assert response.json()["data"]["warehouses"] is None


def test_warehouses_for_product_managers(staff_api_client, warehouse):
    data = get_graphql_content(staff_api_client.post_graphql(WAREHOUSES, {"first": 10}, permissions=["MANAGE_PRODUCTS"]))
    node = data["data"]["warehouses"]["edges"][0]["node"]
    assert node["id"] == to_global_id("Warehouse", warehouse.pk)
    assert node["name"] == "Kho Phú Gia Bảo" and node["clickAndCollectOption"] == "DISABLED" and node["isPrivate"] is True
    assert node["companyName"] == ""
    assert node["address"] == {
        "streetAddress1": "12 Đường 30/4",
        "city": "Phường Tân Ninh",
        "countryArea": "Tây Ninh",
        "phone": "+84276123456",
        "country": {"code": "VN", "country": "Vietnam"},
        "isDefaultShippingAddress": None,
    }


def _booth_warehouse(channel=None):
    address = Address.objects.create(company_name="HTX Bánh tráng Trảng Bàng", city="Phường Trảng Bàng", country_area="Tây Ninh")
    booth = Warehouse.objects.create(name="Gian hàng hội chợ", slug="booth-fair-2025", address=address, is_private=False)
    if channel is not None:
        ChannelWarehouse.objects.create(channel=channel, warehouse=booth)
    return booth


def test_warehouses_filters_and_sort(app_api_client, warehouse, channel_wholesale):
    booth = _booth_warehouse(channel_wholesale)
    perms = ["MANAGE_ORDERS"]
    assert slugs_of(get_graphql_content(app_api_client.post_graphql(WAREHOUSES, {"first": 10}, permissions=perms))) == [
        "booth-fair-2025",
        "kho-phu-gia-bao",
    ]
    by_search = get_graphql_content(app_api_client.post_graphql(WAREHOUSES, {"first": 10, "filter": {"search": "trảng bàng"}}))
    assert slugs_of(by_search) == ["booth-fair-2025"]
    assert by_search["data"]["warehouses"]["edges"][0]["node"]["companyName"] == "HTX Bánh tráng Trảng Bàng"
    by_channel = get_graphql_content(
        app_api_client.post_graphql(WAREHOUSES, {"first": 10, "filter": {"channels": [to_global_id("Channel", channel_wholesale.pk)]}})
    )
    assert slugs_of(by_channel) == ["booth-fair-2025"]
    public = get_graphql_content(app_api_client.post_graphql(WAREHOUSES, {"first": 10, "filter": {"isPrivate": False}}))
    assert slugs_of(public) == ["booth-fair-2025"]
    by_ids = get_graphql_content(
        app_api_client.post_graphql(
            WAREHOUSES, {"first": 10, "filter": {"ids": [to_global_id("Warehouse", booth.pk)], "slugs": ["booth-fair-2025"]}}
        )
    )
    assert slugs_of(by_ids) == ["booth-fair-2025"]
    by_name_desc = get_graphql_content(
        app_api_client.post_graphql(WAREHOUSES, {"first": 10, "sortBy": {"field": "NAME", "direction": "DESC"}})
    )
    assert slugs_of(by_name_desc) == ["kho-phu-gia-bao", "booth-fair-2025"]


def test_warehouses_first_over_100_is_refused(staff_api_client, warehouse):
    content = get_graphql_content(
        staff_api_client.post_graphql(WAREHOUSES, {"first": 101}, permissions=["MANAGE_SHIPPING"]), ignore_errors=True
    )
    assert content["data"]["warehouses"] is None
    assert "exceeds the `first` limit of 100" in content["errors"][0]["message"]


WAREHOUSE = "query($id: ID, $ref: String) { warehouse(id: $id, externalReference: $ref) { slug address { city } } }"


def test_warehouse_by_id_and_external_reference(staff_api_client, warehouse):
    warehouse.external_reference = "producer-TN-001"
    warehouse.save()
    by_id = get_graphql_content(
        staff_api_client.post_graphql(WAREHOUSE, {"id": to_global_id("Warehouse", warehouse.pk)}, permissions=["MANAGE_PRODUCTS"])
    )
    assert by_id["data"]["warehouse"] == {"slug": "kho-phu-gia-bao", "address": {"city": "Phường Tân Ninh"}}
    by_ref = get_graphql_content(staff_api_client.post_graphql(WAREHOUSE, {"ref": "producer-TN-001"}))
    assert by_ref["data"]["warehouse"]["slug"] == "kho-phu-gia-bao"


def test_warehouse_by_id_refused_for_anonymous_and_bad_ids(api_client, staff_api_client, warehouse):
    assert_no_permission(api_client.post_graphql(WAREHOUSE, {"id": to_global_id("Warehouse", warehouse.pk)}))
    content = get_graphql_content(
        staff_api_client.post_graphql(WAREHOUSE, {"id": to_global_id("Warehouse", "not-a-uuid")}, permissions=["MANAGE_PRODUCTS"]),
        ignore_errors=True,
    )
    assert content["data"]["warehouse"] is None and "Invalid ID" in content["errors"][0]["message"]


def test_channel_warehouses_include_the_address(staff_api_client, warehouse, channel_online):
    query = 'query { channel(slug: "online") { warehouses { slug address { countryArea } } } }'
    data = get_graphql_content(staff_api_client.post_graphql(query))
    assert data["data"]["channel"]["warehouses"] == [{"slug": "kho-phu-gia-bao", "address": {"countryArea": "Tây Ninh"}}]
