"""The core keeps the past of a product's badge values (commerce.attribute.history): every write
through productCreate, productUpdate and productBulkCreate leaves one row per tracked value it
changed, with who wrote it; values it did not change, and untracked attributes, leave none."""

from __future__ import annotations

from datetime import date

import pytest
from graphene.relay import Node

from commerce.attribute import history
from commerce.attribute.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeType,
    AttributeValue,
    ProductAttributeChange,
)
from commerce.product.models import Product
from tests.conftest import get_graphql_content

PRODUCT_CREATE = """
mutation($input: ProductCreateInput!) { productCreate(input: $input) { product { id } errors { field code } } }"""
PRODUCT_UPDATE = """
mutation($ref: String!, $input: ProductInput!) {
  productUpdate(externalReference: $ref, input: $input) { product { id } errors { field code } } }"""
PRODUCT_BULK_CREATE = """
mutation($products: [ProductBulkCreateInput!]!) {
  productBulkCreate(products: $products) { count results { errors { path code } } } }"""


def gid(obj):
    return Node.to_global_id(type(obj).__name__, obj.pk)


def run(client, query, variables):
    return get_graphql_content(client.post_graphql(query, variables, permissions=["MANAGE_PRODUCTS"]))["data"]


@pytest.fixture
def badge(product_type, stars_attribute):
    """The tracked badge attributes besides the stars, and an untracked one (the score)."""
    made = {"ocop-stars": stars_attribute}
    for slug, input_type in (
        ("ocop-decision-date", AttributeInputType.DATE),
        ("ocop-status", AttributeInputType.DROPDOWN),
        ("ocop-score", AttributeInputType.NUMERIC),
    ):
        made[slug] = Attribute.objects.create(slug=slug, name=slug, type=AttributeType.PRODUCT_TYPE, input_type=input_type)
        AttributeProduct.objects.create(attribute=made[slug], product_type=product_type, sort_order=len(made))
    for slug in ("valid", "lapsed"):
        AttributeValue.objects.create(attribute=made["ocop-status"], name=slug, slug=slug)
    return made


def badge_input(badge, stars: int, decided: str, status: str = "valid", score: str = "80") -> list[dict]:
    return [
        {"id": gid(badge["ocop-stars"]), "dropdown": {"value": f"{stars} sao"}},
        {"id": gid(badge["ocop-decision-date"]), "date": decided},
        {"id": gid(badge["ocop-status"]), "dropdown": {"value": status}},
        {"id": gid(badge["ocop-score"]), "numeric": score},
    ]


def changes(product=None):
    rows = ProductAttributeChange.objects.select_related("attribute").order_by("changed_at", "attribute__slug")
    if product is not None:
        rows = rows.filter(product=product)
    return [(r.attribute.slug, r.old_value, r.new_value) for r in rows]


def test_a_created_product_enters_the_history_with_its_badge(app_api_client, app, product_type, badge):
    data = run(
        app_api_client,
        PRODUCT_CREATE,
        {
            "input": {
                "productType": gid(product_type),
                "name": "Muối ớt",
                "externalReference": "TN-1",
                "attributes": badge_input(badge, 3, "2021-03-15"),
            }
        },
    )["productCreate"]
    assert data["errors"] == []
    assert changes() == [("ocop-decision-date", "", "2021-03-15"), ("ocop-stars", "", "3"), ("ocop-status", "", "valid")]
    rows = list(ProductAttributeChange.objects.all())
    assert {(r.app_id, r.user_id) for r in rows} == {(app.pk, None)}
    assert len({r.changed_at for r in rows}) == 1  # one write


