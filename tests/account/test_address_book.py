"""The signed-in customer's address book: Saleor's accountAddressCreate / Update / Delete and
accountSetDefaultAddress, Vietnamese addresses validated as at checkout."""

from __future__ import annotations

import pytest
from graphene.relay import Node

from commerce.account.models import Address, User
from tests.conftest import ApiClient, assert_no_permission, get_graphql_content

pytestmark = pytest.mark.django_db

ADDRESS = {
    "firstName": "Lan",
    "lastName": "Nguyễn",
    "streetAddress1": "12 Đường 30/4",
    "city": "phuong tan ninh",
    "countryArea": "tay ninh",
    "country": "VN",
    "phone": "0912 345 678",
}
ADDRESS_FIELDS = "id firstName lastName streetAddress1 city countryArea phone country { code }"
USER_FIELDS = f"email defaultShippingAddress {{ id }} defaultBillingAddress {{ id }} addresses {{ {ADDRESS_FIELDS} isDefaultShippingAddress isDefaultBillingAddress }}"

CREATE = f"""
mutation($input: AddressInput!, $type: AddressTypeEnum) {{
  accountAddressCreate(input: $input, type: $type) {{
    user {{ {USER_FIELDS} }} address {{ {ADDRESS_FIELDS} }} errors {{ field code message }}
  }}
}}"""
UPDATE = f"""
mutation($id: ID!, $input: AddressInput!) {{
  accountAddressUpdate(id: $id, input: $input) {{
    user {{ email }} address {{ {ADDRESS_FIELDS} }} errors {{ field code message }}
  }}
}}"""
DELETE = f"""
mutation($id: ID!) {{
  accountAddressDelete(id: $id) {{ user {{ {USER_FIELDS} }} address {{ id city }} errors {{ field code message }} }}
}}"""
SET_DEFAULT = f"""
mutation($id: ID!, $type: AddressTypeEnum!) {{
  accountSetDefaultAddress(id: $id, type: $type) {{ user {{ {USER_FIELDS} }} errors {{ field code message }} }}
}}"""


def gid(address) -> str:
    return Node.to_global_id("Address", address.pk)


def saved(user, **overrides) -> Address:
    values = {
        "first_name": "Lan",
        "last_name": "Nguyễn",
        "street_address_1": "12 Đường 30/4",
        "city": "Phường Tân Ninh",
        "country_area": "Tây Ninh",
        "country": "VN",
        "phone": "+84912345678",
        **overrides,
    }
    address = Address.objects.create(**values)
    user.addresses.add(address)
    return address


@pytest.fixture
def other_customer(db):
    return User.objects.create_user("minh@example.com", "Minh-pass-456", first_name="Minh", last_name="Trần")


def test_create_cleans_the_address_and_can_make_it_the_default(user_api_client, customer_user):
    data = get_graphql_content(user_api_client.post_graphql(CREATE, {"input": ADDRESS, "type": "SHIPPING"}))["data"]["accountAddressCreate"]
    assert data["errors"] == []
    address = data["address"]
    assert (address["city"], address["countryArea"], address["phone"], address["country"]) == (
        "Phường Tân Ninh",
        "Tây Ninh",
        "+84912345678",
        {"code": "VN"},
    )
    assert data["user"]["defaultShippingAddress"] == {"id": address["id"]}
    assert data["user"]["defaultBillingAddress"] is None
    assert [(a["id"], a["isDefaultShippingAddress"], a["isDefaultBillingAddress"]) for a in data["user"]["addresses"]] == [
        (address["id"], True, False)
    ]
    # Without a type the address is only added to the book.
    second = get_graphql_content(user_api_client.post_graphql(CREATE, {"input": {**ADDRESS, "streetAddress1": "5 Trưng Nữ Vương"}}))[
        "data"
    ]["accountAddressCreate"]
    assert second["errors"] == [] and second["user"]["defaultShippingAddress"] == {"id": address["id"]}
    assert customer_user.addresses.count() == 2


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"countryArea": "Đồng Nai Xưa"}, "countryArea", "INVALID"),
        ({"city": "Phường Không Có"}, "city", "INVALID"),
        ({"phone": "0123"}, "phone", "INVALID"),
        ({"streetAddress1": ""}, "streetAddress1", "REQUIRED"),
    ],
)
def test_create_refuses_an_invalid_vietnamese_address(user_api_client, customer_user, change, field, code):
    data = get_graphql_content(user_api_client.post_graphql(CREATE, {"input": {**ADDRESS, **change}}))["data"]["accountAddressCreate"]
    assert data["address"] is None
    assert [(e["field"], e["code"]) for e in data["errors"]] == [(field, code)]
    assert customer_user.addresses.count() == 0


