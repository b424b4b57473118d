"""Every catalog write refuses callers without Saleor's permission: a top-level PermissionDenied
error, nothing written."""

from __future__ import annotations

import pytest

from commerce.core.permissions import PermissionEnum
from commerce.product.models import Product
from tests.conftest import assert_no_permission, get_graphql_content

ID = "UHJvZHVjdDox"  # Product:1 — never resolved: permission is checked first

MUTATIONS = {
    "channelCreate": (
        'mutation { channelCreate(input: {name: "Hội chợ", slug: "fair-x", currencyCode: "VND", defaultCountry: VN}) { errors { code } } }',
        PermissionEnum.MANAGE_CHANNELS,
    ),
    "createWarehouse": (
        'mutation { createWarehouse(input: {name: "Kho", address: {streetAddress1: "1", city: "x", countryArea: "Tây Ninh"}}) { errors { code } } }',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "stockBulkUpdate": (
        f'mutation {{ stockBulkUpdate(stocks: [{{variantId: "{ID}", warehouseId: "{ID}", quantity: 1}}]) {{ count }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "attributeCreate": (
        'mutation { attributeCreate(input: {name: "Sao", type: PRODUCT_TYPE}) { errors { code } } }',
        PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,
    ),
    "pageTypeCreate": (
        'mutation { pageTypeCreate(input: {name: "Chủ thể"}) { errors { code } } }',
        PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,
    ),
    "pageCreate": (
        f'mutation {{ pageCreate(input: {{title: "x", pageType: "{ID}"}}) {{ errors {{ code }} }} }}',
        PermissionEnum.MANAGE_PAGES,
    ),
    "productTypeCreate": (
        'mutation { productTypeCreate(input: {name: "OCOP"}) { errors { code } } }',
        PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,
    ),
    "categoryCreate": ('mutation { categoryCreate(input: {name: "Muối"}) { errors { code } } }', PermissionEnum.MANAGE_PRODUCTS),
    "collectionCreate": ('mutation { collectionCreate(input: {name: "Quà Tết"}) { errors { code } } }', PermissionEnum.MANAGE_PRODUCTS),
    "collectionAddProducts": (
        f'mutation {{ collectionAddProducts(collectionId: "{ID}", products: ["{ID}"]) {{ errors {{ code }} }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "productCreate": (
        f'mutation {{ productCreate(input: {{name: "x", productType: "{ID}"}}) {{ errors {{ code }} }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "productUpdate": (
        f'mutation {{ productUpdate(id: "{ID}", input: {{name: "x"}}) {{ errors {{ code }} }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "productDelete": (f'mutation {{ productDelete(id: "{ID}") {{ errors {{ code }} }} }}', PermissionEnum.MANAGE_PRODUCTS),
    "productBulkCreate": (
        f'mutation {{ productBulkCreate(products: [{{name: "x", productType: "{ID}"}}]) {{ count }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "productVariantCreate": (
        f'mutation {{ productVariantCreate(input: {{product: "{ID}", attributes: []}}) {{ errors {{ code }} }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "productVariantBulkCreate": (
        f'mutation {{ productVariantBulkCreate(product: "{ID}", variants: [{{attributes: []}}]) {{ count }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "productChannelListingUpdate": (
        f'mutation {{ productChannelListingUpdate(id: "{ID}", input: {{}}) {{ errors {{ code }} }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
    "channelUpdate": (
        f'mutation {{ channelUpdate(id: "{ID}", input: {{name: "x"}}) {{ errors {{ code }} }} }}',
        PermissionEnum.MANAGE_CHANNELS,
    ),
    "productVariantChannelListingUpdate": (
        f'mutation {{ productVariantChannelListingUpdate(id: "{ID}", input: []) {{ errors {{ code }} }} }}',
        PermissionEnum.MANAGE_PRODUCTS,
    ),
}


def test_every_catalog_mutation_of_the_schema_is_covered():
    from commerce.graphql.api import schema

    catalog = {
        name
        for name, field in schema.graphql_schema.mutation_type.fields.items()
        # Checkout, order, payment and account mutations have their own matrix in tests/security.
        if not name.startswith(("token", "account", "checkout", "order", "transaction", "payment", "requestPasswordReset", "setPassword"))
    }
    assert catalog <= set(MUTATIONS), catalog - set(MUTATIONS)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_anonymous_caller_is_refused(name, api_client, db):
    assert_no_permission(api_client.post_graphql(MUTATIONS[name][0]))


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_staff_without_the_permission_is_refused(name, staff_api_client):
    # MANAGE_ORDERS grants nothing in the catalog.
    assert_no_permission(staff_api_client.post_graphql(MUTATIONS[name][0], permissions=["MANAGE_ORDERS"]))


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_app_without_the_permission_is_refused(name, app_api_client):
    assert_no_permission(app_api_client.post_graphql(MUTATIONS[name][0], permissions=["MANAGE_ORDERS"]))


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_the_named_permission_is_enough(name, staff_api_client):
    """The same document passes the permission check with Saleor's permission (so the refusals
    above are about permissions, not a broken document)."""
    query, permission = MUTATIONS[name]
    content = get_graphql_content(staff_api_client.post_graphql(query, permissions=[permission.name]), ignore_errors=True)
    assert all(e["extensions"]["exception"]["code"] != "PermissionDenied" for e in content.get("errors", [])), content


def test_page_attribute_permission_cannot_create_product_attributes(staff_api_client):
    query = 'mutation { attributeCreate(input: {name: "Sao", type: PRODUCT_TYPE}) { errors { code } } }'
    assert_no_permission(staff_api_client.post_graphql(query, permissions=["MANAGE_PAGE_TYPES_AND_ATTRIBUTES"]))


def test_refused_write_writes_nothing(api_client, product_type):
    from commerce.graphql.core.mutations import BaseMutation  # noqa: F401 - schema import side effects
    from graphene.relay import Node

    gid = Node.to_global_id("ProductType", product_type.pk)
    assert_no_permission(
        api_client.post_graphql(f'mutation {{ productCreate(input: {{name: "x", productType: "{gid}"}}) {{ errors {{ code }} }} }}')
    )
    assert not Product.objects.exists()
