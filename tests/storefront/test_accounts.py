"""Password reset by e-mail through the core's requestPasswordReset / setPassword (Saleor's
shapes), driven from the storefront's pages."""

from __future__ import annotations

import re

import pytest

from commerce.account.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(db):
    user = User.objects.create(email="lan@example.com", is_active=True, is_confirmed=True, language_code="vi")
    user.set_password("banh-trang-phoi-suong")
    user.save()
    return user


def test_password_reset_by_email(client, customer, mailoutbox, channel_online):
    response = client.post("/account/password-reset/", {"email": "lan@example.com"})
    assert response.status_code == 200 and "vừa gửi tới đó một liên kết" in response.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lan@example.com"]
    link = re.search(r"http://testserver(/account/password-reset/confirm/\?\S+)", mailoutbox[0].body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    email, token = (
        re.search(r'name="email" value="([^"]+)"', page.content.decode()).group(1),
        re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1),
    )
    done = client.post(
        "/account/password-reset/confirm/", {"email": email, "token": token, "password": "mang-cau-nui-ba", "password2": "mang-cau-nui-ba"}
    )
    assert done.status_code == 302 and done["Location"] == "/account/"
    customer.refresh_from_db()
    assert customer.check_password("mang-cau-nui-ba")
    # The link works once.
    again = client.post(
        "/account/password-reset/confirm/",
        {"email": email, "token": token, "password": "x-khac-hoan-toan-1", "password2": "x-khac-hoan-toan-1"},
    )
    assert again.status_code == 400 and "hết hạn" in again.content.decode()


def test_reset_for_an_unknown_address_looks_the_same(client, customer, mailoutbox, channel_online):
    response = client.post("/account/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 200 and "vừa gửi tới đó một liên kết" in response.content.decode()
    assert mailoutbox == []


def test_reset_link_to_a_foreign_host_is_refused(api_client, customer, mailoutbox):
    from tests.conftest import get_graphql_content

    query = "mutation($e: String!, $u: String!) { requestPasswordReset(email: $e, redirectUrl: $u) { errors { field code } } }"
    data = get_graphql_content(api_client.post_graphql(query, {"e": "lan@example.com", "u": "https://evil.example/reset"}))
    assert data["data"]["requestPasswordReset"]["errors"] == [{"field": "redirectUrl", "code": "INVALID"}]
    assert mailoutbox == []


def test_sign_in_and_out_with_csrf(client, customer, channel_online):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/account/sign-in/", {"email": "lan@example.com", "password": "banh-trang-phoi-suong"}).status_code == 403
    response = client.post("/account/sign-in/", {"email": "lan@example.com", "password": "sai-mat-khau"})
    assert response.status_code == 400 and "Email hoặc mật khẩu không đúng." in response.content.decode()
    response = client.post("/account/sign-in/", {"email": "lan@example.com", "password": "banh-trang-phoi-suong"})
    assert response.status_code == 302
    assert "Đơn hàng của tôi" in client.get("/account/").content.decode()
    client.post("/account/sign-out/")
    assert client.get("/account/")["Location"].startswith("/account/sign-in/")
