"""Orders after checkout: who may read them, fulfilment per warehouse, cancellation, and the
POS import (orderBulkCreate)."""

from decimal import Decimal

import pytest
from graphene.relay import Node

from commerce.order.models import Order, OrderEvent
from commerce.warehouse.models import Allocation, Stock
from tests.conftest import assert_no_permission, get_graphql_content

pytestmark = pytest.mark.django_db

ORDER = "query($id: ID!) { order(id: $id) { id number status userEmail lines { productName quantity } } }"
ORDERS = """query($search: String, $sort: OrderSortingInput, $filter: OrderFilterInput) {
  orders(first: 10, search: $search, sortBy: $sort, filter: $filter) { totalCount edges { node { number chargeStatus } } } }"""
ME_ORDERS = "{ me { orders(first: 10) { totalCount edges { node { number lines { productSku } } } } } }"
FULFILL = """mutation($order: ID!, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) {
    order { status lines { quantityFulfilled quantityToFulfill } fulfillments { fulfillmentOrder status warehouse { slug } lines { quantity } } }
    errors { field code message orderLines warehouse } } }"""
CANCEL = "mutation($id: ID!) { orderCancel(id: $id) { order { status } errors { field code } } }"
BULK = """mutation($orders: [OrderBulkCreateInput!]!, $policy: ErrorPolicyEnum, $stock: StockUpdatePolicyEnum) {
  orderBulkCreate(orders: $orders, errorPolicy: $policy, stockUpdatePolicy: $stock) {
    count results { order { number status externalReference total { gross { amount } } lines { productSku quantity quantityFulfilled } } errors { path code message } }
    errors { path code } } }"""


def gid(type_name, pk):
    return Node.to_global_id(type_name, pk)


def test_order_visible_to_owner_and_staff_only(api_client, user_api_client, staff_api_client, customer_user, product, place_order):
    order = place_order(product, user=customer_user, email=customer_user.email)
    variables = {"id": gid("Order", order.pk)}
    assert get_graphql_content(user_api_client.post_graphql(ORDER, variables))["data"]["order"]["number"] == str(order.number)
    assert_no_permission(api_client.post_graphql(ORDER, variables))
    assert_no_permission(staff_api_client.post_graphql(ORDER, variables))
    data = get_graphql_content(staff_api_client.post_graphql(ORDER, variables, permissions=["MANAGE_ORDERS"]))["data"]["order"]
    assert data["lines"] == [{"productName": product.name, "quantity": 2}]
    me = get_graphql_content(user_api_client.post_graphql(ME_ORDERS))["data"]["me"]["orders"]
    assert me["totalCount"] == 1 and me["edges"][0]["node"]["lines"] == [{"productSku": product.default_variant.sku}]


def test_orders_list_is_for_staff_with_search_and_sort(staff_api_client, user_api_client, product, place_order):
    first = place_order(product, quantity=1, email="lan@example.com")
    second = place_order(product, quantity=1, email="minh@example.com")
    assert_no_permission(user_api_client.post_graphql(ORDERS))
    data = get_graphql_content(staff_api_client.post_graphql(ORDERS, {}, permissions=["MANAGE_ORDERS"]))["data"]["orders"]
    assert [e["node"]["number"] for e in data["edges"]] == [str(second.number), str(first.number)]
    asc = get_graphql_content(staff_api_client.post_graphql(ORDERS, {"sort": {"field": "NUMBER", "direction": "ASC"}}))["data"]["orders"]
    assert [e["node"]["number"] for e in asc["edges"]] == [str(first.number), str(second.number)]
    found = get_graphql_content(staff_api_client.post_graphql(ORDERS, {"search": "minh@"}))["data"]["orders"]
    assert [e["node"]["number"] for e in found["edges"]] == [str(second.number)]
    none_paid = get_graphql_content(staff_api_client.post_graphql(ORDERS, {"filter": {"chargeStatus": ["FULL"]}}))["data"]["orders"]
    assert none_paid["totalCount"] == 0


