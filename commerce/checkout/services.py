"""Writes to a checkout. Callers (the GraphQL mutations) resolve IDs to rows and run each call in
a transaction with the checkout row locked (`lock_checkout`); these functions validate, write,
and raise Django ValidationError with Saleor's CheckoutErrorCode values.

    lock_checkout(token) -> Checkout | None
    create_checkout(channel, lines, *, email, shipping_address, billing_address, language_code, user, metadata,
                    save_shipping_address=True, save_billing_address=True)
    add_lines(checkout, lines, user=None)            lines: [(variant, quantity, force_new_line)]
    update_lines(checkout, updates, user=None)       updates: [(line, quantity)]; 0 deletes
    delete_lines(checkout, lines)
    set_email(checkout, email)
    set_address(checkout, "shipping"|"billing", data, skip_validation=False, save=True)
    set_delivery_method(checkout, shipping_method=None, warehouse=None)
    attach_customer(checkout, user)
    add_promo_code(checkout, code, user=None)
"""

from __future__ import annotations

from django.db import transaction

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from graphene.relay import Node

from commerce.account.address import clean_address
from commerce.account.models import Address
from commerce.business import gate as wholesale
from commerce.core.validation import ErrorCollector, error
from commerce.discount.services import get_voucher, validate_voucher
from commerce.product.models import ProductChannelListing, ProductVariantChannelListing
from commerce.shipping.selectors import applicable_shipping_listings, collection_points

from . import pricing
from .fetch import fetch_checkout_info
from .models import Checkout, CheckoutLine
from .stock import check_quantity_limits, reserve_checkout_stock


def lock_checkout(token) -> Checkout | None:
    return Checkout.objects.select_for_update(of=("self",)).select_related("channel").filter(pk=token).first()


def _gid(type_name, pk) -> str:
    return Node.to_global_id(type_name, pk)


def validate_variants_in_channel(channel, variants, field: str = "lines") -> None:
    """Saleor's checks: priced in the channel, product published, available for purchase."""
    errors = ErrorCollector()
    now = timezone.now()
    ids = [v.pk for v in variants]
    priced = set(
        ProductVariantChannelListing.objects.filter(channel=channel, variant_id__in=ids, price_amount__isnull=False).values_list(
            "variant_id", flat=True
        )
    )
    listings = {
        l.product_id: l for l in ProductChannelListing.objects.filter(channel=channel, product_id__in={v.product_id for v in variants})
    }
    for variant in variants:
        gid = _gid("ProductVariant", variant.pk)
        listing = listings.get(variant.product_id)
        if variant.pk not in priced or listing is None:
            errors.add(field, "UNAVAILABLE_VARIANT_IN_CHANNEL", "Cannot add lines with unavailable variants.", variants=[gid])
        elif not listing.is_visible(now):
            errors.add(field, "PRODUCT_NOT_PUBLISHED", "Cannot add lines for unpublished variants.", variants=[gid])
        elif not listing.is_available_for_purchase(now):
            errors.add(field, "PRODUCT_UNAVAILABLE_FOR_PURCHASE", "Cannot add lines for unavailable for purchase variants.", variants=[gid])
    errors.raise_if_any()


def _check_quantities(lines, allow_zero: bool = False) -> None:
    errors = ErrorCollector()
    for variant, quantity, *_ in lines:
        if quantity < 0 or (quantity == 0 and not allow_zero):
            errors.add(
                "quantity", "ZERO_QUANTITY", "The quantity should be higher than zero.", variants=[_gid("ProductVariant", variant.pk)]
            )
    errors.raise_if_any()


def refresh_after_lines_change(checkout: Checkout, user=None) -> None:
    """Limits and stock holds for the new lines; a delivery method that no longer applies is
    dropped, as Saleor does."""
    info = fetch_checkout_info(checkout)
    check_quantity_limits(checkout, info.lines)
    wholesale.check_lines(checkout, info.lines)
    reserve_checkout_stock(checkout, info.lines)
    if checkout.shipping_method_id and checkout.shipping_method_id not in _applicable_method_ids(info):
        checkout.shipping_method = None
    checkout.save()


def _applicable_method_ids(info) -> set:
    checkout = info.checkout
    if not checkout.shipping_address_id:
        return set()
    prices = pricing.calculate(info)
    country = checkout.shipping_address.country
    return {l.shipping_method_id for l in applicable_shipping_listings(checkout.channel, country, prices.subtotal, info.weight_grams)}


