"""The sync's memory of the catalog (KnownProduct): a rerun reads in full only the products whose
updatedAt moved since the sync last saw them, and still sees every edit made by someone else."""

from graphql_relay import to_global_id

from catalog_sync.known import IN_PROCESS
from catalog_sync.models import KnownProduct
from catalog_sync.runner import run_sync
from commerce.attribute.models import Attribute
from commerce.core.permissions import PermissionEnum
from commerce.product.models import Product

from ..conftest import get_graphql_content
from .conftest import FIXTURES, TODAY, catalog_state

FIRST = FIXTURES / "tay-ninh-ocop-2025-03.csv"
LATER = FIXTURES / "tay-ninh-ocop-2025-12.csv"
CODE = "TN-OCOP-2025-0001"  # five stars in the first export

SET_STARS = """
mutation SetStars($ref: String, $input: ProductInput!) {
  productUpdate(externalReference: $ref, input: $input) { product { id } errors { field code } }
}"""


def set_stars_as_staff(staff_api_client, code: str, stars: str) -> None:
    attribute = Attribute.objects.get(slug="ocop-stars")
    value = attribute.values.get(slug=stars)
    variables = {
        "ref": code,
        "input": {
            "attributes": [
                {"id": to_global_id("Attribute", attribute.pk), "dropdown": {"id": to_global_id("AttributeValue", value.pk)}},
            ]
        },
    }
    response = staff_api_client.post_graphql(SET_STARS, variables, permissions=[PermissionEnum.MANAGE_PRODUCTS])
    assert get_graphql_content(response)["data"]["productUpdate"]["errors"] == []


def test_a_rerun_reads_no_product_in_full_yet_sees_a_staff_edit(sync_client, staff_api_client):
    first = run_sync(str(FIRST), client=sync_client, today=TODAY)
    assert first.counts["create"] == 149
    assert KnownProduct.objects.filter(catalog=IN_PROCESS).count() == 149

    again = run_sync(str(FIRST), client=sync_client, today=TODAY)
    assert again.changes == 0
    assert again.catalog_read == {"products_read_in_full": 0, "products_known": 149}

    # Updates (star changes, a revocation, a lapse) are remembered as written, too.
    later = run_sync(str(LATER), client=sync_client, today=TODAY)
    assert later.changes > 0 and later.catalog_read["products_read_in_full"] == 0
    settled = run_sync(str(LATER), client=sync_client, today=TODAY)
    assert settled.changes == 0 and settled.catalog_read["products_read_in_full"] == 0

    # Staff set other stars in the dashboard: the product's updatedAt moves, the sync reads it
    # again, and the registry's rank is put back (as a star change).
    assert catalog_state()[CODE]["ocop-stars"] == "5"
    set_stars_as_staff(staff_api_client, CODE, "3")
    assert catalog_state()[CODE]["ocop-stars"] == "3"
    restored = run_sync(str(LATER), client=sync_client, today=TODAY)
    assert restored.catalog_read["products_read_in_full"] == 1
    assert restored.counts["star_change"] == 1 and restored.changes == 1
    assert catalog_state()[CODE]["ocop-stars"] == "5"
    assert run_sync(str(LATER), client=sync_client, today=TODAY).catalog_read["products_read_in_full"] == 0


def test_a_product_deleted_from_the_catalog_is_forgotten_and_made_again(sync_client):
    run_sync(str(FIRST), client=sync_client, today=TODAY)
    product = Product.objects.get(external_reference=CODE)
    old_id = to_global_id("Product", product.pk)
    product.delete()

    again = run_sync(str(FIRST), client=sync_client, today=TODAY)
    assert again.counts["create"] == 1 and again.changes == 1
    assert not KnownProduct.objects.filter(product_id=old_id).exists()
    assert KnownProduct.objects.filter(code=CODE).count() == 1
    assert catalog_state()[CODE]["ocop-stars"] == "5"


def test_without_memory_every_product_is_read_in_full_and_nothing_changes(sync_client):
    run_sync(str(FIRST), client=sync_client, today=TODAY)
    KnownProduct.objects.all().delete()  # as after a killed run or a fresh install of the sync

    again = run_sync(str(FIRST), client=sync_client, today=TODAY)
    assert again.changes == 0 and again.catalog_read["products_read_in_full"] == 149
    assert KnownProduct.objects.count() == 149
    full = run_sync(str(FIRST), client=sync_client, today=TODAY, use_memory=False)
    assert full.changes == 0 and full.catalog_read["products_read_in_full"] == 149