def test_an_update_records_only_what_changed_and_who_changed_it(app_api_client, staff_api_client, staff_user, product_type, badge):
    run(
        app_api_client,
        PRODUCT_CREATE,
        {
            "input": {
                "productType": gid(product_type),
                "name": "Muối ớt",
                "externalReference": "TN-1",
                "attributes": badge_input(badge, 3, "2021-03-15"),
            }
        },
    )
    product = Product.objects.get(external_reference="TN-1")
    before = len(changes())

    # Everything sent again, as the registry sync does for a product it updates: nothing changed.
    assert (
        run(app_api_client, PRODUCT_UPDATE, {"ref": "TN-1", "input": {"attributes": badge_input(badge, 3, "2021-03-15")}})["productUpdate"][
            "errors"
        ]
        == []
    )
    assert len(changes()) == before

    # Staff move it up to 4★ with a new decision; the score is not tracked.
    data = run(staff_api_client, PRODUCT_UPDATE, {"ref": "TN-1", "input": {"attributes": badge_input(badge, 4, "2024-01-31", score="92")}})
    assert data["productUpdate"]["errors"] == []
    upgrade = ProductAttributeChange.objects.filter(product=product).order_by("pk")[before:]
    assert [(r.attribute.slug, r.old_value, r.new_value) for r in upgrade] == [
        ("ocop-stars", "3", "4"),
        ("ocop-decision-date", "2021-03-15", "2024-01-31"),
    ]
    assert {(r.user_id, r.app_id) for r in upgrade} == {(staff_user.pk, None)}

    # A value taken away (the status named with nothing) is a change to "".
    run(app_api_client, PRODUCT_UPDATE, {"ref": "TN-1", "input": {"attributes": [{"id": gid(badge["ocop-status"]), "dropdown": {}}]}})
    assert changes(product)[-1] == ("ocop-status", "valid", "")


def test_bulk_create_records_every_new_product_in_one_write(app_api_client, product_type, badge):
    rows = [
        {
            "productType": gid(product_type),
            "name": f"Bánh tráng {n}",
            "externalReference": f"TN-{n}",
            "attributes": badge_input(badge, 2 + n % 3, f"2024-0{n}-01"),
        }
        for n in range(1, 4)
    ]
    data = run(app_api_client, PRODUCT_BULK_CREATE, {"products": rows})["productBulkCreate"]
    assert data["count"] == 3, data
    by_product = {p.external_reference: changes(p) for p in Product.objects.all()}
    assert by_product["TN-2"] == [("ocop-decision-date", "", "2024-02-01"), ("ocop-stars", "", "4"), ("ocop-status", "", "valid")]
    assert len(set(ProductAttributeChange.objects.values_list("changed_at", flat=True))) == 1


def test_writes_around_the_services_are_recorded_with_recording(product, stars_attribute, staff_user):
    """What the dashboard's forms do: assignments changed directly, inside `recording`."""
    with history.recording([product.pk], history.ChangedBy(user=staff_user)):
        AssignedProductAttributeValue.objects.filter(product=product).update(value=stars_attribute.values.get(slug="5"))
    row = ProductAttributeChange.objects.get(product=product)
    assert (row.old_value, row.new_value, row.user_id) == ("3", "5", staff_user.pk)
    with history.recording([product.pk]):
        pass  # nothing changed: nothing recorded
    assert ProductAttributeChange.objects.count() == 1


def test_value_text_of_each_kind(badge, producer_page):
    stars, decided = badge["ocop-stars"], badge["ocop-decision-date"]
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    midnight_utc = datetime.combine(date(2024, 1, 31), time.min, tzinfo=ZoneInfo("UTC"))
    assert history.value_text(decided, [AttributeValue(attribute=decided, date_time=midnight_utc)]) == "2024-01-31"
    assert history.value_text(stars, [AttributeValue(attribute=stars, slug="4")]) == "4"
    assert history.value_text(stars, []) == ""
    reference = Attribute(slug="producer", input_type=AttributeInputType.REFERENCE)
    assert history.value_text(reference, [AttributeValue(attribute=reference, reference_page=producer_page)]) == f"page:{producer_page.pk}"
