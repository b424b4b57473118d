"""Importing orders made elsewhere — the fair POS uploads its sales — as Saleor's
orderBulkCreate does. Each order names its externalReference (unique: an upload retried after
a dropped connection cannot create the order twice).

    create_bulk_orders(rows, *, stock_update_policy, ignore_failed, all_or_nothing, user, app)
        -> [(Order | None, [warnings], ValidationError | None)] in row order

stock_update_policy:
    "skip"   — stock untouched (the goods were counted elsewhere);
    "update" — goods leave stock: FULFILLED orders take quantity out of the line's warehouse,
               others allocate it; when a warehouse is short the row fails with
               INSUFFICIENT_STOCK (under IGNORE_FAILED the order is kept without the stock
               change, flagged by an OVERSOLD_ITEMS event and the returned warning);
    "force"  — as update, even below zero (flagged the same way).
Stock rows are locked in id order like every other stock writer.

A batch is checked in memory first — the external references it could collide with read in
one query, every stock it touches locked once, shortfalls worked out row after row as the
earlier rows of the batch leave them — and then written table by table with bulk inserts:
some fifteen statements for a batch of fifty orders instead of fifteen per order. A row that
fails is never written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, transaction
from graphene.relay import Node

from commerce.account.address import clean_address
from commerce.account.models import Address
from commerce.core.validation import ErrorCollector, error
from commerce.payment.models import IMPORTED, TransactionEvent, TransactionEventType, TransactionItem
from commerce.warehouse.locking import bulk_add, lock_stocks
from commerce.warehouse.models import Allocation, Stock

from .models import Fulfillment, FulfillmentLine, Order, OrderEvent, OrderEvents, OrderLine, OrderOrigin, OrderStatus
from .services import update_charge_status

SKIP, UPDATE, FORCE = "skip", "update", "force"


@dataclass
class _Planned:
    """One accepted row, built in memory and not yet written."""

    index: int
    row: dict
    order: Order
    addresses: dict  # "billing_address" / "shipping_address" → unsaved Address
    lines: list  # unsaved OrderLine, in row["lines"] order
    warnings: list = field(default_factory=list)  # (path, code, sku or name): stock short, kept
    stock_by_line: list = field(default_factory=list)  # the Stock each line's goods came from, or None
    allocations: list = field(default_factory=list)


def _address(data, path) -> Address | None:
    if not data:
        return None
    data = dict(data)
    skip = bool(data.pop("skip_validation", False))
    try:
        cleaned = clean_address(data, skip_validation=skip)
    except DjangoValidationError as exc:
        collector = ErrorCollector()
        collector.extend(exc, prefix=path)
        collector.raise_if_any()
    return Address(**cleaned)


def _plan_order(index: int, row: dict, taken_references: set) -> _Planned:
    """Check a resolved row and build its order and lines in memory; ValidationError if not."""
    channel = row["channel"]
    if row["currency"] != channel.currency_code:
        raise error("currency", "INCORRECT_CURRENCY", f"Currency {row['currency']} differs from the channel's {channel.currency_code}.")
    reference = row.get("external_reference")
    if reference and reference in taken_references:
        raise error("externalReference", "UNIQUE", f"Order with external_reference: {reference} already exists.")
    errors = ErrorCollector()
    for line_index, line in enumerate(row["lines"]):
        if line["quantity"] <= 0:
            errors.add(f"lines.{line_index}.quantity", "INVALID_QUANTITY", "Invalid quantity. Must be larger than 0.")
        if line["total_gross"] < line["total_net"]:
            errors.add(f"lines.{line_index}.totalPrice", "PRICE_ERROR", "Net price can't be greater then gross price.")
    errors.raise_if_any()
    addresses = {
        "billing_address": _address(row.get("billing_address"), "billingAddress"),
        "shipping_address": _address(row.get("shipping_address"), "shippingAddress"),
    }
    status = row.get("status") or OrderStatus.UNFULFILLED
    delivery = row.get("delivery") or {}
    shipping_gross = delivery.get("price_gross") or Decimal(0)
    shipping_net = delivery.get("price_net") or Decimal(0)
    subtotal_gross = sum((l["total_gross"] for l in row["lines"]), Decimal(0))
    subtotal_net = sum((l["total_net"] for l in row["lines"]), Decimal(0))
    undiscounted = sum((l.get("undiscounted_gross") or l["total_gross"] for l in row["lines"]), Decimal(0))
    customer = row.get("customer")
    warehouse = delivery.get("warehouse")
    order = Order(
        external_reference=reference,
        status=status,
        origin=OrderOrigin.BULK_CREATE,
        channel=channel,
        user=customer,
        user_email=row.get("email") or (customer.email if customer else ""),
        language_code=row.get("language_code") or "vi",
        shipping_method=delivery.get("shipping_method"),
        shipping_method_name=delivery.get("shipping_method_name")
        or (delivery["shipping_method"].name if delivery.get("shipping_method") else None),
        collection_point=warehouse,
        collection_point_name=warehouse.name if warehouse else delivery.get("warehouse_name"),
        currency=row["currency"],
        shipping_price_net_amount=shipping_net,
        shipping_price_gross_amount=shipping_gross,
        subtotal_net_amount=subtotal_net,
        subtotal_gross_amount=subtotal_gross,
        undiscounted_total_net_amount=undiscounted + shipping_gross,
        undiscounted_total_gross_amount=undiscounted + shipping_gross,
        total_net_amount=subtotal_net + shipping_net,
        total_gross_amount=subtotal_gross + shipping_gross,
        customer_note=row.get("customer_note") or "",
        metadata=row.get("metadata") or {},
        voucher_code=row.get("voucher_code"),
    )
    if row.get("created_at"):
        order.created_at = row["created_at"]
    payments = row.get("transactions") or []
    order.total_charged_amount = sum((t["charged"] for t in payments), Decimal(0))
    order.total_authorized_amount = sum((t["authorized"] for t in payments), Decimal(0))
    update_charge_status(order, save=False)
    lines = []
    for spec in row["lines"]:
        variant = spec.get("variant")
        quantity = spec["quantity"]
        undiscounted_total = spec.get("undiscounted_gross") or spec["total_gross"]
        lines.append(
            OrderLine(
                order=order,
                variant=variant,
                product_name=spec.get("product_name") or (variant.product.name if variant else ""),
                variant_name=spec.get("variant_name") or (variant.name if variant else ""),
                product_sku=spec.get("product_sku") or (variant.sku if variant else None),
                product_variant_id=Node.to_global_id("ProductVariant", variant.pk) if variant else None,
                is_shipping_required=spec.get("is_shipping_required", True),
                quantity=quantity,
                quantity_fulfilled=quantity if status == OrderStatus.FULFILLED else 0,
                currency=row["currency"],
                unit_price_net_amount=spec["total_net"] / quantity,
                unit_price_gross_amount=spec["total_gross"] / quantity,
                undiscounted_unit_price_gross_amount=undiscounted_total / quantity,
                total_price_net_amount=spec["total_net"],
                total_price_gross_amount=spec["total_gross"],
                undiscounted_total_price_gross_amount=undiscounted_total,
                metadata=spec.get("metadata") or {},
            )
        )
    return _Planned(index, row, order, addresses, lines, stock_by_line=[None] * len(lines))


def _moves_stock(planned: _Planned, policy: str) -> bool:
    return policy != SKIP and planned.order.status not in (OrderStatus.CANCELED, OrderStatus.DRAFT)


def _lock_batch_stocks(planned: list[_Planned], policy: str) -> dict:
    """(warehouse pk, variant pk) → Stock, locked, for every line of the batch that moves stock."""
    pairs = {
        (spec["warehouse"].pk, spec["variant"].pk)
        for p in planned
        if _moves_stock(p, policy)
        for spec in p.row["lines"]
        if spec.get("variant") is not None
    }
    if not pairs:
        return {}
    candidates = Stock.objects.filter(warehouse_id__in={w for w, _ in pairs}, product_variant_id__in={v for _, v in pairs}).values_list(
        "pk", "warehouse_id", "product_variant_id"
    )
    locked = lock_stocks(pk for pk, warehouse, variant in candidates if (warehouse, variant) in pairs)
    return {(s.warehouse_id, s.product_variant_id): s for s in locked.values()}


def _take_stock(planned: _Planned, stocks: dict, policy: str, ignore_failed: bool, quantity_delta: dict, allocated_delta: dict) -> None:
    """Work out one order's stock movement against the stock the rows before it left, and add it
    to the batch's deltas; ValidationError (nothing added) when the order cannot be taken."""
    fulfilled = planned.order.status == OrderStatus.FULFILLED
    own_quantity: dict = {}
    own_allocated: dict = {}
    errors = ErrorCollector()
    for index, (line, spec) in enumerate(zip(planned.lines, planned.row["lines"])):
        variant = spec.get("variant")
        if variant is None or not variant.track_inventory:
            continue
        stock = stocks.get((spec["warehouse"].pk, variant.pk))
        if stock is None:
            errors.add(f"lines.{index}.warehouse", "NON_EXISTING_STOCK", "Stock for given warehouse and variant doesn't exist.")
            continue
        planned.stock_by_line[index] = stock
        quantity = stock.quantity + quantity_delta.get(stock.pk, 0) + own_quantity.get(stock.pk, 0)
        allocated = stock.quantity_allocated + allocated_delta.get(stock.pk, 0) + own_allocated.get(stock.pk, 0)
        # A fulfilled order takes goods off the shelf; anything else only claims them.
        free = quantity - allocated
        short = line.quantity > free
        if short:
            if policy == UPDATE and not ignore_failed:
                message = (
                    f"Insufficient stock for product variant: {Node.to_global_id('ProductVariant', variant.pk)} "
                    f"and warehouse: {Node.to_global_id('Warehouse', stock.warehouse_id)}."
                )
                errors.add(f"lines.{index}", "INSUFFICIENT_STOCK", message)
                continue
            planned.warnings.append((f"lines.{index}", "INSUFFICIENT_STOCK", line.product_sku or line.product_name))
            if policy == UPDATE:  # IGNORE_FAILED: kept, flagged, stock untouched
                continue
        if fulfilled:
            own_quantity[stock.pk] = own_quantity.get(stock.pk, 0) - line.quantity
        else:
            own_allocated[stock.pk] = own_allocated.get(stock.pk, 0) + line.quantity
            planned.allocations.append(Allocation(order_line=line, stock=stock, quantity_allocated=line.quantity))
    errors.raise_if_any()
    for pk, delta in own_quantity.items():
        quantity_delta[pk] = quantity_delta.get(pk, 0) + delta
    for pk, delta in own_allocated.items():
        allocated_delta[pk] = allocated_delta.get(pk, 0) + delta