def test_fulfil_per_warehouse_takes_goods_out_of_stock(staff_api_client, product, place_order, warehouse):
    order = place_order(product, quantity=3)
    line = order.lines.get()
    refused = staff_api_client.post_graphql(FULFILL, {"order": gid("Order", order.pk), "input": {"lines": []}})
    assert_no_permission(refused)
    variables = {
        "order": gid("Order", order.pk),
        "input": {
            "lines": [{"orderLineId": gid("OrderLine", line.pk), "stocks": [{"quantity": 2, "warehouse": gid("Warehouse", warehouse.pk)}]}]
        },
    }
    data = get_graphql_content(staff_api_client.post_graphql(FULFILL, variables, permissions=["MANAGE_ORDERS"]))["data"]["orderFulfill"]
    assert data["errors"] == []
    assert data["order"]["status"] == "PARTIALLY_FULFILLED"
    assert data["order"]["lines"] == [{"quantityFulfilled": 2, "quantityToFulfill": 1}]
    assert data["order"]["fulfillments"] == [
        {"fulfillmentOrder": 1, "status": "FULFILLED", "warehouse": {"slug": warehouse.slug}, "lines": [{"quantity": 2}]}
    ]
    stock = Stock.objects.get(product_variant=product.default_variant)
    assert (stock.quantity, stock.quantity_allocated) == (8, 1)
    # More than remains on the line: refused with Saleor's code, nothing changes.
    variables["input"]["lines"][0]["stocks"][0]["quantity"] = 2
    over = get_graphql_content(staff_api_client.post_graphql(FULFILL, variables))["data"]["orderFulfill"]
    assert [e["code"] for e in over["errors"]] == ["FULFILL_ORDER_LINE"]
    variables["input"]["lines"][0]["stocks"][0]["quantity"] = 1
    rest = get_graphql_content(staff_api_client.post_graphql(FULFILL, variables))["data"]["orderFulfill"]
    assert rest["order"]["status"] == "FULFILLED"
    stock.refresh_from_db()
    assert (stock.quantity, stock.quantity_allocated) == (7, 0)
    assert not Allocation.objects.exists()
    # Canceling a fulfilled order is refused.
    assert [
        e["code"]
        for e in get_graphql_content(staff_api_client.post_graphql(CANCEL, {"id": gid("Order", order.pk)}))["data"]["orderCancel"]["errors"]
    ] == ["CANNOT_CANCEL_ORDER"]


def test_cancel_releases_allocations(staff_api_client, app_api_client, product, place_order):
    order = place_order(product, quantity=4)
    assert Stock.objects.get(product_variant=product.default_variant).quantity_allocated == 4
    assert_no_permission(app_api_client.post_graphql(CANCEL, {"id": gid("Order", order.pk)}))
    data = get_graphql_content(app_api_client.post_graphql(CANCEL, {"id": gid("Order", order.pk)}, permissions=["MANAGE_ORDERS"]))["data"][
        "orderCancel"
    ]
    assert data == {"order": {"status": "CANCELED"}, "errors": []}
    stock = Stock.objects.get(product_variant=product.default_variant)
    assert (stock.quantity, stock.quantity_allocated) == (10, 0)
    assert OrderEvent.objects.filter(order=order, type="canceled", app__isnull=False).exists()


def _pos_order(product, warehouse, ref="POS-BOOTH1-0001", quantity=2, status="FULFILLED", sku=None):
    return {
        "externalReference": ref,
        "channel": "online",
        "createdAt": "2026-01-10T09:30:00+07:00",
        "status": status,
        "user": {"email": "walkin@example.com"},
        "currency": "VND",
        "languageCode": "VI",
        "billingAddress": {"streetAddress1": "Gian hàng 12, Hội chợ OCOP", "city": "Phường Tân Ninh", "countryArea": "Tây Ninh"},
        "lines": [
            {
                "variantSku": sku or product.default_variant.sku,
                "productName": product.name,
                "createdAt": "2026-01-10T09:30:00+07:00",
                "isShippingRequired": False,
                "isGiftCard": False,
                "quantity": quantity,
                "totalPrice": {"gross": 45000 * quantity, "net": 45000 * quantity},
                "undiscountedTotalPrice": {"gross": 45000 * quantity, "net": 45000 * quantity},
                "warehouse": gid("Warehouse", warehouse.pk),
            }
        ],
    }