def test_update_replaces_the_fields_and_validates(user_api_client, customer_user):
    address = saved(customer_user, street_address_2="Lầu 2")
    data = get_graphql_content(
        user_api_client.post_graphql(UPDATE, {"id": gid(address), "input": {**ADDRESS, "streetAddress1": "99 Cách Mạng Tháng 8"}})
    )["data"]["accountAddressUpdate"]
    assert data["errors"] == []
    assert data["address"]["streetAddress1"] == "99 Cách Mạng Tháng 8" and data["user"] == {"email": customer_user.email}
    address.refresh_from_db()
    assert (address.street_address_1, address.street_address_2, address.city) == ("99 Cách Mạng Tháng 8", "", "Phường Tân Ninh")
    data = get_graphql_content(
        user_api_client.post_graphql(UPDATE, {"id": gid(address), "input": {**ADDRESS, "countryArea": "Xứ Sở Thần Tiên"}})
    )["data"]["accountAddressUpdate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("countryArea", "INVALID")]
    address.refresh_from_db()
    assert address.country_area == "Tây Ninh"


def test_delete_removes_the_address_and_clears_the_default(user_api_client, customer_user):
    address = saved(customer_user)
    keep = saved(customer_user, street_address_1="5 Trưng Nữ Vương")
    customer_user.default_shipping_address = address
    customer_user.save()
    data = get_graphql_content(user_api_client.post_graphql(DELETE, {"id": gid(address)}))["data"]["accountAddressDelete"]
    assert data["errors"] == []
    assert data["address"] == {"id": gid(address), "city": "Phường Tân Ninh"}
    assert data["user"]["defaultShippingAddress"] is None
    assert [a["id"] for a in data["user"]["addresses"]] == [gid(keep)]
    assert not Address.objects.filter(pk=address.pk).exists()


def test_set_default_shipping_and_billing(user_api_client, customer_user):
    first, second = saved(customer_user), saved(customer_user, street_address_1="5 Trưng Nữ Vương")
    customer_user.default_shipping_address = first
    customer_user.save()
    data = get_graphql_content(user_api_client.post_graphql(SET_DEFAULT, {"id": gid(second), "type": "SHIPPING"}))["data"][
        "accountSetDefaultAddress"
    ]
    assert data["errors"] == [] and data["user"]["defaultShippingAddress"] == {"id": gid(second)}
    data = get_graphql_content(user_api_client.post_graphql(SET_DEFAULT, {"id": gid(first), "type": "BILLING"}))["data"][
        "accountSetDefaultAddress"
    ]
    assert data["user"]["defaultBillingAddress"] == {"id": gid(first)} and data["user"]["defaultShippingAddress"] == {"id": gid(second)}
    customer_user.refresh_from_db()
    assert (customer_user.default_shipping_address_id, customer_user.default_billing_address_id) == (second.pk, first.pk)


def test_someone_elses_address_is_refused(user_api_client, customer_user, other_customer):
    """As in Saleor: editing or deleting another customer's address is PermissionDenied (the
    owner or MANAGE_USERS may), making it one's default is an INVALID id."""
    theirs = saved(other_customer, street_address_1="7 Hoàng Lê Kha")
    assert_no_permission(user_api_client.post_graphql(UPDATE, {"id": gid(theirs), "input": ADDRESS}))
    assert_no_permission(user_api_client.post_graphql(DELETE, {"id": gid(theirs)}))
    data = get_graphql_content(user_api_client.post_graphql(SET_DEFAULT, {"id": gid(theirs), "type": "SHIPPING"}))["data"][
        "accountSetDefaultAddress"
    ]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "INVALID")]
    theirs.refresh_from_db()
    assert theirs.street_address_1 == "7 Hoàng Lê Kha"
    customer_user.refresh_from_db()
    assert customer_user.default_shipping_address_id is None
    assert list(other_customer.addresses.all()) == [theirs]


