"""Everything needed to price and validate checkouts, fetched in a fixed number of queries
whatever the number of checkouts or lines (the GraphQL loaders and completion share it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from commerce.discount.models import Voucher, VoucherChannelListing
from commerce.product.models import ProductChannelListing, ProductVariantChannelListing
from commerce.shipping.models import ShippingMethodChannelListing

from .models import Checkout, CheckoutLine


@dataclass
class LineInfo:
    line: CheckoutLine
    variant: object
    product: object
    product_type: object
    variant_listing: ProductVariantChannelListing | None
    product_listing: ProductChannelListing | None

    @property
    def is_shipping_required(self) -> bool:
        return bool(self.product_type.is_shipping_required)

    @property
    def weight_grams(self) -> float:
        return float(self.variant.weight_grams or self.product.weight_grams or self.product_type.weight_grams or 0)


@dataclass
class CheckoutInfo:
    checkout: Checkout
    channel: object
    lines: list[LineInfo] = field(default_factory=list)
    shipping_listing: ShippingMethodChannelListing | None = None
    voucher: Voucher | None = None
    voucher_listing: VoucherChannelListing | None = None

    @property
    def is_shipping_required(self) -> bool:
        return any(info.is_shipping_required for info in self.lines)

    @property
    def quantity(self) -> int:
        return sum(info.line.quantity for info in self.lines)

    @property
    def weight_grams(self) -> float:
        return sum(info.weight_grams * info.line.quantity for info in self.lines)


def fetch_checkout_infos(checkouts: list[Checkout]) -> list[CheckoutInfo]:
    """One CheckoutInfo per checkout, in order; ~5 queries in all."""
    if not checkouts:
        return []
    tokens = [c.pk for c in checkouts]
    lines = list(
        CheckoutLine.objects.filter(checkout_id__in=tokens).select_related("variant__product__product_type").order_by("created_at", "id")
    )
    pairs = {(line.variant_id, c.channel_id) for c in checkouts for line in lines if line.checkout_id == c.pk}
    variant_ids = {v for v, _ in pairs}
    product_ids = {line.variant.product_id for line in lines}
    channel_ids = {c.channel_id for c in checkouts}
    variant_listings = (
        {
            (l.variant_id, l.channel_id): l
            for l in ProductVariantChannelListing.objects.filter(variant_id__in=variant_ids, channel_id__in=channel_ids)
        }
        if variant_ids
        else {}
    )
    product_listings = (
        {
            (l.product_id, l.channel_id): l
            for l in ProductChannelListing.objects.filter(product_id__in=product_ids, channel_id__in=channel_ids)
        }
        if product_ids
        else {}
    )
    method_ids = {c.shipping_method_id for c in checkouts if c.shipping_method_id}
    shipping_listings = (
        {
            (l.shipping_method_id, l.channel_id): l
            for l in ShippingMethodChannelListing.objects.filter(
                shipping_method_id__in=method_ids, channel_id__in=channel_ids
            ).select_related("shipping_method")
        }
        if method_ids
        else {}
    )
    codes = {c.voucher_code for c in checkouts if c.voucher_code}
    vouchers = {v.code: v for v in Voucher.objects.filter(code__in=codes)} if codes else {}
    voucher_listings = (
        {
            (l.voucher_id, l.channel_id): l
            for l in VoucherChannelListing.objects.filter(voucher__in=vouchers.values(), channel_id__in=channel_ids)
        }
        if vouchers
        else {}
    )
    by_checkout: dict = {}
    for line in lines:
        by_checkout.setdefault(line.checkout_id, []).append(line)
    infos = []
    for checkout in checkouts:
        line_infos = [
            LineInfo(
                line=line,
                variant=line.variant,
                product=line.variant.product,
                product_type=line.variant.product.product_type,
                variant_listing=variant_listings.get((line.variant_id, checkout.channel_id)),
                product_listing=product_listings.get((line.variant.product_id, checkout.channel_id)),
            )
            for line in by_checkout.get(checkout.pk, [])
        ]
        voucher = vouchers.get(checkout.voucher_code)
        infos.append(
            CheckoutInfo(
                checkout=checkout,
                channel=checkout.channel,
                lines=line_infos,
                shipping_listing=shipping_listings.get((checkout.shipping_method_id, checkout.channel_id)),
                voucher=voucher,
                voucher_listing=voucher_listings.get((voucher.pk, checkout.channel_id)) if voucher else None,
            )
        )
    return infos


def fetch_checkout_info(checkout: Checkout) -> CheckoutInfo:
    return fetch_checkout_infos([checkout])[0]
