"""Dashboard changelists: the number of SQL queries does not grow with the rows on the page
(no N+1). Runs on an empty database with the suite's small catalog factory."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commerce.attribute.models import AssignedProductAttributeValue
from commerce.product.models import Product, ProductChannelListing, ProductMedia, ProductVariant, ProductVariantChannelListing
from commerce.warehouse.models import Stock

MODELS = [Product, ProductVariant, Stock, ProductMedia, ProductVariantChannelListing, ProductChannelListing, AssignedProductAttributeValue]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _changelist_queries(client, model, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"), params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_changelist_queries_do_not_grow_with_rows(client, django_user_model, products_factory):
    user = django_user_model.objects.create_superuser(email="boss@example.com", password="Boss-pass-123")
    client.force_login(user)
    products_factory(5)
    small = {model.__name__: _changelist_queries(client, model) for model in MODELS}
    products_factory(25)
    assert Product.objects.count() == 30
    large = {model.__name__: _changelist_queries(client, model) for model in MODELS}
    assert large == small
    # Filters and search keep it flat too.
    assert _changelist_queries(client, Product, {"ocop_stars": "4", "q": "Bánh"}) <= small["Product"] + 1
