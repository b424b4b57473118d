"""The device's price is recorded as charged (the money changed hands) but checked against the
booth's fair price less the signed-in cashier's discount limit: below it, the sale is flagged
for staff (needs_review, review_note, the dashboard's filter) and the device is told."""

from __future__ import annotations

import json

from commerce.order.models import Order
from pos.models import Sale

from .conftest import make_sale

SYNC = "/pos/api/sales/sync"


def sync(client, sales) -> dict:
    response = client.post(SYNC, data=json.dumps({"sales": sales}), content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def flag_codes(result) -> list[str]:
    return [f["code"] for f in result.get("flags") or []]


def test_a_sale_at_1_dong_is_recorded_flagged_and_told(device_client, admin_client, register, open_session, cashiers, producer_products):
    salt = producer_products[0]  # 45.000 ₫ online, 41.000 ₫ at the fair
    sale = make_sale(register, open_session, cashiers[0], [(salt, 1, 1, 0)])
    result = sync(device_client, [sale])["results"][0]
    assert result["status"] == "accepted"  # it happened: never lost
    assert "PRICE_BELOW_BOOTH_PRICE" in flag_codes(result)
    assert all(f["message"] for f in result["flags"])
    recorded = Sale.objects.get(uuid=sale["uuid"])
    assert recorded.needs_review
    assert "below the booth price 41000" in recorded.review_note
    # The core's order is what was paid (its payments say 1 ₫), and carries the flag.
    order = Order.objects.get(external_reference=sale["uuid"])
    assert order.total_gross_amount == 1
    assert "below the booth price" in order.metadata["pos.review"]
    # Staff find it under the dashboard's "cần kiểm tra" filter.
    page = admin_client.get("/dashboard/pos/sale/?needs_review__exact=1")
    assert page.status_code == 200 and sale["receiptNumber"] in page.content.decode()


def test_the_cashiers_discount_limit_is_the_line(device_client, register, open_session, cashiers, producer_products):
    lan, minh = cashiers  # Lan may give 10 % off, Minh nothing
    salt, paper = producer_products[0], producer_products[1]  # 41.000 ₫ and 54.000 ₫ at the fair
    sales = [
        make_sale(register, open_session, lan, [(salt, 2, 36900, 0)]),  # exactly 10 % off: fine
        make_sale(register, open_session, lan, [(salt, 2, 36899, 0)]),  # a đồng below: flagged
        make_sale(register, open_session, minh, [(salt, 1, 41000, 0)]),  # the price: fine
        make_sale(register, open_session, minh, [(salt, 1, 40999, 0)]),  # below, with no discount allowed
        make_sale(register, open_session, lan, [(salt, 1, 41000, 0), (paper, 1, 54000, 0)], discount=9600),  # 10.2 % off the sale
        make_sale(register, open_session, lan, [(paper, 3, 54000, 16200)]),  # a line discount of exactly 10 %
    ]
    results = sync(device_client, sales)["results"]
    assert [r["status"] for r in results] == ["accepted"] * 6
    flagged = ["PRICE_BELOW_BOOTH_PRICE" in flag_codes(r) for r in results]
    assert flagged == [False, True, False, True, True, False]
    assert [Sale.objects.get(uuid=s["uuid"]).needs_review for s in sales] == [False, True, False, True, True, False]


def test_a_variant_the_booth_does_not_sell_is_flagged(device_client, register, open_session, cashiers, producer_products):
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    sale["lines"][0]["variantId"] = "UHJvZHVjdFZhcmlhbnQ6OTk5OTk5"  # ProductVariant:999999
    result = sync(device_client, [sale])["results"][0]
    assert result["status"] == "accepted" and "NOT_IN_BOOTH_CATALOG" in flag_codes(result)
    assert Sale.objects.get(uuid=sale["uuid"]).needs_review


def test_a_refund_below_the_price_is_not_a_price_problem(device_client, register, open_session, cashiers, producer_products):
    salt = producer_products[0]
    sale = make_sale(register, open_session, cashiers[0], [(salt, 1, 41000, 0)])
    refund = make_sale(
        register,
        open_session,
        cashiers[0],
        [(salt, 1, 20000, 0)],
        [{"method": "cash", "amount": 20000}],
        kind="refund",
        refund_of=sale["uuid"],
    )
    results = sync(device_client, [sale, refund])["results"]
    assert [flag_codes(r) for r in results] == [[], []]
