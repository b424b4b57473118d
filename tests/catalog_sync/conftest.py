"""A catalog set up for OCOP products (channels, attributes, types, categories, the catalog-sync
App) as the demo loader sets it up — the sync itself only ever talks GraphQL to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "catalog_sync" / "fixtures"
CASES = Path(__file__).resolve().parent / "exports"
TODAY = date(2025, 12, 20)


@pytest.fixture
def ocop_catalog(db):
    from demo import builder

    builder.ensure_channels()
    pages = builder.ensure_producer_page_type()
    attrs = builder.ensure_product_attributes(pages.page_type)
    builder.ensure_product_type(attrs)
    builder.ensure_categories()
    return builder.ensure_sync_app()


@pytest.fixture
def sync_client(ocop_catalog):
    from catalog_sync.gateway import make_client

    return make_client()


def catalog_state():
    """code → {attribute slug: value} read straight from the core's tables (the test's own eyes,
    not the sync's)."""
    from commerce.attribute.models import AssignedProductAttributeValue
    from commerce.product.models import Product

    state = {p.external_reference: {"name": p.name} for p in Product.objects.exclude(external_reference=None)}
    rows = AssignedProductAttributeValue.objects.select_related("value__attribute", "product", "value__reference_page")
    for a in rows:
        v = a.value
        slug = v.attribute.slug
        if a.product.external_reference is None:
            continue
        if v.attribute.input_type == "dropdown":
            value = v.slug
        elif v.attribute.input_type == "date":
            value = v.date_time.date().isoformat()
        elif v.attribute.input_type == "reference":
            value = v.reference_page.title
        elif v.attribute.input_type == "numeric":
            value = v.numeric
        else:
            value = v.plain_text
        state[a.product.external_reference][slug] = value
    return state
