"""The sync API: per-sale accepted / duplicate / rejected, exactly once by the sale UUID, orders
in the core with orderBulkCreate (externalReference = sale UUID, fair channel, booth stock)."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from django.db import connection

from commerce.order.models import Order
from commerce.warehouse.models import Stock
from pos.models import PosSession, Sale, SyncRejection

from .conftest import make_sale

SYNC = "/pos/api/sales/sync"


def post(client, sales):
    return client.post(SYNC, data=json.dumps({"sales": sales}), content_type="application/json")


def booth_stock(booth, product) -> int:
    from graphql_relay import from_global_id

    warehouse_pk = from_global_id(booth.warehouse_id)[1]
    return Stock.objects.get(warehouse_id=warehouse_pk, product_variant_id=product.default_variant_id).quantity


def test_a_batch_is_recorded_once_and_becomes_orders_in_the_fair_channel(
    device_client, register, open_session, cashiers, producer_products, booth
):
    salt, paper = producer_products[0], producer_products[1]
    sales = [
        make_sale(register, open_session, cashiers[0], [(salt, 2, 41000, 0)], [{"method": "cash", "amount": 82000, "tendered": 100000}]),
        make_sale(
            register, open_session, cashiers[1], [(paper, 1, 54000, 0), (salt, 1, 41000, 0)], [{"method": "vietqr", "amount": 95000}]
        ),
    ]
    response = post(device_client, sales)
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["status"] for r in body["results"]] == ["accepted", "accepted"]
    assert body["accepted"] == 2
    orders = Order.objects.filter(external_reference__in=[s["uuid"] for s in sales])
    assert orders.count() == 2
    assert {o.channel.slug for o in orders} == {"fair-tay-ninh-2026"}
    assert {o.status for o in orders} == {"fulfilled"}
    first = orders.get(external_reference=sales[0]["uuid"])
    assert first.total_gross_amount == 82000
    # Paid at the booth: the core's order says so, with what was taken and how.
    assert {(o.charge_status, o.total_charged_amount) for o in orders} == {("full", 82000), ("full", 95000)}
    assert list(first.payment_transactions.values_list("name", "charged_value")) == [("Tiền mặt (POS)", 82000)]
    assert booth_stock(booth, salt) == 20 - 3
    assert booth_stock(booth, paper) == 20 - 1
    cash = Sale.objects.get(uuid=sales[0]["uuid"]).payments.get()
    assert (cash.tendered, cash.change) == (100000, 18000)
    recorded = Sale.objects.get(uuid=sales[0]["uuid"])
    assert recorded.order_id and recorded.order_number == str(first.number)

    # The whole batch again (the answer was lost): nothing new anywhere.
    again = post(device_client, sales).json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert Sale.objects.count() == 2 and Order.objects.count() == 2
    assert booth_stock(booth, salt) == 17


def test_bad_sales_are_rejected_with_a_reason_and_kept_for_staff(device_client, register, open_session, cashiers, producer_products):
    good = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    wrong_total = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    wrong_total["total"] = 40000
    underpaid = make_sale(
        register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)], [{"method": "cash", "amount": 30000, "tendered": 30000}]
    )
    no_uuid = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    no_uuid["uuid"] = "not-a-uuid"
    body = post(device_client, [good, wrong_total, underpaid, no_uuid]).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "rejected", "rejected", "rejected"]
    assert "40000" in body["results"][1]["errors"][0]
    assert "paid" in body["results"][2]["errors"][0]
    assert SyncRejection.objects.count() == 3
    assert Sale.objects.count() == 1


def test_the_same_sale_twice_in_one_batch_counts_once(device_client, register, open_session, cashiers, producer_products):
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    body = post(device_client, [sale, sale]).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "duplicate"]
    assert Order.objects.filter(external_reference=sale["uuid"]).count() == 1


def test_short_stock_is_recorded_and_flagged(device_client, register, open_session, cashiers, producer_products, booth):
    salt = producer_products[0]
    sale = make_sale(register, open_session, cashiers[0], [(salt, 25, 41000, 0)])
    assert post(device_client, [sale]).json()["results"][0]["status"] == "accepted"
    recorded = Sale.objects.get(uuid=sale["uuid"])
    assert recorded.order_id and recorded.stock_short and recorded.needs_review
    assert booth_stock(booth, salt) == -5  # the goods left the booth; the count shows how many were missing


def test_a_sale_for_a_closed_session_goes_to_a_flagged_rescue_session(device_client, register, open_session, cashiers, producer_products):
    from pos.services.sessions import close_session

    late = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    close_session(open_session, cashiers[0], 500000)
    assert post(device_client, [late]).json()["results"][0]["status"] == "accepted"
    sale = Sale.objects.get(uuid=late["uuid"])
    assert sale.rescued and sale.needs_review
    assert sale.session.is_rescue and sale.session.rescued_from == open_session and sale.session.needs_review
    assert open_session.z_report.data["sales"]["count"] == 0  # the printed Z-report is not changed after the fact
    another = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    post(device_client, [another])
    assert Sale.objects.get(uuid=another["uuid"]).session == sale.session  # one rescue session, reused
    assert PosSession.objects.filter(is_rescue=True).count() == 1


def test_a_discount_over_the_cashiers_limit_is_recorded_and_flagged(device_client, register, open_session, cashiers, producer_products):
    minh = cashiers[1]  # may give no discount
    sale = make_sale(register, open_session, minh, [(producer_products[0], 1, 41000, 5000)])
    post(device_client, [sale])
    recorded = Sale.objects.get(uuid=sale["uuid"])
    assert recorded.needs_review and "limit" in recorded.review_note


def test_device_token_is_required(client, register, open_session, cashiers, producer_products):
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    assert post(client, [sale]).status_code == 401
    from django.test import Client

    forged = Client(HTTP_AUTHORIZATION="Device not-a-token")
    assert post(forged, [sale]).status_code == 401
    assert Sale.objects.count() == 0


def test_sync_is_rate_limited_per_register(device_client, register, open_session, cashiers, producer_products, settings):
    settings.POS_RATE_LIMIT_SYNC = 3
    statuses = [post(device_client, []).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.django_db(transaction=True)
def test_two_copies_of_a_batch_racing_record_each_sale_once(register_token, open_session, cashiers, producer_products):
    """A client that retried while its first request was still running: both requests run at
    the same time in two connections; the UNIQUE constraint decides, not a look-up."""
    from django.test import Client

    register, token = register_token
    sales = [make_sale(register, open_session, cashiers[i % 2], [(producer_products[i % 4], 1, 41000, 0)]) for i in range(30)]
    results, barrier = [], threading.Barrier(2)

    def send():
        try:
            barrier.wait()
            results.append(post(Client(HTTP_AUTHORIZATION=f"Device {token}"), sales).json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(results) == 2
    assert sorted(r["accepted"] for r in results) == [0, 30]
    assert sorted(r["duplicate"] for r in results) == [0, 30]
    assert Sale.objects.count() == 30
    assert Order.objects.filter(external_reference__in=[s["uuid"] for s in sales]).count() == 30


def test_a_push_whose_answer_was_lost_links_the_existing_order(device_client, register, open_session, cashiers, producer_products):
    """The core made the order but the POS never recorded it (crash between the two): the next
    push gets UNIQUE from the core and links the order instead of making another."""
    from pos.services import orders

    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    post(device_client, [sale])
    recorded = Sale.objects.get(uuid=sale["uuid"])
    order_id = recorded.order_id
    Sale.objects.filter(pk=recorded.pk).update(order_id="", order_number="")  # as if the link was never written
    assert orders.push_pending(register) == 1
    recorded.refresh_from_db()
    assert recorded.order_id == order_id and not recorded.order_error
    assert Order.objects.filter(external_reference=sale["uuid"]).count() == 1


def test_a_refund_goes_back_on_the_orders_payments_once(device_client, register, open_session, cashiers, producer_products):
    from commerce.payment.models import TransactionItem
    from pos.services import orders as pushing

    salt = producer_products[0]
    sale = make_sale(register, open_session, cashiers[0], [(salt, 2, 41000, 0)], [{"method": "cash", "amount": 82000, "tendered": 100000}])
    refund = make_sale(
        register,
        open_session,
        cashiers[0],
        [(salt, 1, 41000, 0)],
        [{"method": "cash", "amount": 41000}],
        kind="refund",
        refund_of=sale["uuid"],
    )
    body = post(device_client, [sale, refund]).json()
    assert body["accepted"] == 2
    order = Order.objects.get(external_reference=sale["uuid"])
    recorded = Sale.objects.get(uuid=refund["uuid"])
    assert recorded.order_id and recorded.order_number == str(order.number) and not recorded.order_error
    cash = TransactionItem.objects.get(order=order)
    assert (cash.charged_value, cash.refunded_value) == (41000, 41000)
    order.refresh_from_db()
    assert order.total_charged_amount == 41000 and order.charge_status == "partial"

    # The push died after the core took the refund, before the link was written: the retry
    # finds its own refund on the order's payments and refunds nothing more.
    Sale.objects.filter(pk=recorded.pk).update(order_id="", order_number="")
    pushing.push_pending(register)
    cash.refresh_from_db()
    assert cash.refunded_value == 41000 and Sale.objects.get(pk=recorded.pk).order_id

    # More back than the order holds: refunded as far as it goes, and flagged for staff.
    too_much = make_sale(
        register,
        open_session,
        cashiers[0],
        [(salt, 2, 41000, 0)],
        [{"method": "cash", "amount": 82000}],
        kind="refund",
        refund_of=sale["uuid"],
    )
    post(device_client, [too_much])
    flagged = Sale.objects.get(uuid=too_much["uuid"])
    assert flagged.needs_review and "more than the order still holds" in flagged.order_error and not flagged.order_id
    cash.refresh_from_db()
    assert cash.charged_value == 0