def test_unknown_and_malformed_ids(user_api_client, customer_user):
    address = saved(customer_user)
    missing = Node.to_global_id("Address", address.pk + 1000)
    for query, variables, name in (
        (UPDATE, {"id": missing, "input": ADDRESS}, "accountAddressUpdate"),
        (DELETE, {"id": missing}, "accountAddressDelete"),
        (SET_DEFAULT, {"id": missing, "type": "SHIPPING"}, "accountSetDefaultAddress"),
    ):
        data = get_graphql_content(user_api_client.post_graphql(query, variables))["data"][name]
        assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "NOT_FOUND")], name
    product_id = Node.to_global_id("Product", address.pk)
    data = get_graphql_content(user_api_client.post_graphql(DELETE, {"id": product_id}))["data"]["accountAddressDelete"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "GRAPHQL_ERROR")]
    assert Address.objects.filter(pk=address.pk).exists()


def test_anonymous_and_apps_are_refused(api_client, app_api_client, customer_user):
    address = saved(customer_user)
    for client in (api_client, app_api_client):
        assert_no_permission(client.post_graphql(CREATE, {"input": ADDRESS}))
        assert_no_permission(client.post_graphql(UPDATE, {"id": gid(address), "input": ADDRESS}))
        assert_no_permission(client.post_graphql(DELETE, {"id": gid(address)}))
        assert_no_permission(client.post_graphql(SET_DEFAULT, {"id": gid(address), "type": "SHIPPING"}))
    assert Address.objects.filter(pk=address.pk).exists() and customer_user.addresses.count() == 1


def test_staff_with_manage_users_may_edit_a_customers_address(staff_user, customer_user):
    """Saleor's rule for accountAddressUpdate/Delete: the owner, or MANAGE_USERS."""
    address = saved(customer_user)
    client = ApiClient(user=staff_user)
    assert_no_permission(client.post_graphql(UPDATE, {"id": gid(address), "input": ADDRESS}))
    data = get_graphql_content(
        client.post_graphql(UPDATE, {"id": gid(address), "input": {**ADDRESS, "streetAddress1": "1 Bời Lời"}}, permissions=["MANAGE_USERS"])
    )["data"]["accountAddressUpdate"]
    assert data["errors"] == [] and data["user"] == {"email": customer_user.email}
    address.refresh_from_db()
    assert address.street_address_1 == "1 Bời Lời"


def test_skip_validation_is_not_for_the_address_book(user_api_client, customer_user):
    response = user_api_client.post_graphql(CREATE, {"input": {**ADDRESS, "countryArea": "Nowhere", "skipValidation": True}})
    assert_no_permission(response)
    assert customer_user.addresses.count() == 0


def test_a_full_book_makes_room_by_dropping_the_oldest_non_default(user_api_client, customer_user, settings):
    settings.MAX_USER_ADDRESSES = 2
    default, other = saved(customer_user, street_address_1="1 A"), saved(customer_user, street_address_1="2 B")
    customer_user.default_shipping_address = default
    customer_user.save()
    data = get_graphql_content(user_api_client.post_graphql(CREATE, {"input": ADDRESS}))["data"]["accountAddressCreate"]
    assert data["errors"] == []
    assert sorted(a.street_address_1 for a in customer_user.addresses.all()) == ["1 A", "12 Đường 30/4"]
    assert not Address.objects.filter(pk=other.pk).exists()
