"""Importing orders made elsewhere — the fair POS uploads its sales — as Saleor's
orderBulkCreate does. Each order names its externalReference (unique: an upload retried after
a dropped connection cannot create the order twice).

    create_bulk_order(row, *, stock_update_policy, user=None, app=None) -> (Order, [warnings])

stock_update_policy:
    "skip"   — stock untouched (the goods were counted elsewhere);
    "update" — goods leave stock: FULFILLED orders take quantity out of the line's warehouse,
               others allocate it; when a warehouse is short the row fails with
               INSUFFICIENT_STOCK (under IGNORE_FAILED the order is kept without the stock
               change, flagged by an OVERSOLD_ITEMS event and the returned warning);
    "force"  — as update, even below zero (flagged the same way).
Stock rows are locked in id order like every other stock writer.
"""
from __future__ import annotations

from django.db import transaction

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from graphene.relay import Node

from commerce.account.address import clean_address
from commerce.account.models import Address
from commerce.core.validation import ErrorCollector, error
from commerce.warehouse.locking import bulk_add, lock_stocks
from commerce.warehouse.models import Allocation, Stock

from .models import Fulfillment, FulfillmentLine, Order, OrderEvents, OrderLine, OrderOrigin, OrderStatus
from .services import add_event, next_order_number, update_charge_status

SKIP, UPDATE, FORCE = "skip", "update", "force"


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
    return Address.objects.create(**cleaned)