def _order_numbers(count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('order_order_number_seq') FROM generate_series(1, %s)", [count])
        return sorted(number for (number,) in cursor.fetchall())


def _write(planned: list[_Planned], quantity_delta: dict, allocated_delta: dict, user, app) -> None:
    """Insert the accepted orders table by table; addresses and orders first, as the rest
    points at them."""
    addresses = [(p, kind, a) for p in planned for kind, a in p.addresses.items() if a is not None]
    Address.objects.bulk_create([a for _, _, a in addresses])
    for p, kind, address in addresses:
        setattr(p.order, kind, address)
    for p, number in zip(planned, _order_numbers(len(planned))):
        p.order.number = number
    Order.objects.bulk_create([p.order for p in planned])
    OrderLine.objects.bulk_create([line for p in planned for line in p.lines])
    Allocation.objects.bulk_create([a for p in planned for a in p.allocations])
    bulk_add("quantity", quantity_delta)
    bulk_add("quantity_allocated", allocated_delta)

    # What each warehouse handed over for a fulfilled order: one fulfillment per warehouse.
    fulfillments, fulfillment_lines = [], []
    for p in planned:
        if p.order.status != OrderStatus.FULFILLED:
            continue
        by_warehouse: dict = {}
        for line, spec, stock in zip(p.lines, p.row["lines"], p.stock_by_line):
            by_warehouse.setdefault(spec["warehouse"].pk, (spec["warehouse"], []))[1].append((line, stock))
        for number, (warehouse, items) in enumerate(by_warehouse.values(), start=1):
            fulfillment = Fulfillment(order=p.order, fulfillment_order=number, warehouse=warehouse)
            fulfillments.append(fulfillment)
            fulfillment_lines += [(fulfillment, line, stock) for line, stock in items]
    Fulfillment.objects.bulk_create(fulfillments)
    FulfillmentLine.objects.bulk_create(
        [FulfillmentLine(fulfillment=f, order_line=line, quantity=line.quantity, stock=stock) for f, line, stock in fulfillment_lines]
    )

    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    _write_transactions(planned, user, app)
    events = []
    for p in planned:
        events.append(OrderEvent(order=p.order, type=OrderEvents.PLACED, user=user, app=app, parameters={"source": "bulk_create"}))
        if p.warnings:
            events.append(
                OrderEvent(
                    order=p.order,
                    type=OrderEvents.OVERSOLD_ITEMS,
                    user=user,
                    app=app,
                    parameters={"oversold_items": [w[2] for w in p.warnings]},
                )
            )
    OrderEvent.objects.bulk_create(events)


def _write_transactions(planned: list[_Planned], user, app) -> None:
    """The payments an imported order came with, each with its success events, as a payment
    app reporting them would leave them."""
    items, amounts = [], []
    for p in planned:
        for entry in p.row.get("transactions") or []:
            items.append(
                TransactionItem(
                    order=p.order,
                    gateway=IMPORTED,
                    name=entry["name"],
                    message=entry["message"],
                    psp_reference=entry["psp_reference"],
                    available_actions=entry["available_actions"],
                    currency=p.order.currency,
                    external_url=entry["external_url"],
                    authorized_value=entry["authorized"],
                    charged_value=entry["charged"],
                    metadata=entry["metadata"],
                    created_by_user=user,
                    created_by_app=app,
                )
            )
            amounts.append((entry["authorized"], entry["charged"]))
    if not items:
        return
    TransactionItem.objects.bulk_create(items)
    events = []
    for item, (authorized, charged) in zip(items, amounts):
        for kind, amount in ((TransactionEventType.AUTHORIZATION_SUCCESS, authorized), (TransactionEventType.CHARGE_SUCCESS, charged)):
            if amount:
                events.append(
                    TransactionEvent(
                        transaction=item,
                        type=kind,
                        amount_value=amount,
                        currency=item.currency,
                        psp_reference=item.psp_reference,
                        message=item.name,
                        created_by_user=user,
                        created_by_app=app,
                    )
                )
    TransactionEvent.objects.bulk_create(events)


@transaction.atomic
def create_bulk_orders(
    rows: list, *, stock_update_policy: str = UPDATE, ignore_failed: bool = False, all_or_nothing: bool = False, user=None, app=None
) -> list[tuple]:
    """rows: resolved rows — channel, customer (User|None), email, lines [{variant, warehouse,
    quantity, total_gross, total_net, undiscounted_gross, product_name, variant_name,
    product_sku, is_shipping_required, metadata}], status, created_at, currency,
    external_reference, billing_address, shipping_address, language_code, customer_note,
    metadata, delivery {shipping_method, shipping_method_name, warehouse, price_gross,
    price_net} — or the ValidationError resolving a row raised.

    Returns (order or None, warnings, error or None) per row. With `all_or_nothing` one failed
    row means nothing is written. The batch is its own transaction (a savepoint inside the
    caller's): an IntegrityError (an order with one of the references committed meanwhile by
    another import) rolls back the whole batch and nothing else."""
    outcomes: list = [None] * len(rows)
    references = {r.get("external_reference") for r in rows if isinstance(r, dict) and r.get("external_reference")}
    taken = set(Order.objects.filter(external_reference__in=references).values_list("external_reference", flat=True))
    planned: list[_Planned] = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            outcomes[index] = (None, [], row)
            continue
        try:
            plan = _plan_order(index, row, taken)
        except (DjangoValidationError,) as exc:
            outcomes[index] = (None, [], exc)
            continue
        if row.get("external_reference"):
            taken.add(row["external_reference"])  # a second row with it in this batch is refused
        planned.append(plan)

    stocks = _lock_batch_stocks(planned, stock_update_policy)
    quantity_delta: dict = {}
    allocated_delta: dict = {}
    accepted = []
    for plan in planned:
        if _moves_stock(plan, stock_update_policy):
            try:
                _take_stock(plan, stocks, stock_update_policy, ignore_failed, quantity_delta, allocated_delta)
            except DjangoValidationError as exc:
                outcomes[plan.index] = (None, [], exc)
                continue
        accepted.append(plan)
    written = not (all_or_nothing and len(accepted) != len(rows))
    if accepted and written:
        _write(accepted, quantity_delta, allocated_delta, user, app)
    for plan in accepted:
        outcomes[plan.index] = (plan.order if written else None, plan.warnings, None)
    return outcomes
