"""A POS device token reaches only its own booth: two booths of different producers at one
fair, each with a paired register; booth B's token cannot read, print, report on, close or
refund booth A's sales, sessions and cashiers, and its catalog holds only B's products."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from commerce.attribute.models import AssignedProductAttributeValue, Attribute, AttributeValue
from commerce.page.models import Page
from tests.factories import create_product
from tests.pos.conftest import (  # noqa: F401 (fixtures)
    booth,
    cashiers,
    fair,
    make_sale,
    open_session,
    pos_app,
    producer,
    producer_products,
    register,
    register_token,
)


@pytest.fixture
def device_client(register_token):
    return Client(HTTP_AUTHORIZATION=f"Device {register_token[1]}")


@pytest.fixture
def booth_b(pos_app, fair, producer_page_type, product_type, channel_online, category, warehouse, stars_attribute, producer_products):
    from commerce.graphql.core.types import to_global_id
    from pos.models import Booth, Cashier, Register
    from pos.services import devices, setup

    producer_b = Page.objects.create(
        title="HTX Bánh tráng Trảng Bàng", slug="htx-trang-bang", page_type=producer_page_type, is_published=True
    )
    product = create_product(
        name="Bánh tráng Trảng Bàng",
        product_type=product_type,
        channel=channel_online,
        category=category,
        price=Decimal(40000),
        warehouse=warehouse,
        quantity=50,
        stars_attribute=stars_attribute,
        stars=4,
        sku="TB-1",
    )
    attribute = Attribute.objects.get(slug="producer")
    value = AttributeValue.objects.create(
        attribute=attribute, name=producer_b.title, slug=f"{product.pk}_{producer_b.pk}", reference_page=producer_b
    )
    AssignedProductAttributeValue.objects.create(value=value, product=product)
    booth = Booth.objects.create(
        fair=fair,
        name="Bánh tráng Trảng Bàng",
        code="B07",
        producer_page_id=to_global_id("Page", producer_b.pk),
        bank_bin="970436",
        bank_account="1234567890",
        account_name="HTX TRANG BANG",
    )
    setup.setup_booth(booth)
    setup.transfer_stock(booth, [setup.Transfer(to_global_id("ProductVariant", product.default_variant_id), 10)])
    cashier = Cashier(booth=booth, name="Hoa")
    devices.set_pin(cashier, "4321")
    cashier.save()
    reg = Register.objects.create(booth=booth, name="Điện thoại B", code="1")
    reg, token = devices.pair(devices.new_pairing_code(reg))
    return {"booth": booth, "register": reg, "cashier": cashier, "product": product, "client": Client(HTTP_AUTHORIZATION=f"Device {token}")}


def _json(response):
    return json.loads(response.content)


def test_a_device_token_reaches_only_its_own_booth(device_client, register, open_session, cashiers, producer_products, booth_b):
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 45000, 0)])
    response = device_client.post("/pos/api/sales/sync", {"sales": [sale]}, content_type="application/json")
    assert _json(response)["accepted"] == 1
    other = booth_b["client"]

    info = _json(other.get("/pos/api/register"))
    assert info["booth"]["code"] == "B07" and {c["name"] for c in info["cashiers"]} == {"Hoa"}
    names = {p["name"] for p in _json(other.get("/pos/api/catalog"))["products"]}
    assert names == {"Bánh tráng Trảng Bàng"}

    # A's sale: not readable, not printable.
    assert other.get(f"/pos/api/sales/{sale['uuid']}").status_code == 404
    assert other.post(f"/pos/api/sales/{sale['uuid']}/print", {}, content_type="application/json").status_code == 404
    assert device_client.get(f"/pos/api/sales/{sale['uuid']}").status_code == 200
    # A's session: no report, no closing — answered as for a session that does not exist.
    assert other.get(f"/pos/api/sessions/{open_session.pk}/x-report").status_code == 404
    closing = other.post(
        f"/pos/api/sessions/{open_session.pk}/close", {"countedCash": 0, "cashierId": cashiers[0].pk}, content_type="application/json"
    )
    assert closing.status_code == 404
    open_session.refresh_from_db()
    assert open_session.status == open_session.OPEN
    # A's cashiers: cannot sign in or open a session at B.
    assert other.post(
        "/pos/api/cashiers/sign-in", {"cashierId": cashiers[0].pk, "pin": "1234"}, content_type="application/json"
    ).status_code in (400, 403)
    assert (
        other.post("/pos/api/sessions", {"cashierId": cashiers[0].pk, "openingFloat": 0}, content_type="application/json").status_code
        == 404
    )

    # B resending A's sale UUID learns nothing about it and changes nothing; a refund of A's sale
    # from B is not linked to it.
    from pos.models import Sale
    from pos.services.sessions import open_session as open_b

    session_b, _ = open_b(booth_b["register"], booth_b["cashier"], 0)
    forged = make_sale(booth_b["register"], session_b, booth_b["cashier"], [(booth_b["product"], 1, 36000, 0)], sale_uuid=sale["uuid"])
    results = _json(other.post("/pos/api/sales/sync", {"sales": [forged]}, content_type="application/json"))["results"]
    assert results[0]["status"] == "duplicate" and results[0]["receiptNumber"] == forged["receiptNumber"]
    original = Sale.objects.get(uuid=sale["uuid"])
    assert original.register_id == register.pk and original.total == 45000
    refund = make_sale(
        booth_b["register"],
        session_b,
        booth_b["cashier"],
        [(booth_b["product"], -1, 36000, 0)],
        kind="refund",
        refund_of=sale["uuid"],
        payments=[{"method": "cash", "amount": -36000, "tendered": -36000}],
    )
    other.post("/pos/api/sales/sync", {"sales": [refund]}, content_type="application/json")
    made = Sale.objects.filter(uuid=refund["uuid"]).first()
    assert made is None or made.refund_of_id is None


def test_unknown_and_deactivated_device_tokens_are_refused(booth_b):
    for header in ("Device nope", "Bearer x", "", "Device "):
        assert Client(HTTP_AUTHORIZATION=header).get("/pos/api/catalog").status_code == 401
    assert booth_b["client"].get("/pos/api/register").status_code == 200
    booth_b["register"].is_active = False
    booth_b["register"].save(update_fields=["is_active"])
    assert booth_b["client"].get("/pos/api/register").status_code == 401
