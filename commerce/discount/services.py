"""Vouchers: finding a code, checking it applies to a checkout, the money it takes off, and
counting its use when an order is placed (under a conditional UPDATE, so a usage limit holds
under concurrent completions).

    get_voucher(code) -> Voucher | None
    validate_voucher(voucher, listing, *, channel, subtotal, quantity, email, user) raises ValidationError
    voucher_discount(voucher, listing, subtotal, shipping) -> Decimal
    increase_voucher_usage(voucher, email) raises ValidationError when the limit was reached meanwhile
    release_voucher_usage(voucher, email)
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from commerce.core.validation import error

from .models import DiscountValueType, Voucher, VoucherCustomer, VoucherType

# VND has no minor unit; other currencies keep two digits.
CURRENCY_PRECISION = {"VND": 0}


def quantize(amount: Decimal, currency: str) -> Decimal:
    digits = CURRENCY_PRECISION.get(currency, 2)
    return Decimal(amount).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def get_voucher(code: str) -> Voucher | None:
    return Voucher.objects.filter(code__iexact=(code or "").strip()).first()


def validate_voucher(
    voucher,
    listing,
    *,
    channel,
    subtotal: Decimal,
    quantity: int,
    email: str | None,
    user=None,
    field="promoCode",
    code="VOUCHER_NOT_APPLICABLE",
):
    now = timezone.now()
    if listing is None:
        raise error(field, code, "Voucher is not applicable to this checkout.")
    if voucher.start_date and voucher.start_date > now or voucher.end_date and voucher.end_date < now:
        raise error(field, code, "Voucher is not active.")
    if voucher.usage_limit is not None and voucher.used >= voucher.usage_limit:
        raise error(field, code, "Voucher has reached its usage limit.")
    if voucher.only_for_staff and not (user and getattr(user, "is_staff", False)):
        raise error(field, code, "Voucher is not applicable to this checkout.")
    if listing.min_spent_amount is not None and subtotal < listing.min_spent_amount:
        raise error(field, code, f"Minimum spent of {listing.min_spent_amount:f} {listing.currency} is required.")
    if voucher.min_checkout_items_quantity and quantity < voucher.min_checkout_items_quantity:
        raise error(field, code, f"Minimum quantity of {voucher.min_checkout_items_quantity} items is required.")
    if voucher.apply_once_per_customer:
        if not email:
            raise error(field, code, "Set an e-mail to use this voucher (it applies once per customer).")
        if VoucherCustomer.objects.filter(voucher=voucher, customer_email__iexact=email).exists():
            raise error(field, code, "You have already used this voucher.")


def voucher_discount(voucher, listing, subtotal: Decimal, shipping: Decimal) -> Decimal:
    """Money off: never more than what it applies to (the subtotal, or shipping for a
    shipping voucher)."""
    if voucher is None or listing is None:
        return Decimal(0)
    base = shipping if voucher.type == VoucherType.SHIPPING else subtotal
    if voucher.discount_value_type == DiscountValueType.PERCENTAGE:
        amount = base * min(listing.discount_value, Decimal(100)) / Decimal(100)
    else:
        amount = listing.discount_value
    return quantize(min(max(amount, Decimal(0)), base), listing.currency)


def increase_voucher_usage(voucher: Voucher, email: str | None) -> None:
    limited = Q(usage_limit__isnull=True) | Q(used__lt=F("usage_limit"))
    if not Voucher.objects.filter(limited, pk=voucher.pk).update(used=F("used") + 1):
        raise error("promoCode", "VOUCHER_NOT_APPLICABLE", "Voucher has reached its usage limit.")
    if voucher.apply_once_per_customer and email:
        try:
            with transaction.atomic():
                VoucherCustomer.objects.create(voucher=voucher, customer_email=email.lower())
        except IntegrityError:
            raise error("promoCode", "VOUCHER_NOT_APPLICABLE", "You have already used this voucher.")


def release_voucher_usage(voucher: Voucher, email: str | None) -> None:
    Voucher.objects.filter(pk=voucher.pk, used__gt=0).update(used=F("used") - 1)
    if voucher.apply_once_per_customer and email:
        VoucherCustomer.objects.filter(voucher=voucher, customer_email__iexact=email).delete()
