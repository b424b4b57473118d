"""Turning a checkout into an order — the one place stock is promised to a buyer.

    complete_checkout(token, *, user=None, app=None, payment_data=None, metadata=None,
                      redirect_url=None) -> CompletionResult(order, confirmation_needed, confirmation_data)
        order: as stored once every hook has run (charge status, total charged)

In ONE transaction: lock the checkout row (a second concurrent completion of the same checkout
waits here, then finds the order), recompute prices from the current listings, validate,
lock the channel's stocks in id order and allocate (INSUFFICIENT_STOCK otherwise), create the
order with its lines, count the voucher use, keep a signed-in customer's addresses in their
address book (commerce.account.address_book), delete the checkout (its stock holds go with it).
Replaying a completed checkout returns the same order (Order.checkout_token is unique).

The order starts UNFULFILLED with charge status NONE and the whole total outstanding — what
cash on delivery needs. Payment hook, for commerce.payment: if
`commerce.payment.checkout_completion.on_order_created(order, checkout, payment_data)` exists,
it runs inside the transaction, after the order exists and before the checkout is deleted
(move the checkout's transactions to the order, update charge status, set status UNCONFIRMED
if payment must be awaited…); it may return {"confirmation_needed": bool,
"confirmation_data": dict} and may raise Django ValidationError (CheckoutErrorCode) to refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from graphene.relay import Node

from commerce.account import address_book
from commerce.account.models import Address
from commerce.business import gate as wholesale
from commerce.business import terms as wholesale_terms
from commerce.core.validation import ErrorCollector, error
from commerce.discount.services import increase_voucher_usage, validate_voucher
from commerce.order import notifications
from commerce.order.models import Order, OrderEvents, OrderLine, OrderOrigin, OrderStatus
from commerce.order.services import add_event, copy_address, next_order_number, update_charge_status
from commerce.order.stock import allocate_lines
from commerce.warehouse.models import WarehouseClickAndCollectOption

from . import pricing
from .fetch import CheckoutInfo, fetch_checkout_info
from .services import lock_checkout, shipping_listings_for, validate_variants_in_channel


@dataclass
class CompletionResult:
    order: Order
    confirmation_needed: bool = False
    confirmation_data: dict | None = None


def _payment_hook():
    try:
        from commerce.payment.checkout_completion import on_order_created
    except ImportError:
        return None
    return on_order_created


def validate_checkout(info: CheckoutInfo, prices, user=None) -> None:
    checkout = info.checkout
    errors = ErrorCollector()
    if not info.lines:
        raise error("lines", "NO_LINES", "Cannot create order without product.")
    if not checkout.email:
        errors.add("email", "EMAIL_NOT_SET", "Checkout email must be set.")
    if not checkout.billing_address_id:
        errors.add("billingAddress", "BILLING_ADDRESS_NOT_SET", "Billing address is not set")
    if info.is_shipping_required:
        if checkout.collection_point_id is None:
            if not checkout.shipping_address_id:
                errors.add("shippingAddress", "SHIPPING_ADDRESS_NOT_SET", "Shipping address is not set")
            if not checkout.shipping_method_id:
                errors.add("shippingMethod", "SHIPPING_METHOD_NOT_SET", "Shipping method is not set")
            elif checkout.shipping_address_id and checkout.shipping_method_id not in {
                l.shipping_method_id for l in shipping_listings_for(info)
            }:
                errors.add("shippingMethod", "INVALID_SHIPPING_METHOD", "Shipping method is not valid for your shipping address")
    errors.raise_if_any()
    # The owner's business account is checked again: it may have been declined since the cart began.
    wholesale.check_buyer(info.channel, checkout.user, checkout.language_code)
    validate_variants_in_channel(info.channel, [line.variant for line in info.lines])
    wholesale.check_lines(checkout, info.lines)
    wholesale.check_order_minimum(checkout, prices.subtotal)
    if checkout.voucher_code:
        if info.voucher is None:
            raise error("promoCode", "VOUCHER_NOT_APPLICABLE", "Voucher is no longer valid.")
        validate_voucher(
            info.voucher,
            info.voucher_listing,
            channel=info.channel,
            subtotal=prices.subtotal,
            quantity=info.quantity,
            email=checkout.email,
            user=user,
        )


def _order_lines(order, info: CheckoutInfo, prices) -> list[OrderLine]:
    lines = []
    for line_info in info.lines:
        price = prices.lines[line_info.line.pk]
        variant = line_info.variant
        lines.append(
            OrderLine(
                order=order,
                variant=variant,
                product_name=line_info.product.name,
                variant_name=variant.name or "",
                product_sku=variant.sku,
                product_variant_id=Node.to_global_id("ProductVariant", variant.pk),
                is_shipping_required=line_info.is_shipping_required,
                quantity=line_info.line.quantity,
                currency=order.currency,
                unit_price_net_amount=price.unit,
                unit_price_gross_amount=price.unit,
                undiscounted_unit_price_gross_amount=price.undiscounted_unit,
                total_price_net_amount=price.total,
                total_price_gross_amount=price.total,
                undiscounted_total_price_gross_amount=price.undiscounted_total,
                metadata=line_info.line.metadata or {},
            )
        )
    return OrderLine.objects.bulk_create(lines)


def complete_checkout(token, *, user=None, app=None, payment_data=None, metadata=None, redirect_url=None) -> CompletionResult:
    with transaction.atomic():
        checkout = lock_checkout(token)
        if checkout is None:
            order = Order.objects.filter(checkout_token=str(token)).first()
            if order is not None:
                return CompletionResult(order=order)
            raise error("id", "NOT_FOUND", f"Couldn't resolve to a node: {token}")
        info = fetch_checkout_info(checkout)
        prices = pricing.calculate(info)
        validate_checkout(info, prices, user=user)

        shipping_listing = info.shipping_listing if checkout.collection_point_id is None else None
        order = Order(
            number=next_order_number(),
            status=OrderStatus.UNFULFILLED,
            origin=OrderOrigin.CHECKOUT,
            channel=checkout.channel,
            user=checkout.user,
            user_email=checkout.email or "",
            language_code=checkout.language_code,
            billing_address=copy_address(checkout.billing_address),
            shipping_address=copy_address(checkout.shipping_address) if checkout.collection_point_id is None else None,
            shipping_method=shipping_listing.shipping_method if shipping_listing else None,
            shipping_method_name=shipping_listing.shipping_method.name if shipping_listing else None,
            collection_point=checkout.collection_point,
            collection_point_name=checkout.collection_point.name if checkout.collection_point_id else None,
            currency=checkout.currency,
            shipping_price_net_amount=prices.shipping,
            shipping_price_gross_amount=prices.shipping,
            subtotal_net_amount=prices.subtotal,
            subtotal_gross_amount=prices.subtotal,
            undiscounted_total_net_amount=prices.undiscounted_total,
            undiscounted_total_gross_amount=prices.undiscounted_total,
            discount_amount=prices.discount,
            discount_name=info.voucher.name if info.voucher else None,
            total_net_amount=prices.total,
            total_gross_amount=prices.total,
            voucher=info.voucher,
            voucher_code=info.voucher.code if info.voucher else None,
            checkout_token=str(checkout.pk),
            customer_note=checkout.customer_note,
            redirect_url=redirect_url or checkout.redirect_url,
            weight_grams=info.weight_grams,
            metadata={**(checkout.metadata or {}), **(metadata or {})},
            private_metadata=checkout.private_metadata or {},
        )
        update_charge_status(order, save=False)
        order.save()
        lines = _order_lines(order, info, prices)
        warehouse_ids = None
        if (
            checkout.collection_point_id
            and checkout.collection_point.click_and_collect_option == WarehouseClickAndCollectOption.LOCAL_STOCK
        ):
            warehouse_ids = [checkout.collection_point_id]
        allocate_lines(checkout.channel, lines, checkout_token=checkout.pk, warehouse_ids=warehouse_ids, error_field="lines")
        if info.voucher is not None:
            increase_voucher_usage(info.voucher, checkout.email)
        add_event(order, OrderEvents.PLACED, user, app)
        result = CompletionResult(order=order)
        # Wholesale orders: bank transfer or net-30 (due date in the order's metadata).
        wholesale_terms.on_order_created(order, checkout, payment_data)
        hook = _payment_hook()
        if hook is not None:
            outcome = hook(order, checkout, payment_data) or {}
            result.confirmation_needed = bool(outcome.get("confirmation_needed"))
            result.confirmation_data = outcome.get("confirmation_data")
        # The hooks write the order through their own rows (the payment hook moves the paid
        # transactions over and recomputes total charged and charge status by the order's id):
        # what completion answers is the order as stored now, not the copy built above.
        order.refresh_from_db()
        if checkout.user_id is not None:
            # Like Saleor, a signed-in customer's addresses go to their address book (a copy, once)
            # and become their defaults when they have none — unless saveAddress was false.
            ships = info.is_shipping_required and checkout.collection_point_id is None
            if ships and checkout.save_shipping_address:
                address_book.remember_address(checkout.user, checkout.shipping_address, address_book.SHIPPING)
            if checkout.save_billing_address:
                address_book.remember_address(checkout.user, checkout.billing_address, address_book.BILLING)
        own_addresses = [pk for pk in (checkout.billing_address_id, checkout.shipping_address_id) if pk]
        checkout.delete()
        # The checkout's address rows were its own copies; the order has its snapshot now.
        Address.objects.filter(pk__in=own_addresses).delete()
        notifications.order_confirmed(order)
    return result
