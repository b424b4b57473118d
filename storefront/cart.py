"""The cart is a Saleor checkout; the session keeps its ID per channel, so the cart works
without JavaScript and without an account. Errors come back as plain sentences in the
shopper's language (the API's codes are mapped here)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from saleor_client import GraphQLRequestError, GraphQLResponseError

from . import presenters, sessions
from .client import customer_client
from .rendering import language


def error_text(error: dict) -> str:
    code = error.get("code")
    messages = {
        "INSUFFICIENT_STOCK": _("Không đủ hàng cho số lượng bạn chọn."),
        "QUANTITY_GREATER_THAN_LIMIT": _("Số lượng vượt quá giới hạn cho phép."),
        "ZERO_QUANTITY": _("Số lượng phải lớn hơn 0."),
        "PRODUCT_NOT_PUBLISHED": _("Sản phẩm này không còn được bán."),
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE": _("Sản phẩm này chưa mở bán."),
        "UNAVAILABLE_VARIANT_IN_CHANNEL": _("Quy cách này không bán ở cửa hàng này."),
        "NOT_FOUND": _("Không tìm thấy giỏ hàng hoặc sản phẩm."),
        "GRAPHQL_ERROR": _("Yêu cầu không hợp lệ."),
        "INVALID": _("Thông tin chưa hợp lệ."),
        "REQUIRED": _("Vui lòng điền đủ thông tin."),
        "EMAIL_NOT_SET": _("Vui lòng nhập email."),
        "SHIPPING_ADDRESS_NOT_SET": _("Vui lòng nhập địa chỉ giao hàng."),
        "BILLING_ADDRESS_NOT_SET": _("Vui lòng nhập địa chỉ giao hàng."),
        "SHIPPING_METHOD_NOT_SET": _("Vui lòng chọn cách giao hàng."),
        "DELIVERY_METHOD_NOT_APPLICABLE": _("Cách giao hàng này không dùng được cho địa chỉ đã chọn."),
        "SHIPPING_METHOD_NOT_APPLICABLE": _("Cách giao hàng này không dùng được cho địa chỉ đã chọn."),
        "CHECKOUT_NOT_FULLY_PAID": _("Đơn hàng chưa được thanh toán đủ."),
        "EMAIL_ALREADY_EXISTS": _("Email này đã có tài khoản."),
    }
    return messages.get(code) or _("Không thực hiện được yêu cầu. Vui lòng thử lại.")


@dataclass
class CartResult:
    checkout: dict | None
    errors: list[str]


def _vars(extra: dict) -> dict:
    return {"languageCode": language().upper(), **extra}


def _store(request, checkout: dict | None) -> None:
    if checkout:
        sessions.set_checkout_token(request, checkout["id"], checkout["quantity"])
    else:
        sessions.set_checkout_token(request, None)


def current(request) -> dict | None:
    checkout_id = sessions.checkout_token(request)
    if not checkout_id:
        return None
    try:
        checkout = customer_client(request).execute("StorefrontCheckout", _vars({"id": checkout_id})).get("checkout")
    except (GraphQLRequestError, GraphQLResponseError):
        checkout = None
    _store(request, checkout)  # a completed or expired checkout is forgotten
    return checkout


def add(request, variant_id: str, quantity: int) -> CartResult:
    client = customer_client(request)
    lines = [{"variantId": variant_id, "quantity": quantity}]
    checkout_id = sessions.checkout_token(request)
    try:
        if checkout_id:
            data = client.execute("StorefrontCheckoutLinesAdd", _vars({"id": checkout_id, "lines": lines}))
            payload = data.get("checkoutLinesAdd") or {}
            if any(
                e.get("code") == "NOT_FOUND" and e.get("field") in ("id", "checkoutId", "token", None) for e in payload.get("errors") or []
            ) and not payload.get("checkout"):
                checkout_id = None  # the old cart was completed or expired: start a new one
        if not checkout_id:
            customer = sessions.customer_of(request)
            create = {"channel": sessions.channel_of(request), "lines": lines, "languageCode": language().upper()}
            if customer:
                create["email"] = customer["email"]
            payload = client.execute("StorefrontCheckoutCreate", _vars({"input": create})).get("checkoutCreate") or {}
    except (GraphQLRequestError, GraphQLResponseError):
        return CartResult(None, [_("Sản phẩm không hợp lệ.")])
    errors = [error_text(e) for e in payload.get("errors") or []]
    if payload.get("checkout"):
        _store(request, payload["checkout"])
    return CartResult(payload.get("checkout"), errors)


def update(request, line_id: str, quantity: int) -> CartResult:
    checkout_id = sessions.checkout_token(request)
    if not checkout_id:
        return CartResult(None, [_("Giỏ hàng của bạn đang trống.")])
    client = customer_client(request)
    try:
        if quantity <= 0:
            payload = (
                client.execute("StorefrontCheckoutLinesDelete", _vars({"id": checkout_id, "linesIds": [line_id]})).get(
                    "checkoutLinesDelete"
                )
                or {}
            )
        else:
            payload = (
                client.execute(
                    "StorefrontCheckoutLinesUpdate", _vars({"id": checkout_id, "lines": [{"lineId": line_id, "quantity": quantity}]})
                ).get("checkoutLinesUpdate")
                or {}
            )
    except (GraphQLRequestError, GraphQLResponseError):
        return CartResult(None, [_("Yêu cầu không hợp lệ.")])
    if payload.get("checkout"):
        _store(request, payload["checkout"])
    return CartResult(payload.get("checkout"), [error_text(e) for e in payload.get("errors") or []])


def view(checkout: dict | None, lang: str) -> dict | None:
    """The cart as templates show it."""
    if not checkout:
        return None

    def money(m):
        return presenters.money(m["amount"], m["currency"], lang) if m else ""

    lines = []
    for line in checkout["lines"]:
        product = line["variant"]["product"]
        lines.append(
            {
                "id": line["id"],
                "name": presenters.display_name(product),
                "slug": product["slug"],
                "variant": line["variant"]["name"],
                "sku": line["variant"]["sku"],
                "image": (product.get("thumbnail") or {}).get("url"),
                "quantity": line["quantity"],
                "max": max(line["quantity"], line["variant"].get("quantityAvailable") or 0),
                "unit": money(line["unitPrice"]["gross"]),
                "total": money(line["totalPrice"]["gross"]),
            }
        )
    return {
        "id": checkout["id"],
        "lines": lines,
        "quantity": checkout["quantity"],
        "subtotal": money(checkout["subtotalPrice"]["gross"]),
        "shipping": money(checkout["shippingPrice"]["gross"]) if checkout.get("deliveryMethod") else None,
        "total": money(checkout["totalPrice"]["gross"]),
        "total_amount": checkout["totalPrice"]["gross"]["amount"],
        "email": checkout.get("email"),
        "address": checkout.get("shippingAddress"),
        "methods": [{**m, "price_text": money(m["price"])} for m in checkout.get("shippingMethods") or []],
        "delivery": checkout.get("deliveryMethod"),
        "gateways": checkout.get("availablePaymentGateways") or [],
    }
