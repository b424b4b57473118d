"""Returning shoppers do not retype their address: the checkout's address step starts from the
signed-in customer's default shipping address, and the account page's address book sets the
default or deletes an address (through accountSetDefaultAddress / accountAddressDelete)."""
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
    address = Address.objects.create(first_name="Lan", last_name="Nguyễn", street_address_1=street, city="Phường Tân Ninh",
                                     country_area="Tây Ninh", country="VN", phone="+84912345678")
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
    response = client.post("/checkout/address/", {"name": "Nguyễn Lan", "phone": "+84912345678", "street": "12 Đường 30/4",
                                                  "province": re.search(r'<option value="(\d+)" selected>Tây Ninh', content).group(1), "ward": "Phường Tân Ninh"})
    assert response.status_code == 302 and response["Location"] == "/checkout/delivery/"


def test_the_checkouts_own_address_wins_over_the_default(product):
    customer = make_customer()
    keep(customer, "12 Đường 30/4", default=True)
    client = signed_in(customer)
    add_to_cart(client, product)
    page = client.get("/checkout/address/").content.decode()
    province = re.search(r'<option value="(\d+)" selected>Tây Ninh', page).group(1)
    client.post("/checkout/address/", {"name": "Trần Minh", "phone": "0987 654 321", "street": "5 Trưng Nữ Vương", "province": province, "ward": "Phường Tân Ninh"})
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
        ("/account/addresses/default/", gid(shop)), ("/account/addresses/delete/", gid(shop)),
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