def test_bulk_create_pos_sales_updates_stock_and_refuses_duplicates(app_api_client, product, warehouse):
    rows = [_pos_order(product, warehouse)]
    assert_no_permission(app_api_client.post_graphql(BULK, {"orders": rows}))
    data = get_graphql_content(app_api_client.post_graphql(BULK, {"orders": rows}, permissions=["MANAGE_ORDERS_IMPORT"]))["data"][
        "orderBulkCreate"
    ]
    assert data["count"] == 1 and data["results"][0]["errors"] == []
    order = data["results"][0]["order"]
    assert order["status"] == "FULFILLED" and order["externalReference"] == "POS-BOOTH1-0001"
    assert order["total"]["gross"]["amount"] == 90000.0
    assert order["lines"] == [{"productSku": product.default_variant.sku, "quantity": 2, "quantityFulfilled": 2}]
    stock = Stock.objects.get(product_variant=product.default_variant)
    assert (stock.quantity, stock.quantity_allocated) == (8, 0)
    # The booth's tablet retries the upload: the order is not created twice.
    again = get_graphql_content(app_api_client.post_graphql(BULK, {"orders": rows}))["data"]["orderBulkCreate"]
    assert again["count"] == 0 and [e["code"] for e in again["results"][0]["errors"]] == ["UNIQUE"]
    assert Order.objects.count() == 1
    assert Stock.objects.get(pk=stock.pk).quantity == 8


def test_bulk_create_short_stock_by_policy(app_api_client, product, warehouse):
    app_api_client.post_graphql(BULK, {"orders": []}, permissions=["MANAGE_ORDERS_IMPORT"])
    short = [_pos_order(product, warehouse, ref="R1", quantity=12), _pos_order(product, warehouse, ref="R2", quantity=1)]
    # REJECT_EVERYTHING (default): nothing is written.
    data = get_graphql_content(app_api_client.post_graphql(BULK, {"orders": short}))["data"]["orderBulkCreate"]
    assert data["count"] == 0 and [e["code"] for e in data["results"][0]["errors"]] == ["INSUFFICIENT_STOCK"]
    assert Order.objects.count() == 0 and Stock.objects.get(product_variant=product.default_variant).quantity == 10
    # REJECT_FAILED_ROWS: the good row goes in.
    data = get_graphql_content(app_api_client.post_graphql(BULK, {"orders": short, "policy": "REJECT_FAILED_ROWS"}))["data"][
        "orderBulkCreate"
    ]
    assert data["count"] == 1 and data["results"][1]["order"]["externalReference"] == "R2"
    assert Stock.objects.get(product_variant=product.default_variant).quantity == 9
    # IGNORE_FAILED: the sale happened, so it is recorded, stock left alone and the row flagged.
    data = get_graphql_content(
        app_api_client.post_graphql(BULK, {"orders": [_pos_order(product, warehouse, ref="R3", quantity=12)], "policy": "IGNORE_FAILED"})
    )["data"]["orderBulkCreate"]
    assert data["count"] == 1 and [e["code"] for e in data["results"][0]["errors"]] == ["INSUFFICIENT_STOCK"]
    assert OrderEvent.objects.filter(order__external_reference="R3", type="oversold_items").exists()
    assert Stock.objects.get(product_variant=product.default_variant).quantity == 9
    # FORCE: stock goes down anyway (below zero), flagged the same way.
    data = get_graphql_content(
        app_api_client.post_graphql(BULK, {"orders": [_pos_order(product, warehouse, ref="R4", quantity=12)], "stock": "FORCE"})
    )["data"]["orderBulkCreate"]
    assert data["count"] == 1
    assert Stock.objects.get(product_variant=product.default_variant).quantity == -3
    # SKIP: stock untouched.
    data = get_graphql_content(
        app_api_client.post_graphql(BULK, {"orders": [_pos_order(product, warehouse, ref="R5", quantity=1)], "stock": "SKIP"})
    )["data"]["orderBulkCreate"]
    assert data["count"] == 1 and Stock.objects.get(product_variant=product.default_variant).quantity == -3


def test_bulk_create_unknown_sku_and_address(app_api_client, product, warehouse):
    row = _pos_order(product, warehouse, sku="NO-SUCH-SKU")
    data = get_graphql_content(app_api_client.post_graphql(BULK, {"orders": [row]}, permissions=["MANAGE_ORDERS_IMPORT"]))["data"][
        "orderBulkCreate"
    ]
    assert [(e["path"], e["code"]) for e in data["results"][0]["errors"]] == [("lines.0.variantSku", "NOT_FOUND")]
    row = _pos_order(product, warehouse)
    row["billingAddress"]["countryArea"] = "Bình Dương"  # merged into Hồ Chí Minh City in 2025
    data = get_graphql_content(app_api_client.post_graphql(BULK, {"orders": [row]}))["data"]["orderBulkCreate"]
    assert [(e["path"], e["code"]) for e in data["results"][0]["errors"]] == [("billingAddress.countryArea", "INVALID")]


