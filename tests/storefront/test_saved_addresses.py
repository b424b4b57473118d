"""Returning shoppers do not retype their address: the checkout's address step starts from the
signed-in customer's default shipping address, and the account page's address book adds, edits,
sets the default or deletes an address (through accountAddressCreate / accountAddressUpdate /
accountSetDefaultAddress / accountAddressDelete)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from graphene.relay import Node

from commerce.account.models import Address, User

pytestmark = pytest.mark.django_db
PASSWORD = "banh-trang-phoi-suong"


def make_customer(email="lan@example.com") -> User:
    return User.objects.create_user(email, PASSWORD, first_name="Lan", last_name="Nguyễn")


def keep(user, street, default=False) -> Address:
    address = Address.objects.create(
        first_name="Lan",
        last_name="Nguyễn",
        street_address_1=street,
        city="Phường Tân Ninh",
        country_area="Tây Ninh",
        country="VN",
        phone="+84912345678",
    )
    user.addresses.add(address)
    if default:
        user.default_shipping_address = user.default_billing_address = address
        user.save()
    return address


def signed_in(user) -> Client:
    client = Client()
    response = client.post("/account/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def gid(address) -> str:
    return Node.to_global_id("Address", address.pk)


def value(page: str, name: str) -> str:
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def selected(page: str, select: str) -> str:
    block = re.search(rf'<select id="a-{select}".*?</select>', page, re.S).group(0)
    return html.unescape(re.search(r'<option(?: value="[^"]*")? selected>([^<]*)</option>', block).group(1))


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def add_to_cart(client, product):
    variant = Node.to_global_id("ProductVariant", product.default_variant_id)
    assert client.post("/cart/add/", {"variant": variant, "quantity": "1"}).status_code == 302


def test_address_step_starts_from_the_default_shipping_address(product):
    customer = make_customer()
    keep(customer, "7 Hoàng Lê Kha")
    keep(customer, "12 Đường 30/4", default=True)
    client = signed_in(customer)
    add_to_cart(client, product)
    page = client.get("/checkout/address/")
    assert page.status_code == 200
    content = page.content.decode()
    assert value(content, "name") == "Nguyễn Lan"
    assert value(content, "phone") == "+84912345678"
    assert value(content, "street") == "12 Đường 30/4"
    assert selected(content, "province") == "Tây Ninh"
    assert selected(content, "ward") == "Phường Tân Ninh"
    # Continuing with it sets the checkout's address.
    response = client.post(
        "/checkout/address/",
        {
            "name": "Nguyễn Lan",
            "phone": "+84912345678",
            "street": "12 Đường 30/4",
            "province": re.search(r'<option value="(\d+)" selected>Tây Ninh', content).group(1),
            "ward": "Phường Tân Ninh",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/checkout/delivery/"


def test_the_checkouts_own_address_wins_over_the_default(product):
    customer = make_customer()
    keep(customer, "12 Đường 30/4", default=True)
    client = signed_in(customer)
    add_to_cart(client, product)
    page = client.get("/checkout/address/").content.decode()
    province = re.search(r'<option value="(\d+)" selected>Tây Ninh', page).group(1)
    client.post(
        "/checkout/address/",
        {"name": "Trần Minh", "phone": "0987 654 321", "street": "5 Trưng Nữ Vương", "province": province, "ward": "Phường Tân Ninh"},
    )
    page = client.get("/checkout/address/").content.decode()
    assert (value(page, "name"), value(page, "street")) == ("Trần Minh", "5 Trưng Nữ Vương")


def test_a_guest_or_a_customer_without_a_default_starts_empty(product):
    guest = Client()
    add_to_cart(guest, product)
    page = guest.get("/checkout/address/").content.decode()
    assert value(page, "name") == "" and value(page, "street") == ""
    customer = make_customer()
    keep(customer, "12 Đường 30/4")  # saved, but not the default
    client = signed_in(customer)
    add_to_cart(client, product)
    page = client.get("/checkout/address/").content.decode()
    assert value(page, "street") == ""


def test_account_page_sets_the_default_and_deletes(channel_online):
    customer = make_customer()
    home = keep(customer, "12 Đường 30/4", default=True)
    shop = keep(customer, "5 Trưng Nữ Vương")
    client = signed_in(customer)
    page = client.get("/account/").content.decode()
    forms = re.findall(r'<form method="post" action="(/account/addresses/[a-z]+/)" class="inline">(.*?)</form>', page, re.S)
    assert [(action, value(body, "address")) for action, body in forms] == [
        ("/account/addresses/delete/", gid(home)),
        ("/account/addresses/default/", gid(shop)),
        ("/account/addresses/delete/", gid(shop)),
    ]
    assert all("csrfmiddlewaretoken" in body for _, body in forms)

    response = client.post("/account/addresses/default/", {"address": gid(shop)}, follow=True)
    assert "Đã đặt làm địa chỉ mặc định." in text(response)
    customer.refresh_from_db()
    assert (customer.default_shipping_address_id, customer.default_billing_address_id) == (shop.pk, shop.pk)

    response = client.post("/account/addresses/delete/", {"address": gid(home)}, follow=True)
    assert "Đã xoá địa chỉ." in text(response)
    assert not Address.objects.filter(pk=home.pk).exists()
    assert list(customer.addresses.all()) == [shop]
    assert "12 Đường 30/4" not in text(response)


def test_someone_elses_address_cannot_be_touched_from_the_account_page(channel_online):
    customer, other = make_customer(), make_customer("minh@example.com")
    keep(customer, "12 Đường 30/4", default=True)
    theirs = keep(other, "7 Hoàng Lê Kha")
    client = signed_in(customer)
    for action in ("/account/addresses/delete/", "/account/addresses/default/"):
        response = client.post(action, {"address": gid(theirs)}, follow=True)
        assert "Không tìm thấy địa chỉ này trong sổ địa chỉ của bạn." in text(response)
    response = client.post("/account/addresses/delete/", {"address": "not-an-id"}, follow=True)
    assert "Không tìm thấy địa chỉ này trong sổ địa chỉ của bạn." in text(response)
    assert list(other.addresses.all()) == [theirs]
    customer.refresh_from_db()
    assert customer.default_shipping_address.street_address_1 == "12 Đường 30/4"


def test_address_actions_need_a_signed_in_customer_and_csrf(channel_online):
    customer = make_customer()
    home = keep(customer, "12 Đường 30/4", default=True)
    response = Client().post("/account/addresses/delete/", {"address": gid(home)})
    assert response.status_code == 302 and response["Location"] == "/account/sign-in/?next=/account/"
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in(customer).cookies
    assert strict.post("/account/addresses/delete/", {"address": gid(home)}).status_code == 403
    assert Address.objects.filter(pk=home.pk).exists()


def test_messages_in_english(channel_online):
    customer = make_customer()
    keep(customer, "12 Đường 30/4", default=True)
    shop = keep(customer, "5 Trưng Nữ Vương")
    client = signed_in(customer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get("/account/"))
    assert "Make default" in page and "Delete" in page
    assert "Set as your default address." in text(client.post("/account/addresses/default/", {"address": gid(shop)}, follow=True))


# --- Adding and editing addresses from the account page ----------------------------------------

TAY_NINH, HCMC = "80", "79"  # province codes of the 2025 map


def address_post(**changes) -> dict:
    return {
        "name": "Trần Văn Minh",
        "phone": "0987 654 321",
        "street": "5 Trưng Nữ Vương",
        "province": TAY_NINH,
        "ward": "Phường Tân Ninh",
        **changes,
    }


def options(page: str, select: str) -> list[str]:
    block = re.search(rf'<select id="a-{select}".*?</select>', page, re.S).group(0)
    return [html.unescape(o) for o in re.findall(r"<option[^>]*>([^<]*)</option>", block)]


def field_error(page: str, name: str) -> str:
    found = re.search(rf'<span class="field-error" id="e-{name}">([^<]*)</span>', page)
    return html.unescape(found.group(1)) if found else ""


def test_account_page_links_to_add_and_edit(channel_online):
    customer = make_customer()
    home = keep(customer, "12 Đường 30/4", default=True)
    page = signed_in(customer).get("/account/").content.decode()
    assert 'href="/account/addresses/new/"' in page
    assert f'href="/account/addresses/{gid(home)}/edit/"' in page


def test_add_an_address_that_becomes_the_default(channel_online):
    customer = make_customer()
    home = keep(customer, "12 Đường 30/4", default=True)
    client = signed_in(customer)
    page = client.get("/account/addresses/new/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "csrfmiddlewaretoken" in content and value(content, "name") == "" and selected(content, "province") == "Tây Ninh"
    assert "Phường Tân Ninh" in options(content, "ward")  # the home province's wards, without JavaScript

    response = client.post("/account/addresses/new/", address_post(default="1"))
    assert response.status_code == 302 and response["Location"] == "/account/"
    page = text(client.get("/account/"))
    assert "Đã thêm địa chỉ." in page and "5 Trưng Nữ Vương" in page and "12 Đường 30/4" in page
    added = customer.addresses.exclude(pk=home.pk).get()
    # Family name first: "Trần Văn Minh" is Trần (last) Văn Minh (first); the phone in E.164.
    assert (added.last_name, added.first_name, added.phone) == ("Trần", "Văn Minh", "+84987654321")
    assert (added.city, added.country_area, str(added.country)) == ("Phường Tân Ninh", "Tây Ninh", "VN")
    customer.refresh_from_db()
    assert (customer.default_shipping_address_id, customer.default_billing_address_id) == (added.pk, added.pk)


def test_add_an_address_without_making_it_the_default(channel_online):
    customer = make_customer()
    home = keep(customer, "12 Đường 30/4", default=True)
    client = signed_in(customer)
    response = client.post("/account/addresses/new/", address_post(province=HCMC, ward="Phường Bến Thành", street="1 Lê Lợi"))
    assert response.status_code == 302
    added = customer.addresses.exclude(pk=home.pk).get()
    assert (added.street_address_1, added.city, added.country_area) == ("1 Lê Lợi", "Phường Bến Thành", "Thành phố Hồ Chí Minh")
    customer.refresh_from_db()
    assert customer.default_shipping_address_id == home.pk


def test_an_invalid_phone_is_shown_next_to_the_field_and_the_input_kept(channel_online):
    customer = make_customer()
    client = signed_in(customer)
    response = client.post("/account/addresses/new/", address_post(phone="12345", default="1"))
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "phone") == "Số điện thoại không hợp lệ."
    assert 'aria-invalid="true" aria-describedby="e-phone"' in page
    assert (value(page, "name"), value(page, "phone"), value(page, "street")) == ("Trần Văn Minh", "12345", "5 Trưng Nữ Vương")
    assert selected(page, "province") == "Tây Ninh" and selected(page, "ward") == "Phường Tân Ninh"
    assert re.search(r'name="default" value="1" checked', page)
    assert not customer.addresses.exists()


def test_missing_fields_and_a_ward_of_another_province_are_refused(channel_online):
    customer = make_customer()
    client = signed_in(customer)
    response = client.post("/account/addresses/new/", address_post(name="  ", street="", ward="Phường Bến Thành"))
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "name") == "Vui lòng nhập họ tên người nhận."
    assert field_error(page, "street") == "Vui lòng nhập số nhà, tên đường."
    assert field_error(page, "ward") == "Vui lòng chọn phường/xã thuộc tỉnh/thành đã chọn."
    response = client.post("/account/addresses/new/", address_post(province="999"))
    assert response.status_code == 400
    assert field_error(response.content.decode(), "province") == "Vui lòng chọn tỉnh/thành phố trong danh sách."
    assert not customer.addresses.exists()


def test_choosing_a_province_without_javascript_refreshes_the_wards(channel_online):
    customer = make_customer()
    client = signed_in(customer)
    response = client.post("/account/addresses/new/", address_post(province=HCMC, refresh="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert selected(page, "province") == "Thành phố Hồ Chí Minh"
    assert "Phường Bến Thành" in options(page, "ward") and "Phường Tân Ninh" not in options(page, "ward")
    assert value(page, "street") == "5 Trưng Nữ Vương"
    assert not customer.addresses.exists()


def test_edit_an_address(channel_online):
    customer = make_customer()
    home = keep(customer, "12 Đường 30/4", default=True)
    shop = keep(customer, "5 Trưng Nữ Vương")
    client = signed_in(customer)
    page = client.get(f"/account/addresses/{gid(shop)}/edit/")
    assert page.status_code == 200
    content = page.content.decode()
    assert (value(content, "name"), value(content, "phone"), value(content, "street")) == ("Nguyễn Lan", "+84912345678", "5 Trưng Nữ Vương")
    assert selected(content, "province") == "Tây Ninh" and selected(content, "ward") == "Phường Tân Ninh"
    assert 'name="default"' in content

    response = client.post(f"/account/addresses/{gid(shop)}/edit/", address_post(province=HCMC, ward="Phường Bến Thành", street="1 Lê Lợi"))
    assert response.status_code == 302 and response["Location"] == "/account/"
    shop.refresh_from_db()
    assert (shop.last_name, shop.first_name, shop.street_address_1, shop.city, shop.country_area, shop.phone) == (
        "Trần",
        "Văn Minh",
        "1 Lê Lợi",
        "Phường Bến Thành",
        "Thành phố Hồ Chí Minh",
        "+84987654321",
    )
    page = text(client.get("/account/"))
    assert "Đã lưu địa chỉ." in page and "1 Lê Lợi" in page and "5 Trưng Nữ Vương" not in page
    assert sorted(customer.addresses.values_list("pk", flat=True)) == sorted([home.pk, shop.pk])
    customer.refresh_from_db()
    assert customer.default_shipping_address_id == home.pk

    # The default address says so instead of offering the option; another can be made the default.
    assert 'name="default"' not in client.get(f"/account/addresses/{gid(home)}/edit/").content.decode()
    client.post(f"/account/addresses/{gid(shop)}/edit/", address_post(street="1 Lê Lợi", default="1"))
    customer.refresh_from_db()
    assert (customer.default_shipping_address_id, customer.default_billing_address_id) == (shop.pk, shop.pk)


def test_an_invalid_edit_keeps_the_address(channel_online):
    customer = make_customer()
    home = keep(customer, "12 Đường 30/4", default=True)
    client = signed_in(customer)
    response = client.post(f"/account/addresses/{gid(home)}/edit/", address_post(phone="0123"))
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "phone") == "Số điện thoại không hợp lệ." and value(page, "phone") == "0123"
    home.refresh_from_db()
    assert (home.street_address_1, home.phone) == ("12 Đường 30/4", "+84912345678")


def test_someone_elses_address_cannot_be_edited(channel_online):
    customer, other = make_customer(), make_customer("minh@example.com")
    keep(customer, "12 Đường 30/4", default=True)
    theirs = keep(other, "7 Hoàng Lê Kha")
    client = signed_in(customer)
    for address_id in (gid(theirs), "not-an-id", Node.to_global_id("Address", theirs.pk + 1000)):
        url = f"/account/addresses/{address_id}/edit/"
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/account/"
        assert "Không tìm thấy địa chỉ này trong sổ địa chỉ của bạn." in text(client.get("/account/"))
        response = client.post(url, address_post(), follow=True)
        assert "Không tìm thấy địa chỉ này trong sổ địa chỉ của bạn." in text(response)
        assert "7 Hoàng Lê Kha" not in text(response)
    theirs.refresh_from_db()
    assert (theirs.street_address_1, theirs.first_name) == ("7 Hoàng Lê Kha", "Lan")
    assert customer.addresses.count() == 1


def test_adding_and_editing_need_a_signed_in_customer_and_csrf(channel_online):
    customer = make_customer()
    home = keep(customer, "12 Đường 30/4", default=True)
    for url in ("/account/addresses/new/", f"/account/addresses/{gid(home)}/edit/"):
        for response in (Client().get(url), Client().post(url, address_post())):
            assert response.status_code == 302 and response["Location"] == f"/account/sign-in/?next={url}"
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in(customer).cookies
    assert strict.post("/account/addresses/new/", address_post()).status_code == 403
    assert strict.post(f"/account/addresses/{gid(home)}/edit/", address_post()).status_code == 403
    assert list(customer.addresses.all()) == [home]
    home.refresh_from_db()
    assert home.street_address_1 == "12 Đường 30/4"


def test_adding_an_address_in_english(channel_online):
    customer = make_customer()
    client = signed_in(customer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "+ Add an address" in text(client.get("/account/"))
    page = text(client.get("/account/addresses/new/"))
    assert "Add an address" in page and "Make this my default address" in page and "Save address" in page
    response = client.post("/account/addresses/new/", address_post(phone="12345"))
    assert field_error(response.content.decode(), "phone") == "Invalid phone number."
    response = client.post("/account/addresses/new/", address_post(), follow=True)
    assert "Address added." in text(response)
