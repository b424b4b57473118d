"""Stock movements of orders, always under the stock row locks of commerce.warehouse.locking
(taken in stock id order), so concurrent checkouts, fulfilments and cancellations serialise on
the rows they share and no count ever goes negative or past what is on hand.

    allocate_lines(channel, lines_with_variants, checkout_token=None, warehouse_ids=None)
        raises ValidationError(INSUFFICIENT_STOCK) — nothing is written then
    deallocate_order(order)
    fulfill_from_stock(line_quantities_by_stock, allow_stock_to_be_exceeded=False)
"""

from __future__ import annotations

from graphene.relay import Node

from commerce.core.validation import ErrorCollector
from commerce.warehouse.locking import bulk_add, lock_channel_stocks, lock_stocks, reserved_by_others
from commerce.warehouse.models import Allocation


def allocate_lines(
    channel, order_lines, *, checkout_token=None, warehouse_ids=None, error_field="lines", insufficient_code="INSUFFICIENT_STOCK"
) -> list[Allocation]:
    """Allocate each tracked line from the channel's warehouses in priority order: the first
    warehouse that holds the whole line, else spread over several. Stock held by other
    checkouts' active reservations is not available; this checkout's own holds are."""
    tracked = [line for line in order_lines if line.variant is not None and line.variant.track_inventory]
    if not tracked:
        return []
    stocks = lock_channel_stocks(channel, {line.variant_id for line in tracked}, warehouse_ids)
    held = reserved_by_others([s.pk for s in stocks], checkout_token)
    free = {s.pk: s.quantity - s.quantity_allocated - held.get(s.pk, 0) for s in stocks}
    errors = ErrorCollector()
    allocations: list[Allocation] = []
    deltas: dict[int, int] = {}
    for line in tracked:
        candidates = [s for s in stocks if s.product_variant_id == line.variant_id]
        whole = next((s for s in candidates if free[s.pk] >= line.quantity), None)
        plan = []
        if whole is not None:
            plan = [(whole, line.quantity)]
        else:
            need = line.quantity
            for stock in candidates:
                if need <= 0:
                    break
                take = min(need, max(free[stock.pk], 0))
                if take:
                    plan.append((stock, take))
                    need -= take
            if need > 0:
                label = line.product_sku or line.product_name
                errors.add(
                    error_field,
                    insufficient_code,
                    f"Insufficient product stock: {label}",
                    variants=[Node.to_global_id("ProductVariant", line.variant_id)],
                )
                continue
        for stock, quantity in plan:
            free[stock.pk] -= quantity
            deltas[stock.pk] = deltas.get(stock.pk, 0) + quantity
            allocations.append(Allocation(order_line=line, stock=stock, quantity_allocated=quantity))
    errors.raise_if_any()
    Allocation.objects.bulk_create(allocations)
    bulk_add("quantity_allocated", deltas)
    return allocations


def deallocate_order(order) -> None:
    allocations = list(Allocation.objects.filter(order_line__order=order))
    if not allocations:
        return
    lock_stocks({a.stock_id for a in allocations})
    deltas: dict[int, int] = {}
    for allocation in allocations:
        deltas[allocation.stock_id] = deltas.get(allocation.stock_id, 0) - allocation.quantity_allocated
    bulk_add("quantity_allocated", deltas)
    Allocation.objects.filter(pk__in=[a.pk for a in allocations]).delete()


def fulfill_from_stock(moves, *, allow_stock_to_be_exceeded: bool = False) -> None:
    """moves: [(order_line, stock, quantity)]. Takes the goods out of the warehouse: quantity
    goes down, and the line's allocations (in that warehouse first) are released."""
    stock_ids = {stock.pk for _, stock, _ in moves}
    allocations = list(Allocation.objects.filter(order_line__in=[line for line, _, _ in moves]).order_by("pk"))
    stock_ids |= {a.stock_id for a in allocations}
    locked = lock_stocks(stock_ids)
    errors = ErrorCollector()
    quantity_delta: dict[int, int] = {}
    allocated_delta: dict[int, int] = {}
    by_line: dict = {}
    for allocation in allocations:
        by_line.setdefault(allocation.order_line_id, []).append(allocation)
    changed, emptied = [], []
    for line, stock, quantity in moves:
        current = locked[stock.pk]
        on_hand = current.quantity + quantity_delta.get(stock.pk, 0)
        if on_hand < quantity and not allow_stock_to_be_exceeded:
            errors.add(
                "stocks",
                "INSUFFICIENT_STOCK",
                f"Insufficient product stock: {line.product_sku or line.product_name}",
                order_lines=[Node.to_global_id("OrderLine", line.pk)],
                warehouse=Node.to_global_id("Warehouse", current.warehouse_id),
            )
            continue
        quantity_delta[stock.pk] = quantity_delta.get(stock.pk, 0) - quantity
        remaining = quantity
        own = sorted(by_line.get(line.pk, []), key=lambda a: (a.stock_id != stock.pk, a.pk))
        for allocation in own:
            if remaining <= 0:
                break
            take = min(remaining, allocation.quantity_allocated)
            if take <= 0:
                continue
            allocation.quantity_allocated -= take
            remaining -= take
            allocated_delta[allocation.stock_id] = allocated_delta.get(allocation.stock_id, 0) - take
            (emptied if allocation.quantity_allocated == 0 else changed).append(allocation)
    errors.raise_if_any()
    bulk_add("quantity", quantity_delta)
    bulk_add("quantity_allocated", allocated_delta)
    if changed:
        Allocation.objects.bulk_update([a for a in changed if a.quantity_allocated > 0], ["quantity_allocated"])
    if emptied:
        Allocation.objects.filter(pk__in=[a.pk for a in emptied]).delete()