def test_bulk_create_batch_shares_stock_row_after_row_and_refuses_a_repeated_reference(app_api_client, product, warehouse):
    # 10 in stock: 6 + 3 fit, the next 3 do not (what the first two left), the last 1 does.
    rows = [
        _pos_order(product, warehouse, ref="B1", quantity=6),
        _pos_order(product, warehouse, ref="B2", quantity=3),
        _pos_order(product, warehouse, ref="B3", quantity=3),
        _pos_order(product, warehouse, ref="B1", quantity=1),
        _pos_order(product, warehouse, ref="B4", quantity=1),
    ]
    data = get_graphql_content(
        app_api_client.post_graphql(BULK, {"orders": rows, "policy": "REJECT_FAILED_ROWS"}, permissions=["MANAGE_ORDERS_IMPORT"])
    )["data"]["orderBulkCreate"]
    assert [r["order"]["externalReference"] if r["order"] else None for r in data["results"]] == ["B1", "B2", None, None, "B4"]
    assert [[e["code"] for e in r["errors"]] for r in data["results"]] == [[], [], ["INSUFFICIENT_STOCK"], ["UNIQUE"], []]
    assert data["count"] == 3
    stock = Stock.objects.get(product_variant=product.default_variant)
    assert (stock.quantity, stock.quantity_allocated) == (0, 0)
    numbers = sorted(Order.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 3
    assert OrderEvent.objects.filter(type="placed").count() == 3
    assert all(order.fulfillments.get().lines.get().stock_id == stock.pk for order in Order.objects.all())


def test_bulk_create_statement_count_does_not_grow_with_the_batch(app_api_client, product, warehouse, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Stock.objects.filter(product_variant=product.default_variant).update(quantity=1000)
    app_api_client.post_graphql(BULK, {"orders": []}, permissions=["MANAGE_ORDERS_IMPORT"])

    def statements(count: int, prefix: str) -> int:
        rows = [_pos_order(product, warehouse, ref=f"{prefix}{i}", quantity=1) for i in range(count)]
        with CaptureQueriesContext(connection) as queries:
            data = get_graphql_content(app_api_client.post_graphql(BULK, {"orders": rows}))["data"]["orderBulkCreate"]
        assert data["count"] == count
        return [q["sql"][:90] for q in queries]

    small, large = statements(2, "S"), statements(20, "L")
    assert len(small) == len(large), "\n".join(large)
    assert Stock.objects.get(product_variant=product.default_variant).quantity == 1000 - 22


def test_bulk_create_with_the_payments_taken_at_the_booth(app_api_client, product, warehouse):
    from commerce.payment.models import IMPORTED, TransactionItem

    query = """mutation($orders: [OrderBulkCreateInput!]!) { orderBulkCreate(orders: $orders, errorPolicy: REJECT_FAILED_ROWS) {
      results { order { chargeStatus totalCharged { amount } transactions { name pspReference chargedAmount { amount } } }
                errors { path code } } } }"""
    paid = _pos_order(product, warehouse, ref="PAID-1")  # 2 × 45,000
    paid["transactions"] = [
        {
            "name": "Tiền mặt",
            "pspReference": "B1-000001",
            "availableActions": ["REFUND"],
            "amountCharged": {"currency": "VND", "amount": 50000},
        },
        {"name": "VietQR", "pspReference": "FT123", "availableActions": ["REFUND"], "amountCharged": {"currency": "VND", "amount": 40000}},
    ]
    wrong = _pos_order(product, warehouse, ref="PAID-2")
    wrong["transactions"] = [{"name": "Thẻ", "amountCharged": {"currency": "USD", "amount": 4}}]
    data = get_graphql_content(
        app_api_client.post_graphql(query, {"orders": [paid, wrong]}, permissions=["MANAGE_ORDERS_IMPORT", "MANAGE_ORDERS"])
    )["data"]["orderBulkCreate"]
    first, second = data["results"]
    assert first["errors"] == [] and first["order"]["chargeStatus"] == "FULL"
    assert first["order"]["totalCharged"]["amount"] == 90000
    assert [(t["name"], t["pspReference"], t["chargedAmount"]["amount"]) for t in first["order"]["transactions"]] == [
        ("Tiền mặt", "B1-000001", 50000),
        ("VietQR", "FT123", 40000),
    ]
    assert second["order"] is None
    assert [(e["path"], e["code"]) for e in second["errors"]] == [("transactions.0.amountCharged.currency", "INCORRECT_CURRENCY")]
    item = TransactionItem.objects.get(psp_reference="FT123")
    assert item.gateway == IMPORTED and item.created_by_app is not None
    assert list(item.events.values_list("type", "amount_value")) == [("charge_success", 40000)]
