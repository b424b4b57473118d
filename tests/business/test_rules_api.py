"""Case packs, minimum quantities and the channel's minimum order value, refused by the core
with Saleor's CheckoutError codes and a message that says what to change."""

from __future__ import annotations

import pytest

from commerce.order.models import Order

from .conftest import LINES_ADD, LINES_UPDATE, api, complete, create, gid, prepare_for_completion
from tests.conftest import get_graphql_content

pytestmark = pytest.mark.django_db


def test_quantity_not_a_multiple_of_the_case_pack(wholesale, approved_shop):
    data = create(api(approved_shop), [(wholesale["salt"], 30)])
    assert data["checkout"] is None
    [error] = data["errors"]
    assert (error["field"], error["code"], error["variants"]) == ("quantity", "INVALID", [gid(wholesale["salt"])])
    assert error["message"] == (
        "MT-100 (Muối tôm Tây Ninh — Hũ 100g): bán theo thùng 12 đơn vị, số lượng phải là bội số của 12 (ví dụ 24 hoặc 36); bạn đặt 30."
    )


def test_quantity_below_the_minimum(wholesale, approved_shop):
    data = create(api(approved_shop), [(wholesale["salt"], 12)])
    [error] = data["errors"]
    assert (error["code"], error["variants"]) == ("INVALID", [gid(wholesale["salt"])])
    assert error["message"] == "MT-100 (Muối tôm Tây Ninh — Hũ 100g): số lượng tối thiểu là 24, bạn đặt 12."


def test_every_broken_line_is_reported_at_once(wholesale, approved_shop):
    data = create(api(approved_shop), [(wholesale["salt"], 25), (wholesale["paper"], 10), (wholesale["box"], 3)], languageCode="EN")
    messages = sorted(e["message"] for e in data["errors"])
    assert len(messages) == 3  # salt: not a multiple; paper: below minimum and not a multiple
    assert "BT-200 (Bánh tráng phơi sương — Hũ 100g): the minimum quantity is 20; you ordered 10." in messages
    assert any("sold in cases of 12" in m and "e.g. 24 or 36" in m for m in messages)
    assert {v for e in data["errors"] for v in e["variants"]} == {gid(wholesale["salt"]), gid(wholesale["paper"])}


def test_lines_add_and_update_keep_to_the_rules(wholesale, approved_shop):
    client = api(approved_shop)
    checkout = create(client, [(wholesale["salt"], 24)])["checkout"]
    # Adding 6 more makes 30: refused, and the checkout keeps its 24.
    data = get_graphql_content(
        client.post_graphql(LINES_ADD, {"id": checkout["id"], "lines": [{"variantId": gid(wholesale["salt"]), "quantity": 6}]})
    )
    assert [e["code"] for e in data["data"]["checkoutLinesAdd"]["errors"]] == ["INVALID"]
    data = get_graphql_content(
        client.post_graphql(LINES_ADD, {"id": checkout["id"], "lines": [{"variantId": gid(wholesale["salt"]), "quantity": 12}]})
    )
    assert data["data"]["checkoutLinesAdd"]["errors"] == []
    assert data["data"]["checkoutLinesAdd"]["checkout"]["quantity"] == 36
    line_id = checkout["lines"][0]["id"]
    data = get_graphql_content(client.post_graphql(LINES_UPDATE, {"id": checkout["id"], "lines": [{"lineId": line_id, "quantity": 40}]}))
    assert "bội số của 12" in data["data"]["checkoutLinesUpdate"]["errors"][0]["message"]


def test_variants_without_a_rule_sell_by_the_unit(wholesale, approved_shop):
    data = create(api(approved_shop), [(wholesale["box"], 7)])
    assert data["errors"] == []


def test_order_below_the_minimum_value_is_refused_at_completion(wholesale, approved_shop):
    client = api(approved_shop)
    checkout = create(client, [(wholesale["salt"], 24)])["checkout"]  # 768.000 ₫
    prepare_for_completion(client, checkout["id"], wholesale["shipping"])
    result = complete(client, checkout["id"])
    assert result["order"] is None
    [error] = result["errors"]
    assert (error["field"], error["code"]) == ("lines", "INVALID")
    assert (
        error["message"]
        == "Đơn hàng sỉ tối thiểu 1.000.000\xa0₫ (chưa tính phí giao hàng); đơn của bạn là 768.000\xa0₫, cần thêm 232.000\xa0₫."
    )
    assert not Order.objects.exists()
    # Two more cases (1.152.000 ₫) pass.
    get_graphql_content(
        client.post_graphql(LINES_ADD, {"id": checkout["id"], "lines": [{"variantId": gid(wholesale["salt"]), "quantity": 12}]})
    )
    assert complete(client, checkout["id"])["errors"] == []


def test_rule_tightened_after_the_cart_began_is_checked_at_completion(wholesale, approved_shop):
    client = api(approved_shop)
    checkout = create(client, [(wholesale["box"], 7)])["checkout"]
    prepare_for_completion(client, checkout["id"], wholesale["shipping"])
    from commerce.business.models import WholesaleRule

    WholesaleRule.objects.create(variant=wholesale["box"], case_pack=5, min_quantity=5)
    result = complete(client, checkout["id"])
    assert result["order"] is None
    assert "bán theo thùng 5 đơn vị" in result["errors"][0]["message"]