def shipping_listings_for(info) -> list:
    checkout = info.checkout
    if not checkout.shipping_address_id or not info.is_shipping_required:
        return []
    prices = pricing.calculate(info)
    return applicable_shipping_listings(checkout.channel, checkout.shipping_address.country, prices.subtotal, info.weight_grams)


def collection_points_for(info) -> list:
    wanted: dict = {}
    for line in info.lines:
        if line.variant.track_inventory:
            wanted[line.variant.pk] = wanted.get(line.variant.pk, 0) + line.line.quantity
    if not info.lines:
        return []
    return collection_points(info.channel, wanted) if wanted else collection_points(info.channel, {})


def _address(data: dict, address_type: str, skip_validation: bool = False) -> Address:
    try:
        cleaned = clean_address(data, skip_validation=skip_validation)
    except DjangoValidationError as exc:
        collector = ErrorCollector()
        collector.extend(exc)
        for errs in collector.errors.values():
            for e in errs:
                e.params = {**(e.params or {}), "address_type": address_type}
        collector.raise_if_any()
    return Address.objects.create(**cleaned)


@transaction.atomic
def create_checkout(
    channel,
    lines,
    *,
    email=None,
    shipping_address=None,
    billing_address=None,
    language_code=None,
    user=None,
    metadata=None,
    save_shipping_address=True,
    save_billing_address=True,
) -> Checkout:
    if not channel.is_active:
        raise error("channel", "CHANNEL_INACTIVE", f"Channel with '{channel.slug}' is inactive.")
    # Wholesale channels sell to approved business accounts only; anonymous buyers are refused.
    wholesale.check_buyer(channel, user, language_code)
    _check_quantities(lines)
    validate_variants_in_channel(channel, [variant for variant, *_ in lines])
    if email:
        _validate_email(email)
    elif user is not None and getattr(user, "is_authenticated", False):
        email = user.email
    checkout = Checkout(
        channel=channel,
        currency=channel.currency_code,
        email=email or None,
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        language_code=language_code or "vi",
        metadata=metadata or {},
        save_shipping_address=save_shipping_address,
        save_billing_address=save_billing_address,
    )
    if shipping_address:
        checkout.shipping_address = _address(shipping_address, "SHIPPING", shipping_address.get("skip_validation", False))
    if billing_address:
        checkout.billing_address = _address(billing_address, "BILLING", billing_address.get("skip_validation", False))
    checkout.save()
    _write_lines(checkout, lines)
    refresh_after_lines_change(checkout, user)
    return checkout


# The quantity column is a PostgreSQL integer. Every real cap is far below it, but lines are
# written before the caps are checked (check_quantity_limits reads the lines as written), so a
# sum past it must be refused here, as the cap's error, rather than overflow in the database.
LINE_QUANTITY_CEILING = 2**31 - 1


def _write_lines(checkout, lines, replace: bool = False) -> None:
    existing = {line.variant_id: line for line in CheckoutLine.objects.filter(checkout=checkout).order_by("created_at")}
    new_lines, changed = [], []
    for variant, quantity, *rest in lines:
        force_new = bool(rest[0]) if rest else False
        metadata = rest[1] if len(rest) > 1 else None
        line = existing.get(variant.pk)
        if line is not None and not force_new:
            line.quantity = quantity if replace else line.quantity + quantity
            if metadata:
                line.metadata = {**line.metadata, **metadata}
            changed.append(line)
        else:
            line = CheckoutLine(checkout=checkout, variant=variant, quantity=quantity, metadata=metadata or {})
            existing.setdefault(variant.pk, line)
            new_lines.append(line)
        if line.quantity > LINE_QUANTITY_CEILING:
            errors = ErrorCollector()
            errors.add(
                "quantity",
                "QUANTITY_GREATER_THAN_LIMIT",
                "Cannot add more than this quantity of the product.",
                variants=[_gid("ProductVariant", variant.pk)],
            )
            errors.raise_if_any()
    if new_lines:
        CheckoutLine.objects.bulk_create(new_lines)
    if changed:
        CheckoutLine.objects.bulk_update(changed, ["quantity", "metadata"])


@transaction.atomic
def add_lines(checkout, lines, user=None) -> Checkout:
    _check_quantities(lines)
    validate_variants_in_channel(checkout.channel, [variant for variant, *_ in lines])
    _write_lines(checkout, lines)
    refresh_after_lines_change(checkout, user)
    return checkout


