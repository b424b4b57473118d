"""Setup through the core's API (fair channel, booth warehouse, fair prices, stock transfer),
pairing, PINs, sessions, dashboard pages and CSV reports."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from graphql_relay import from_global_id

from commerce.channel.models import Channel
from commerce.product.models import ProductVariantChannelListing
from commerce.warehouse.models import ChannelWarehouse, Stock
from pos.models import RegisterPairing
from pos.services import devices, setup

from .conftest import make_sale


def test_fair_price_rounds_to_thousands():
    assert setup.fair_price(Decimal(45000), Decimal(10)) == 41000  # 40.500 → 41.000
    assert setup.fair_price(Decimal(52000), Decimal(10)) == 47000
    assert setup.fair_price(Decimal(800), Decimal(50)) == 800  # never above the online price


def test_booth_setup_made_the_channel_warehouse_prices_and_moved_stock(booth, producer_products, warehouse):
    channel = Channel.objects.get(slug="fair-tay-ninh-2026")
    booth_warehouse = from_global_id(booth.warehouse_id)[1]
    assert ChannelWarehouse.objects.filter(channel=channel, warehouse_id=booth_warehouse).exists()
    prices = {l.variant.sku: l.price_amount for l in ProductVariantChannelListing.objects.filter(channel=channel)}
    assert prices == {"MUOI-OT": 41000, "BANH-TRANG": 54000, "MUOI-TOM": 47000, "MANG-CAU": 77000}
    for product in producer_products:
        assert Stock.objects.get(warehouse_id=booth_warehouse, product_variant=product.default_variant).quantity == 20
        assert Stock.objects.get(warehouse=warehouse, product_variant=product.default_variant).quantity == 80
    # The discount is edited: the prices follow.
    booth.fair.discount_percent = Decimal(15)
    booth.fair.save()
    setup.apply_fair_prices(booth)
    assert ProductVariantChannelListing.objects.get(channel=channel, variant__sku="MUOI-OT").price_amount == 38000
    with pytest.raises(setup.SetupError):
        setup.transfer_stock(booth, [setup.Transfer(booth.warehouse_id and _variant(producer_products[0]), 1000)])


def _variant(product):
    from commerce.graphql.core.types import to_global_id

    return to_global_id("ProductVariant", product.default_variant_id)


def test_a_pairing_code_works_once_and_expires(booth):
    from pos.models import Register

    register = Register.objects.create(booth=booth, name="Máy 2", code="2")
    code = devices.new_pairing_code(register)
    paired, token = devices.pair(code)
    assert devices.register_for_token(token) == paired and paired.token_hash != token
    with pytest.raises(devices.AuthError):
        devices.pair(code)
    late = devices.new_pairing_code(register)
    RegisterPairing.objects.filter(used_at__isnull=True).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(devices.AuthError):
        devices.pair(late)
    # Re-pairing retires the old token.
    _, new_token = devices.pair(devices.new_pairing_code(register))
    with pytest.raises(devices.AuthError):
        devices.register_for_token(token)
    assert devices.register_for_token(new_token) == register


def test_pin_sign_in_is_throttled(device_client, cashiers, settings):
    lan = cashiers[0]
    url = "/pos/api/cashiers/sign-in"
    post = lambda pin: device_client.post(url, data=json.dumps({"cashierId": lan.pk, "pin": pin}), content_type="application/json")
    assert post("1234").json()["cashier"]["name"] == "Lan"
    assert lan.pin_hash.startswith("argon2")
    for _ in range(settings.POS_PIN_MAX_ATTEMPTS - 1):
        assert post("0000").status_code == 403
    locked = post("0000")
    assert locked.status_code == 403
    refused = post("1234")  # even the right PIN, while locked
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "LOCKED" and int(refused["Retry-After"]) > 0


def test_pairing_endpoint_is_rate_limited(db, client, settings):
    settings.POS_RATE_LIMIT_PAIRING = 2
    codes = [
        client.post("/pos/api/pair", data=json.dumps({"code": "00000000"}), content_type="application/json").status_code for _ in range(3)
    ]
    assert codes == [400, 400, 429]


def test_closing_is_refused_while_the_device_has_unsent_sales(device_client, register, open_session, cashiers, producer_products):
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    device_client.post("/pos/api/sales/sync", data=json.dumps({"sales": [sale]}), content_type="application/json")
    url = f"/pos/api/sessions/{open_session.pk}/close"
    refused = device_client.post(
        url, data=json.dumps({"countedCash": 541000, "deviceSaleCount": 2, "cashierId": cashiers[0].pk}), content_type="application/json"
    )
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "SALES_WAITING"
    closed = device_client.post(
        url, data=json.dumps({"countedCash": 540000, "deviceSaleCount": 1, "cashierId": cashiers[0].pk}), content_type="application/json"
    )
    z = closed.json()["zReport"]
    assert (z["expectedCash"], z["countedCash"], z["discrepancy"]) == (541000, 540000, -1000)
    x = device_client.get(f"/pos/api/sessions/{open_session.pk}/x-report").json()["report"]
    assert x["sales"] == {"count": 1, "amount": 41000}


def test_a_refund_counts_against_the_session(device_client, register, open_session, cashiers, producer_products):
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 2, 41000, 0)])
    refund = make_sale(register, open_session, cashiers[0], [(producer_products[0], 2, 41000, 0)], kind="refund", refund_of=sale["uuid"])
    body = device_client.post("/pos/api/sales/sync", data=json.dumps({"sales": [sale, refund]}), content_type="application/json").json()
    assert [r["status"] for r in body["results"]] == ["accepted", "accepted"]
    from pos.models import Sale
    from pos.services.sessions import report

    recorded = Sale.objects.get(uuid=refund["uuid"])
    assert recorded.refund_of.uuid.hex == sale["uuid"].replace("-", "")
    r = report(open_session)
    assert r["net"] == 0 and r["expectedCash"] == 500000 and r["byProduct"][0]["quantity"] == 0


def test_dashboard_pages_and_csv(admin_client, booth, register, open_session, cashiers, producer_products, device_client):
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[1], 1, 54000, 0)], [{"method": "vietqr", "amount": 54000}])
    device_client.post("/pos/api/sales/sync", data=json.dumps({"sales": [sale]}), content_type="application/json")
    for name in ("fair", "booth", "register", "cashier", "possession", "sale"):
        assert admin_client.get(f"/dashboard/pos/{name}/").status_code == 200, name
    assert admin_client.get(f"/dashboard/pos/booth/{booth.pk}/change/").status_code == 200
    page = admin_client.get(f"/dashboard/pos/booth/{booth.pk}/transfer/")
    assert page.status_code == 200 and "Bánh tráng phơi sương" in page.content.decode()
    variant = _variant(producer_products[1])
    admin_client.post(f"/dashboard/pos/booth/{booth.pk}/transfer/", {f"q-{variant}": "5"})
    booth_warehouse = from_global_id(booth.warehouse_id)[1]
    assert Stock.objects.get(warehouse_id=booth_warehouse, product_variant=producer_products[1].default_variant).quantity == 20 - 1 + 5
    csv_response = admin_client.post("/dashboard/pos/booth/", {"action": "export_csv", "_selected_action": [booth.pk]})
    text = csv_response.content.decode()
    assert "method,vietqr,1,54000" in text and "product,Bánh tráng phơi sương,1,54000" in text and "cashier,Lan,1,54000" in text
    codes = admin_client.post("/dashboard/pos/register/", {"action": "pairing_code", "_selected_action": [register.pk]}, follow=True)
    assert "mã ghép" in codes.content.decode()
