"""Fixtures shared by the whole suite: API clients in Saleor's style and a small catalog."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from commerce.core.permissions import PermissionEnum

pytest_plugins = ["tests.factories"]

# One headless Chromium per run, shared by every browser test (storefront, POS, wholesale).
from tests.storefront.browser import chromium  # noqa: E402,F401

API_PATH = "/graphql/"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Give each test run its own test database, so runs started side by side (two
    terminals, several engineers on one embedded server) never drop each other's."""
    import os

    from django.conf import settings

    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    base = test_settings.get("NAME") or f"test_{settings.DATABASES['default']['NAME']}"
    test_settings["NAME"] = f"{base}_{os.getpid()}"


def permission_objects(permissions):
    objects = []
    for perm in permissions:
        perm = PermissionEnum[perm] if isinstance(perm, str) and not isinstance(perm, PermissionEnum) else perm
        objects.append(Permission.objects.get(content_type__app_label=perm.app_label, codename=perm.codename))
    return objects


class ApiClient(Client):
    """POSTs GraphQL as a given caller: anonymous, a user (JWT) or an app (token)."""

    def __init__(self, user=None, app=None, app_token=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.app = app
        self.app_token = app_token

    def _auth_header(self) -> dict:
        if self.app_token:
            return {"HTTP_AUTHORIZATION": f"Bearer {self.app_token}"}
        if self.user is not None:
            from commerce.account.tokens import ACCESS, create_token

            return {"HTTP_AUTHORIZATION": f"Bearer {create_token(self.user, ACCESS)}"}
        return {}

    def post_graphql(self, query, variables=None, permissions=None, check_no_permissions=False, **extra):
        if permissions:
            if self.app is not None:
                self.app.permissions.add(*permission_objects(permissions))
                self.app.__dict__.pop("_perm_cache", None)
            elif self.user is not None:
                self.user.user_permissions.add(*permission_objects(permissions))
                for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
                    self.user.__dict__.pop(cache, None)
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.post(API_PATH, data=json.dumps(body), content_type="application/json", **self._auth_header(), **extra)


def get_graphql_content(response, *, ignore_errors: bool = False) -> dict:
    assert response.status_code == 200, response.content
    content = json.loads(response.content)
    if not ignore_errors:
        assert "errors" not in content, json.dumps(content["errors"], indent=2, ensure_ascii=False)
    return content


def assert_no_permission(response) -> None:
    content = json.loads(response.content)
    assert "errors" in content, content
    assert content["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied", content["errors"]


@pytest.fixture
def api_client():
    return ApiClient()


@pytest.fixture
def customer_user(db):
    from commerce.account.models import User

    return User.objects.create_user("customer@example.com", "Customer-pass-123", first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def staff_user(db):
    from commerce.account.models import User

    return User.objects.create_user("staff@example.com", "Staff-pass-123", is_staff=True)


@pytest.fixture
def user_api_client(customer_user):
    return ApiClient(user=customer_user)


@pytest.fixture
def staff_api_client(staff_user):
    return ApiClient(user=staff_user)


@pytest.fixture
def app(db):
    from commerce.app.models import App

    return App.objects.create(name="Test app", identifier="test-app")


@pytest.fixture
def app_api_client(app):
    from commerce.app.models import AppToken

    _, raw = AppToken.objects.create_with_token(app, "test")
    return ApiClient(app=app, app_token=raw)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the storefront caches pages' shared data (home
    sections, facets) and a test's catalog is not the one before it."""
    from django.core.cache import cache

    cache.clear()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures (browser screenshots) can tell
    whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
