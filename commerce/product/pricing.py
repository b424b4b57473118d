"""Prices shoppers see, from the variant channel listings of one channel.

VND, no taxes collected on these goods in the shop: gross = net and tax is zero, as Saleor
reports prices when tax collection is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Optional


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class TaxedMoney:
    net: Money
    gross: Money
    tax: Money

    @property
    def currency(self) -> str:
        return self.gross.currency


@dataclass(frozen=True)
class TaxedMoneyRange:
    start: TaxedMoney
    stop: TaxedMoney


@dataclass(frozen=True)
class ProductPricing:
    on_sale: bool
    discount: Optional[TaxedMoney]
    price_range: TaxedMoneyRange
    price_range_undiscounted: TaxedMoneyRange
    display_gross_prices: bool = True


@dataclass(frozen=True)
class VariantPricing:
    on_sale: bool
    discount: Optional[TaxedMoney]
    price: TaxedMoney
    price_undiscounted: TaxedMoney


def untaxed(amount: Decimal, currency: str) -> TaxedMoney:
    money = Money(Decimal(amount), currency)
    return TaxedMoney(net=money, gross=money, tax=Money(Decimal(0), currency))


def _prices(listing) -> tuple[Decimal, Decimal]:
    undiscounted = listing.price_amount
    discounted = listing.discounted_price_amount if listing.discounted_price_amount is not None else undiscounted
    return min(discounted, undiscounted), undiscounted


def variant_pricing(listing) -> VariantPricing | None:
    """None when the variant has no price in the channel (it cannot be sold there)."""
    if listing is None or listing.price_amount is None:
        return None
    price, undiscounted = _prices(listing)
    discount = undiscounted - price
    return VariantPricing(
        on_sale=discount > 0,
        discount=untaxed(discount, listing.currency) if discount > 0 else None,
        price=untaxed(price, listing.currency),
        price_undiscounted=untaxed(undiscounted, listing.currency),
    )


def product_pricing(listings: Iterable) -> ProductPricing | None:
    """Range over the product's priced variants in one channel; None when none is priced."""
    priced = [listing for listing in listings if listing.price_amount is not None]
    if not priced:
        return None
    currency = priced[0].currency
    prices = [_prices(listing) for listing in priced]
    low, high = min(p for p, _ in prices), max(p for p, _ in prices)
    low_u, high_u = min(u for _, u in prices), max(u for _, u in prices)
    discount = low_u - low
    return ProductPricing(
        on_sale=low < low_u,
        discount=untaxed(discount, currency) if discount > 0 else None,
        price_range=TaxedMoneyRange(untaxed(low, currency), untaxed(high, currency)),
        price_range_undiscounted=TaxedMoneyRange(untaxed(low_u, currency), untaxed(high_u, currency)),
    )
