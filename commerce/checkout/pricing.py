"""Checkout prices from the current channel listings (recomputed on every read and again at
completion, so a price change between cart and payment is honoured).

VND and no tax collected by the shop: net = gross, tax 0, as Saleor reports with taxes off.

    calculate(info) -> CheckoutPrices
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from commerce.discount.services import quantize, voucher_discount
from commerce.discount.models import VoucherType

from .fetch import CheckoutInfo, LineInfo


@dataclass
class LinePrice:
    unit: Decimal
    undiscounted_unit: Decimal
    total: Decimal
    undiscounted_total: Decimal


@dataclass
class CheckoutPrices:
    currency: str
    subtotal: Decimal
    undiscounted_subtotal: Decimal
    shipping: Decimal
    discount: Decimal
    total: Decimal
    undiscounted_total: Decimal
    lines: dict = field(default_factory=dict)  # line id → LinePrice


def unit_price(info: LineInfo) -> Decimal | None:
    listing = info.variant_listing
    if listing is None or listing.price_amount is None:
        return None
    return listing.discounted_price_amount if listing.discounted_price_amount is not None else listing.price_amount


def undiscounted_unit_price(info: LineInfo) -> Decimal | None:
    listing = info.variant_listing
    return None if listing is None else listing.price_amount


def shipping_price(info: CheckoutInfo) -> Decimal:
    checkout = info.checkout
    if checkout.collection_point_id or not info.is_shipping_required or info.shipping_listing is None:
        return Decimal(0)
    return info.shipping_listing.price_amount


def calculate(info: CheckoutInfo) -> CheckoutPrices:
    currency = info.checkout.currency
    lines = {}
    subtotal = undiscounted = Decimal(0)
    for line_info in info.lines:
        unit = unit_price(line_info) or Decimal(0)
        base = undiscounted_unit_price(line_info) or unit
        quantity = line_info.line.quantity
        price = LinePrice(unit=unit, undiscounted_unit=base, total=unit * quantity, undiscounted_total=base * quantity)
        lines[line_info.line.pk] = price
        subtotal += price.total
        undiscounted += price.undiscounted_total
    shipping = shipping_price(info)
    discount = voucher_discount(info.voucher, info.voucher_listing, subtotal, shipping) if info.voucher else Decimal(0)
    if info.voucher and info.voucher.type == VoucherType.SHIPPING:
        total = subtotal + shipping - discount
    else:
        total = subtotal - discount + shipping
    total = quantize(max(total, Decimal(0)), currency)
    return CheckoutPrices(
        currency=currency,
        subtotal=subtotal,
        undiscounted_subtotal=undiscounted,
        shipping=shipping,
        discount=discount,
        total=total,
        undiscounted_total=undiscounted + shipping,
        lines=lines,
    )
