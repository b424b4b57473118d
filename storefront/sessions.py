"""What the storefront keeps in the shopper's session: the channel, the checkout token per
channel (the cart, so it works without JavaScript or an account) and the customer's tokens."""

from __future__ import annotations

from django.conf import settings

CHANNEL_KEY = "storefront.channel"
CHECKOUTS_KEY = "storefront.checkouts"
CART_QUANTITY_KEY = "storefront.cart_quantity"
CUSTOMER_KEY = "storefront.customer"
LAST_ORDER_KEY = "storefront.last_orders"


def channel_of(request) -> str:
    host_channels = getattr(settings, "STOREFRONT_HOST_CHANNELS", {})
    host = request.get_host().split(":")[0] if request else ""
    if host in host_channels:
        return host_channels[host]
    chosen = request.session.get(CHANNEL_KEY) if request is not None else None
    return chosen if chosen in settings.STOREFRONT_CHANNELS else settings.STOREFRONT_CHANNELS[0]


def set_channel(request, slug: str) -> bool:
    if slug not in settings.STOREFRONT_CHANNELS:
        return False
    request.session[CHANNEL_KEY] = slug
    return True


def checkout_token(request) -> str | None:
    return (request.session.get(CHECKOUTS_KEY) or {}).get(channel_of(request))


def set_checkout_token(request, token: str | None, quantity: int = 0) -> None:
    checkouts = dict(request.session.get(CHECKOUTS_KEY) or {})
    quantities = dict(request.session.get(CART_QUANTITY_KEY) or {})
    channel = channel_of(request)
    if token:
        checkouts[channel] = token
        quantities[channel] = quantity
    else:
        checkouts.pop(channel, None)
        quantities.pop(channel, None)
    request.session[CHECKOUTS_KEY] = checkouts
    request.session[CART_QUANTITY_KEY] = quantities


def cart_quantity(request) -> int:
    return int((request.session.get(CART_QUANTITY_KEY) or {}).get(channel_of(request), 0))


def customer_of(request) -> dict | None:
    customer = request.session.get(CUSTOMER_KEY)
    return {"email": customer["email"], "first_name": customer.get("first_name") or ""} if customer else None


def remember_customer(request, *, token: str, refresh: str, email: str, first_name: str = "") -> None:
    request.session.cycle_key()  # a new session id on sign-in (session fixation)
    request.session[CUSTOMER_KEY] = {"token": token, "refresh": refresh, "email": email, "first_name": first_name}


def forget_customer(request) -> None:
    request.session.pop(CUSTOMER_KEY, None)


def remember_order(request, order_id: str) -> None:
    """A guest may see the orders they placed in this session (the confirmation page)."""
    orders = list(request.session.get(LAST_ORDER_KEY) or [])[-9:]
    orders.append(order_id)
    request.session[LAST_ORDER_KEY] = orders


def may_see_order(request, order_id: str) -> bool:
    return order_id in (request.session.get(LAST_ORDER_KEY) or [])
