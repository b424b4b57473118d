"""The payment side of checkoutComplete (called by commerce.checkout.complete inside its
transaction, once the order exists): the checkout's transactions move to the order, so money
already taken — a card paid before completing, a VietQR transfer — counts for the order, and
one still expected (COD, a transfer not yet reported) is charged on the order when it comes."""

from __future__ import annotations

from .services import attach_checkout_transactions


def on_order_created(order, checkout, payment_data=None) -> dict:
    attach_checkout_transactions(checkout, order)
    return {"confirmation_needed": False}