@transaction.atomic
def create_bulk_order(row: dict, *, stock_update_policy: str = UPDATE, ignore_failed: bool = False, user=None, app=None):
    """row: cleaned input with resolved objects: channel, customer (User|None), email,
    lines [{variant, warehouse, quantity, total_gross, total_net, undiscounted_gross, product_name,
    variant_name, product_sku, is_shipping_required, metadata}], status, created_at, currency,
    external_reference, billing_address, shipping_address, language_code, customer_note,
    metadata, delivery {shipping_method, shipping_method_name, warehouse, price_gross, price_net}."""
    channel = row["channel"]
    if row["currency"] != channel.currency_code:
        raise error("currency", "INCORRECT_CURRENCY", f"Currency {row['currency']} differs from the channel's {channel.currency_code}.")
    if Order.objects.filter(external_reference=row.get("external_reference")).exists() and row.get("external_reference"):
        raise error("externalReference", "UNIQUE", f"Order with external_reference: {row['external_reference']} already exists.")
    errors = ErrorCollector()
    for index, line in enumerate(row["lines"]):
        if line["quantity"] <= 0:
            errors.add(f"lines.{index}.quantity", "INVALID_QUANTITY", "Invalid quantity. Must be larger than 0.")
        if line["total_gross"] < line["total_net"]:
            errors.add(f"lines.{index}.totalPrice", "PRICE_ERROR", "Net price can't be greater then gross price.")
    errors.raise_if_any()
    status = row.get("status") or OrderStatus.UNFULFILLED
    delivery = row.get("delivery") or {}
    shipping_gross = delivery.get("price_gross") or Decimal(0)
    shipping_net = delivery.get("price_net") or Decimal(0)
    subtotal_gross = sum((l["total_gross"] for l in row["lines"]), Decimal(0))
    subtotal_net = sum((l["total_net"] for l in row["lines"]), Decimal(0))
    undiscounted = sum((l.get("undiscounted_gross") or l["total_gross"] for l in row["lines"]), Decimal(0))
    customer = row.get("customer")
    order = Order(
        number=next_order_number(),
        external_reference=row.get("external_reference"),
        status=status,
        origin=OrderOrigin.BULK_CREATE,
        channel=channel,
        user=customer,
        user_email=row.get("email") or (customer.email if customer else ""),
        language_code=row.get("language_code") or "vi",
        billing_address=_address(row.get("billing_address"), "billingAddress"),
        shipping_address=_address(row.get("shipping_address"), "shippingAddress"),
        shipping_method=delivery.get("shipping_method"),
        shipping_method_name=delivery.get("shipping_method_name") or (delivery["shipping_method"].name if delivery.get("shipping_method") else None),
        collection_point=delivery.get("warehouse"),
        collection_point_name=delivery.get("warehouse").name if delivery.get("warehouse") else delivery.get("warehouse_name"),
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
    if row.get("charged_amount") is not None:
        order.total_charged_amount = row["charged_amount"]
    update_charge_status(order, save=False)
    order.save()
    lines = []
    for spec in row["lines"]:
        variant = spec.get("variant")
        quantity = spec["quantity"]
        unit_gross = (spec["total_gross"] / quantity) if quantity else Decimal(0)
        unit_net = (spec["total_net"] / quantity) if quantity else Decimal(0)
        undiscounted_total = spec.get("undiscounted_gross") or spec["total_gross"]
        lines.append(OrderLine(
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
            unit_price_net_amount=unit_net,
            unit_price_gross_amount=unit_gross,
            undiscounted_unit_price_gross_amount=undiscounted_total / quantity if quantity else Decimal(0),
            total_price_net_amount=spec["total_net"],
            total_price_gross_amount=spec["total_gross"],
            undiscounted_total_price_gross_amount=undiscounted_total,
            metadata=spec.get("metadata") or {},
        ))
    lines = OrderLine.objects.bulk_create(lines)
    warnings = []
    if stock_update_policy != SKIP and status not in (OrderStatus.CANCELED, OrderStatus.DRAFT):
        warnings = _move_stock(order, lines, row["lines"], status, stock_update_policy, ignore_failed)
    elif status == OrderStatus.FULFILLED:
        _fulfillments(order, lines, row["lines"], stocks={})
    add_event(order, OrderEvents.PLACED, user, app, source="bulk_create")
    if warnings:
        add_event(order, OrderEvents.OVERSOLD_ITEMS, user, app, oversold_items=[w[2] for w in warnings])
    return order, warnings


def _fulfillments(order, lines, specs, stocks: dict) -> None:
    by_warehouse: dict = {}
    for line, spec in zip(lines, specs):
        by_warehouse.setdefault(spec["warehouse"].pk, (spec["warehouse"], []))[1].append((line, spec))
    for number, (warehouse, items) in enumerate(by_warehouse.values(), start=1):
        fulfillment = Fulfillment.objects.create(order=order, fulfillment_order=number, warehouse=warehouse)
        FulfillmentLine.objects.bulk_create([
            FulfillmentLine(fulfillment=fulfillment, order_line=line, quantity=line.quantity, stock=stocks.get((warehouse.pk, line.variant_id)))
            for line, _ in items
        ])


def _move_stock(order, lines, specs, status, policy, ignore_failed) -> list:
    """Returns [(path, code, message)] for lines whose stock was short (kept per the policy)."""
    pairs = {(spec["warehouse"].pk, spec["variant"].pk) for spec in specs if spec.get("variant") is not None}
    candidates = {(s.warehouse_id, s.product_variant_id): s.pk for s in Stock.objects.filter(
        warehouse_id__in={w for w, _ in pairs}, product_variant_id__in={v for _, v in pairs})}
    locked = lock_stocks(candidates.values())
    stocks = {(s.warehouse_id, s.product_variant_id): s for s in locked.values()}
    errors = ErrorCollector()
    warnings = []
    quantity_delta: dict = {}
    allocated_delta: dict = {}
    allocations = []
    for index, (line, spec) in enumerate(zip(lines, specs)):
        variant = spec.get("variant")
        if variant is None or not variant.track_inventory:
            continue
        stock = stocks.get((spec["warehouse"].pk, variant.pk))
        if stock is None:
            errors.add(f"lines.{index}.warehouse", "NON_EXISTING_STOCK", f"Stock for given warehouse and variant doesn't exist.")
            continue
        if status == OrderStatus.FULFILLED:
            free = stock.quantity + quantity_delta.get(stock.pk, 0) - (stock.quantity_allocated + allocated_delta.get(stock.pk, 0))
        else:
            free = stock.quantity - stock.quantity_allocated - allocated_delta.get(stock.pk, 0)
        short = line.quantity > free
        message = f"Insufficient stock for product variant: {Node.to_global_id('ProductVariant', variant.pk)} and warehouse: {Node.to_global_id('Warehouse', stock.warehouse_id)}."
        if short and policy == UPDATE:
            if not ignore_failed:
                errors.add(f"lines.{index}", "INSUFFICIENT_STOCK", message)
                continue
            warnings.append((f"lines.{index}", "INSUFFICIENT_STOCK", line.product_sku or line.product_name))
            continue
        if short:  # FORCE: record it, flag it
            warnings.append((f"lines.{index}", "INSUFFICIENT_STOCK", line.product_sku or line.product_name))
        if status == OrderStatus.FULFILLED:
            quantity_delta[stock.pk] = quantity_delta.get(stock.pk, 0) - line.quantity
        else:
            allocated_delta[stock.pk] = allocated_delta.get(stock.pk, 0) + line.quantity
            allocations.append(Allocation(order_line=line, stock=stock, quantity_allocated=line.quantity))
    errors.raise_if_any()
    bulk_add("quantity", quantity_delta)
    bulk_add("quantity_allocated", allocated_delta)
    Allocation.objects.bulk_create(allocations)
    if status == OrderStatus.FULFILLED:
        _fulfillments(order, lines, specs, stocks={k: v for k, v in stocks.items()})
    return warnings