@transaction.atomic
def update_lines(checkout, updates, user=None) -> Checkout:
    """updates: [(line, quantity, metadata)]; quantity 0 removes the line."""
    _check_quantities([(line.variant, quantity) for line, quantity, *_ in updates], allow_zero=True)
    to_delete = [line.pk for line, quantity, *_ in updates if quantity == 0]
    keep = [(line, quantity, *rest) for line, quantity, *rest in updates if quantity > 0]
    if keep:
        validate_variants_in_channel(checkout.channel, [line.variant for line, *_ in keep])
    for line, quantity, *rest in keep:
        line.quantity = quantity
        if rest and rest[0]:
            line.metadata = {**line.metadata, **rest[0]}
    if keep:
        CheckoutLine.objects.bulk_update([line for line, *_ in keep], ["quantity", "metadata"])
    if to_delete:
        CheckoutLine.objects.filter(checkout=checkout, pk__in=to_delete).delete()
    refresh_after_lines_change(checkout, user)
    return checkout


@transaction.atomic
def delete_lines(checkout, lines) -> Checkout:
    CheckoutLine.objects.filter(checkout=checkout, pk__in=[line.pk for line in lines]).delete()
    refresh_after_lines_change(checkout)
    return checkout


def _validate_email(email: str) -> None:
    try:
        validate_email(email)
    except DjangoValidationError:
        raise error("email", "INVALID", "Enter a valid email address.")


@transaction.atomic
def set_email(checkout, email: str) -> Checkout:
    _validate_email(email)
    checkout.email = email
    checkout.save(update_fields=["email", "last_change"])
    return checkout


@transaction.atomic
def set_address(checkout, kind: str, data: dict, skip_validation: bool = False, save: bool = True) -> Checkout:
    """Set the checkout's shipping or billing address; `save`: whether completion keeps it in the
    signed-in customer's address book (Saleor's saveAddress)."""
    address = _address(data, kind.upper(), skip_validation)
    setattr(checkout, f"save_{kind}_address", bool(save))
    if kind == "shipping":
        old = checkout.shipping_address_id
        checkout.shipping_address = address
        info = fetch_checkout_info(checkout)
        if checkout.shipping_method_id and checkout.shipping_method_id not in _applicable_method_ids(info):
            checkout.shipping_method = None
    else:
        old = checkout.billing_address_id
        checkout.billing_address = address
    checkout.save()
    if old:
        # The checkout's own copy; nothing else points at it.
        Address.objects.filter(pk=old).delete()
    return checkout


@transaction.atomic
def set_delivery_method(checkout, shipping_method=None, warehouse=None) -> Checkout:
    info = fetch_checkout_info(checkout)
    if shipping_method is not None:
        if not info.is_shipping_required:
            raise error("deliveryMethodId", "SHIPPING_NOT_REQUIRED", "This checkout doesn't need shipping")
        if not checkout.shipping_address_id:
            raise error(
                "deliveryMethodId",
                "SHIPPING_ADDRESS_NOT_SET",
                "Cannot choose a shipping method for a checkout without the shipping address.",
            )
        if shipping_method.pk not in _applicable_method_ids(info):
            raise error("deliveryMethodId", "DELIVERY_METHOD_NOT_APPLICABLE", "This shipping method is not applicable.")
        checkout.shipping_method, checkout.collection_point = shipping_method, None
    elif warehouse is not None:
        if warehouse.pk not in {w.pk for w in collection_points_for(info)}:
            raise error("deliveryMethodId", "DELIVERY_METHOD_NOT_APPLICABLE", "This pick up point is not applicable.")
        checkout.shipping_method, checkout.collection_point = None, warehouse
    else:
        checkout.shipping_method = checkout.collection_point = None
    checkout.save()
    return checkout


@transaction.atomic
def attach_customer(checkout, user) -> Checkout:
    checkout.user = user
    checkout.email = user.email
    checkout.save(update_fields=["user", "email", "last_change"])
    return checkout


@transaction.atomic
def add_promo_code(checkout, code: str, user=None) -> Checkout:
    voucher = get_voucher(code)
    if voucher is None:
        raise error("promoCode", "INVALID", "Promo code is invalid")
    info = fetch_checkout_info(checkout)
    listing = voucher.channel_listings.filter(channel=checkout.channel).first()
    prices = pricing.calculate(info)
    validate_voucher(
        voucher, listing, channel=checkout.channel, subtotal=prices.subtotal, quantity=info.quantity, email=checkout.email, user=user
    )
    checkout.voucher_code = voucher.code
    checkout.discount_name = voucher.name
    info.voucher, info.voucher_listing = voucher, listing
    checkout.discount_amount = pricing.calculate(info).discount
    checkout.save()
    return checkout
