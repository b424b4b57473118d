"""Sign-in, tokens and registration through the API, as a storefront does it."""

from __future__ import annotations

import pytest

from commerce.account.models import User
from tests.conftest import ApiClient, get_graphql_content

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken csrfToken
    user { email firstName }
    errors { field code message }
  }
}
"""

ME = "{ me { email firstName lastName isStaff languageCode addresses { id } userPermissions { code name } } }"


class BearerClient(ApiClient):
    def __init__(self, token):
        super().__init__()
        self.token = token

    def _auth_header(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}


def test_token_create_returns_tokens_that_authenticate_me(api_client, customer_user):
    data = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "Customer@Example.com", "password": "Customer-pass-123"}))
    result = data["data"]["tokenCreate"]
    assert result["errors"] == []
    assert result["user"] == {"email": "customer@example.com", "firstName": "Lan"}
    assert result["token"] and result["refreshToken"] and result["csrfToken"]

    me = get_graphql_content(BearerClient(result["token"]).post_graphql(ME))["data"]["me"]
    assert me["email"] == "customer@example.com"
    assert me["lastName"] == "Nguyễn"
    assert me["languageCode"] == "VI"
    assert me["userPermissions"] == []
    customer_user.refresh_from_db()
    assert customer_user.last_login is not None


def test_me_is_null_for_anonymous(api_client):
    assert get_graphql_content(api_client.post_graphql(ME))["data"]["me"] is None


def test_token_create_wrong_password(api_client, customer_user):
    data = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "customer@example.com", "password": "wrong"}))
    result = data["data"]["tokenCreate"]
    assert result["token"] is None and result["user"] is None
    assert result["errors"] == [{"field": "email", "code": "INVALID_CREDENTIALS", "message": "Please, enter valid credentials"}]


def test_token_create_unknown_email_is_the_same_error(api_client, db):
    data = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "nobody@example.com", "password": "whatever-123"}))
    assert data["data"]["tokenCreate"]["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_token_create_inactive_account(api_client, customer_user):
    customer_user.is_active = False
    customer_user.save()
    data = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "customer@example.com", "password": "Customer-pass-123"}))
    assert data["data"]["tokenCreate"]["errors"][0]["code"] == "INACTIVE"
    assert data["data"]["tokenCreate"]["token"] is None


def test_token_create_is_delayed_after_repeated_failures(api_client, customer_user):
    from django.core.cache import cache

    cache.clear()
    for _ in range(5):
        api_client.post_graphql(TOKEN_CREATE, {"email": "customer@example.com", "password": "wrong"})
    data = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "customer@example.com", "password": "Customer-pass-123"}))
    assert data["data"]["tokenCreate"]["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert data["data"]["tokenCreate"]["token"] is None
    cache.clear()


def test_staff_permissions_are_listed_for_me(staff_api_client):
    data = get_graphql_content(staff_api_client.post_graphql(ME, permissions=["MANAGE_PAGES"]))
    assert data["data"]["me"]["isStaff"] is True
    assert data["data"]["me"]["userPermissions"] == [{"code": "MANAGE_PAGES", "name": "Manage pages."}]


TOKEN_REFRESH = """
mutation($refreshToken: String) {
  tokenRefresh(refreshToken: $refreshToken) { token user { email } errors { field code message } }
}
"""


def test_token_refresh(api_client, customer_user):
    tokens = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "customer@example.com", "password": "Customer-pass-123"}))
    refresh = tokens["data"]["tokenCreate"]["refreshToken"]
    result = get_graphql_content(api_client.post_graphql(TOKEN_REFRESH, {"refreshToken": refresh}))["data"]["tokenRefresh"]
    assert result["errors"] == []
    assert result["user"] == {"email": "customer@example.com"}
    me = get_graphql_content(BearerClient(result["token"]).post_graphql(ME))["data"]["me"]
    assert me["email"] == "customer@example.com"


def test_token_refresh_refuses_an_access_token_and_garbage(api_client, customer_user):
    tokens = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "customer@example.com", "password": "Customer-pass-123"}))
    access = tokens["data"]["tokenCreate"]["token"]
    result = get_graphql_content(api_client.post_graphql(TOKEN_REFRESH, {"refreshToken": access}))["data"]["tokenRefresh"]
    assert result["token"] is None
    assert result["errors"][0]["code"] == "JWT_INVALID_TOKEN"
    result = get_graphql_content(api_client.post_graphql(TOKEN_REFRESH, {"refreshToken": "not-a-token"}))["data"]["tokenRefresh"]
    assert result["errors"][0]["code"] == "JWT_DECODE_ERROR"
    result = get_graphql_content(api_client.post_graphql(TOKEN_REFRESH, {}))["data"]["tokenRefresh"]
    assert result["errors"][0]["code"] == "JWT_MISSING_TOKEN"


def test_token_refresh_after_sign_out_everywhere(api_client, customer_user):
    tokens = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "customer@example.com", "password": "Customer-pass-123"}))
    customer_user.jwt_token_key = "rotated"
    customer_user.save()
    result = get_graphql_content(api_client.post_graphql(TOKEN_REFRESH, {"refreshToken": tokens["data"]["tokenCreate"]["refreshToken"]}))[
        "data"
    ]["tokenRefresh"]
    assert result["token"] is None and result["errors"][0]["code"] == "JWT_INVALID_TOKEN"


TOKEN_VERIFY = """
mutation($token: String!) { tokenVerify(token: $token) { isValid payload user { email } errors { field code message } } }
"""


def test_token_verify_valid(api_client, customer_user):
    tokens = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "customer@example.com", "password": "Customer-pass-123"}))
    result = get_graphql_content(api_client.post_graphql(TOKEN_VERIFY, {"token": tokens["data"]["tokenCreate"]["token"]}))["data"][
        "tokenVerify"
    ]
    assert result["isValid"] is True
    assert result["errors"] == []
    assert result["user"] == {"email": "customer@example.com"}
    assert result["payload"]["email"] == "customer@example.com" and result["payload"]["type"] == "access"


def test_token_verify_garbage(api_client, db):
    result = get_graphql_content(api_client.post_graphql(TOKEN_VERIFY, {"token": "garbage"}))["data"]["tokenVerify"]
    assert result["isValid"] is False
    assert result["payload"] is None and result["user"] is None
    assert result["errors"] == [{"field": "token", "code": "JWT_DECODE_ERROR", "message": "Error decoding signature."}]


def test_token_verify_expired(api_client, customer_user, settings):
    from datetime import timedelta

    from commerce.account.tokens import ACCESS, create_token

    settings.JWT_ACCESS_TTL = timedelta(seconds=-1)
    token = create_token(customer_user, ACCESS)
    result = get_graphql_content(api_client.post_graphql(TOKEN_VERIFY, {"token": token}))["data"]["tokenVerify"]
    assert result["isValid"] is False
    assert result["errors"][0]["code"] == "JWT_SIGNATURE_EXPIRED"


ACCOUNT_REGISTER = """
mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) { requiresConfirmation user { email firstName lastName languageCode } errors { field code message } }
}
"""


def test_account_register_then_sign_in(api_client, db):
    variables = {
        "input": {
            "email": "Mai@Example.com",
            "password": "Banh-trang-2025",
            "firstName": "Mai",
            "lastName": "Trần",
            "languageCode": "EN",
            "metadata": [{"key": "source", "value": "storefront"}],
        }
    }
    result = get_graphql_content(api_client.post_graphql(ACCOUNT_REGISTER, variables))["data"]["accountRegister"]
    assert result["errors"] == []
    assert result["requiresConfirmation"] is False
    assert result["user"] == {"email": "mai@example.com", "firstName": "Mai", "lastName": "Trần", "languageCode": "EN"}
    user = User.objects.get(email="mai@example.com")
    assert user.password.startswith("argon2")
    assert user.language_code == "en" and not user.is_staff
    assert user.metadata == {"source": "storefront"}
    signed_in = get_graphql_content(api_client.post_graphql(TOKEN_CREATE, {"email": "mai@example.com", "password": "Banh-trang-2025"}))
    assert signed_in["data"]["tokenCreate"]["token"]


def test_account_register_duplicate_email(api_client, customer_user):
    variables = {"input": {"email": "CUSTOMER@example.com", "password": "Banh-trang-2025"}}
    result = get_graphql_content(api_client.post_graphql(ACCOUNT_REGISTER, variables))["data"]["accountRegister"]
    assert result["user"] is None
    assert result["errors"] == [{"field": "email", "code": "UNIQUE", "message": "User with this Email already exists."}]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "code"),
    [("short1", "PASSWORD_TOO_SHORT"), ("password123", "PASSWORD_TOO_COMMON"), ("98234712394", "PASSWORD_ENTIRELY_NUMERIC")],
)
def test_account_register_weak_password(api_client, db, password, code):
    result = get_graphql_content(api_client.post_graphql(ACCOUNT_REGISTER, {"input": {"email": "mai@example.com", "password": password}}))
    errors = result["data"]["accountRegister"]["errors"]
    assert code in [e["code"] for e in errors]
    assert all(e["field"] == "password" for e in errors)
    assert not User.objects.filter(email="mai@example.com").exists()


def test_account_register_invalid_email(api_client, db):
    result = get_graphql_content(
        api_client.post_graphql(ACCOUNT_REGISTER, {"input": {"email": "not-an-email", "password": "Banh-trang-2025"}})
    )
    assert result["data"]["accountRegister"]["errors"] == [{"field": "email", "code": "INVALID", "message": "Enter a valid email address."}]


def test_account_register_unknown_channel(api_client, db):
    variables = {"input": {"email": "mai@example.com", "password": "Banh-trang-2025", "channel": "nope"}}
    result = get_graphql_content(api_client.post_graphql(ACCOUNT_REGISTER, variables))["data"]["accountRegister"]
    assert result["errors"][0]["field"] == "channel" and result["errors"][0]["code"] == "NOT_FOUND"
    assert not User.objects.exists()


def test_me_addresses_with_default_flags(user_api_client, customer_user):
    from commerce.account.models import Address

    home = Address.objects.create(first_name="Lan", street_address_1="5 Hẻm 12", city="Phường Tân Ninh", country_area="Tây Ninh")
    shop = Address.objects.create(company_name="Quà Tây Ninh", city="Phường Hòa Thành", country_area="Tây Ninh")
    customer_user.addresses.add(home, shop)
    customer_user.default_shipping_address = home
    customer_user.default_billing_address = shop
    customer_user.save()
    query = """{ me {
      addresses { streetAddress1 companyName isDefaultShippingAddress isDefaultBillingAddress }
      defaultShippingAddress { city } defaultBillingAddress { companyName country { code } }
    } }"""
    me = get_graphql_content(user_api_client.post_graphql(query))["data"]["me"]
    assert me["addresses"] == [
        {"streetAddress1": "5 Hẻm 12", "companyName": "", "isDefaultShippingAddress": True, "isDefaultBillingAddress": False},
        {"streetAddress1": "", "companyName": "Quà Tây Ninh", "isDefaultShippingAddress": False, "isDefaultBillingAddress": True},
    ]
    assert me["defaultShippingAddress"] == {"city": "Phường Tân Ninh"}
    assert me["defaultBillingAddress"] == {"companyName": "Quà Tây Ninh", "country": {"code": "VN"}}


def test_note_is_for_user_managers_only(user_api_client, customer_user):
    from tests.conftest import assert_no_permission

    customer_user.note = "Khách sỉ"
    customer_user.save()
    assert_no_permission(user_api_client.post_graphql("{ me { note } }"))
