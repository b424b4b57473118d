"""Cart and checkout pages: contact → address → delivery → payment → confirmation.

Each step is a plain form (works without JavaScript) posting to a thin view that calls one or
two Saleor mutations through saleor_client; JavaScript only adds the cart drawer, the ward
picker refresh and Stripe's card form."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from saleor_client import GraphQLRequestError, GraphQLResponseError, SaleorClientError

from . import address_form, addresses, cart, presenters, sessions
from .client import customer_client
from .rendering import language, render

COD = "ocop.payments.cod"
VIETQR = "ocop.payments.vietqr"
STRIPE = "ocop.payments.stripe"
STEPS = ("contact", "address", "delivery", "payment")


def _friendly(view):
    """A refusal from the core in the middle of a step (the checkout expired, a stale ID, the
    core unreachable) becomes a plain message and the cart, not a 500."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SaleorClientError:
            import logging

            logging.getLogger(__name__).warning("checkout step failed", exc_info=True)
            messages.error(request, _("Không thực hiện được yêu cầu. Vui lòng thử lại."))
            return redirect(reverse("storefront:cart"))

    return wrapper


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _quantity(value, default=1) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= 999 else None


@require_GET
def cart_page(request):
    checkout = cart.current(request)
    context = {"cart": cart.view(checkout, language())}
    if request.GET.get("fragment") == "drawer":
        return render(request, "_cart_drawer.html", context)
    return render(request, "cart.html", context)


@require_POST
def cart_add(request):
    quantity = _quantity(request.POST.get("quantity"))
    variant = (request.POST.get("variant") or "").strip()
    if not variant or not quantity:
        errors = [_("Vui lòng chọn quy cách và số lượng hợp lệ.")]
        result = cart.CartResult(None, errors)
    else:
        result = cart.add(request, variant, quantity)
    if _wants_json(request):
        return JsonResponse(
            {"ok": not result.errors, "errors": result.errors, "quantity": sessions.cart_quantity(request)},
            status=200 if not result.errors else 400,
        )
    for error in result.errors:
        messages.error(request, error)
    if not result.errors:
        messages.success(request, _("Đã thêm vào giỏ hàng."))
    return redirect(reverse("storefront:cart"))


@require_POST
def cart_update(request):
    quantity = _quantity(request.POST.get("quantity"))
    if request.POST.get("remove"):
        quantity = 0
    line = request.POST.get("line") or ""
    if quantity is None or not line:
        messages.error(request, _("Số lượng không hợp lệ."))
    else:
        for error in cart.update(request, line, quantity).errors:
            messages.error(request, error)
    return redirect(reverse("storefront:cart"))


# --- Checkout steps --------------------------------------------------------------------------


def _checkout_or_cart(request):
    checkout = cart.current(request)
    if not checkout or not checkout["lines"]:
        return None
    return checkout


def _steps(view: dict, current: str) -> list[dict]:
    done = {
        "contact": bool(view["email"]),
        "address": bool(view["address"]),
        "delivery": bool(view["delivery"]),
        "payment": False,
    }
    labels = {"contact": _("Liên hệ"), "address": _("Địa chỉ"), "delivery": _("Giao hàng"), "payment": _("Thanh toán")}
    return [
        {"key": k, "label": labels[k], "done": done[k], "current": k == current, "url": reverse(f"storefront:checkout-{k}")} for k in STEPS
    ]


def _render_step(request, step: str, checkout: dict, context: dict, status: int = 200):
    view = cart.view(checkout, language())
    return render(request, f"checkout/{step}.html", {"cart": view, "steps": _steps(view, step), "step": step, **context}, status=status)


@require_GET
def checkout_start(request):
    checkout = _checkout_or_cart(request)
    if not checkout:
        return redirect(reverse("storefront:cart"))
    view = cart.view(checkout, language())
    for step in _steps(view, ""):
        if not step["done"]:
            return redirect(step["url"])
    return redirect(reverse("storefront:checkout-payment"))


@require_http_methods(["GET", "POST"])
@_friendly
def checkout_contact(request):
    checkout = _checkout_or_cart(request)
    if not checkout:
        return redirect(reverse("storefront:cart"))
    customer = sessions.customer_of(request)
    email = checkout.get("email") or (customer or {}).get("email") or ""
    errors = []
    if request.method == "POST":
        email = (request.POST.get("email") or "").strip()
        if not email or "@" not in email or len(email) > 254:
            errors.append(_("Vui lòng nhập một địa chỉ email hợp lệ."))
        else:
            payload = customer_client(request).execute("StorefrontCheckoutEmail", {"id": checkout["id"], "email": email})[
                "checkoutEmailUpdate"
            ]
            errors = [_("Email không hợp lệ.") if e.get("field") == "email" else cart.error_text(e) for e in payload["errors"]]
            if not errors:
                if customer:
                    customer_client(request).request("StorefrontCheckoutCustomerAttach", {"id": checkout["id"]})
                return redirect(reverse("storefront:checkout-address"))
    return _render_step(request, "contact", checkout, {"email": email, "errors": errors}, status=400 if errors else 200)


def _default_address(request) -> dict:
    """The signed-in shopper's default shipping address (from their address book, filled by
    their earlier orders); empty for a guest, or when the core cannot say."""
    if not sessions.customer_of(request):
        return {}
    try:
        me = customer_client(request).execute("StorefrontDefaultShippingAddress").get("me")
    except SaleorClientError:
        return {}
    return (me or {}).get("defaultShippingAddress") or {}


def _address_form(request, checkout) -> dict:
    saved = checkout.get("shippingAddress")
    if not saved and request.method == "GET":
        # A returning customer does not retype the address: start from their default.
        saved = _default_address(request)
    return address_form.read(request, saved)


@require_http_methods(["GET", "POST"])
@_friendly
def checkout_address(request):
    checkout = _checkout_or_cart(request)
    if not checkout:
        return redirect(reverse("storefront:cart"))
    form = _address_form(request, checkout)
    errors: dict[str, str] = {}
    # "Choose province" (without JavaScript) only refreshes the ward list.
    if request.method == "POST" and not request.POST.get("refresh"):
        errors = address_form.check(form)
        if not errors:
            data = customer_client(request).execute(
                "StorefrontCheckoutAddress", {"id": checkout["id"], "address": address_form.to_input(form)}
            )
            for key in ("checkoutShippingAddressUpdate", "checkoutBillingAddressUpdate"):
                for target, text in address_form.core_errors(data[key]["errors"], cart.error_text).items():
                    errors.setdefault(target, text)
            if not errors:
                return redirect(reverse("storefront:checkout-delivery"))
    return _render_step(request, "address", checkout, address_form.context(form, errors), status=400 if errors else 200)


@require_GET
def wards_json(request):
    """The wards and communes of one province, for the address form's ward picker."""
    province = addresses.province_by_code(request.GET.get("province"))
    if not province:
        return JsonResponse({"error": _("Không có tỉnh/thành này.")}, status=400)
    response = JsonResponse({"province": province["name"], "wards": addresses.wards(province["code"])})
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_http_methods(["GET", "POST"])
@_friendly
def checkout_delivery(request):
    checkout = _checkout_or_cart(request)
    if not checkout:
        return redirect(reverse("storefront:cart"))
    if not checkout.get("shippingAddress"):
        return redirect(reverse("storefront:checkout-address"))
    errors = []
    if request.method == "POST":
        method = request.POST.get("method") or ""
        if method not in {m["id"] for m in checkout.get("shippingMethods") or []}:
            errors.append(_("Vui lòng chọn một cách giao hàng."))
        else:
            payload = customer_client(request).execute("StorefrontCheckoutDelivery", {"id": checkout["id"], "deliveryMethodId": method})[
                "checkoutDeliveryMethodUpdate"
            ]
            errors = [cart.error_text(e) for e in payload["errors"]]
            if not errors:
                return redirect(reverse("storefront:checkout-payment"))
    return _render_step(request, "delivery", checkout, {"errors": errors}, status=400 if errors else 200)


def _gateway_labels() -> dict:
    return {
        COD: (_("Thanh toán khi nhận hàng (COD)"), _("Trả tiền mặt cho người giao hàng.")),
        VIETQR: (_("Chuyển khoản VietQR"), _("Quét mã QR bằng ứng dụng ngân hàng; đơn được xác nhận khi tiền về.")),
        STRIPE: (_("Thẻ ngân hàng quốc tế"), _("Visa, Mastercard — qua Stripe.")),
    }


def _complete(request, checkout: dict, gateway: str):
    """Complete the checkout; remember the order for the confirmation page (a guest cannot read
    an order back from the API, so the confirmation shows what completion returned)."""
    payload = customer_client(request).execute(
        "StorefrontCheckoutComplete",
        {"id": checkout["id"], "paymentData": json.dumps({"gateway": gateway})},
    )["checkoutComplete"]
    if payload["errors"] or not payload.get("order"):
        return None, [cart.error_text(e) for e in payload["errors"]] or [_("Không hoàn tất được đơn hàng.")]
    order = payload["order"]
    sessions.set_checkout_token(request, None)
    sessions.remember_order(request, order["id"])
    request.session[f"storefront.order.{order['id']}"] = {"order": order, "gateway": gateway}
    return order, []


@require_http_methods(["GET", "POST"])
@_friendly
def checkout_payment(request):
    checkout = _checkout_or_cart(request)
    if not checkout:
        return redirect(reverse("storefront:cart"))
    for step, ok in (
        ("contact", checkout.get("email")),
        ("address", checkout.get("shippingAddress")),
        ("delivery", checkout.get("deliveryMethod")),
    ):
        if not ok:
            return redirect(reverse(f"storefront:checkout-{step}"))
    labels = _gateway_labels()
    gateways = [
        {"id": g["id"], "label": labels.get(g["id"], (g["name"], ""))[0], "hint": labels.get(g["id"], ("", ""))[1]}
        for g in checkout["availablePaymentGateways"]
    ]
    errors = []
    if request.method == "POST":
        gateway = request.POST.get("gateway") or ""
        client = customer_client(request)
        if gateway not in {g["id"] for g in gateways}:
            errors.append(_("Vui lòng chọn cách thanh toán."))
        elif gateway == COD:
            payload = client.execute(
                "StorefrontTransactionInitialize", {"id": checkout["id"], "gateway": COD, "key": f"cod-{checkout['id']}"}
            )["transactionInitialize"]
            errors = [cart.error_text(e) for e in payload["errors"]]
            if not errors:
                order, errors = _complete(request, checkout, COD)
                if order:
                    return redirect(reverse("storefront:order-confirmation", args=[order["id"]]))
        elif gateway == VIETQR:
            # The order is placed first (stock allocated), then paid by transfer; the page
            # waits for the bank's notification.
            order, errors = _complete(request, checkout, VIETQR)
            if order:
                return redirect(reverse("storefront:order-vietqr", args=[order["id"]]))
        elif gateway == STRIPE:
            payload = client.execute(
                "StorefrontTransactionInitialize", {"id": checkout["id"], "gateway": STRIPE, "key": f"stripe-{uuid.uuid4()}"}
            )["transactionInitialize"]
            errors = [cart.error_text(e) for e in payload["errors"]]
            data = payload.get("data") or {}
            if not errors and (data.get("paymentIntent") or {}).get("clientSecret"):
                request.session["storefront.stripe"] = {"transaction": payload["transaction"]["id"], "checkout": checkout["id"]}
                return _render_step(
                    request,
                    "card",
                    checkout,
                    {
                        "client_secret": data["paymentIntent"]["clientSecret"],
                        "publishable_key": data.get("publishableKey"),
                        "stripe_js": data.get("stripeJsUrl") or _stripe_js_url(),
                    },
                )
            errors = errors or [_("Không khởi tạo được thanh toán thẻ. Vui lòng chọn cách khác.")]
    return _render_step(request, "payment", checkout, {"gateways": gateways, "errors": errors}, status=400 if errors else 200)


def _stripe_js_url() -> str:
    """Stripe.js from Stripe in production; from localstripe (its shim) when the API base points
    there — the page never loads a script from a host the operator did not configure."""
    base = settings.STRIPE_API_BASE
    return f"{base.rstrip('/')}/js.stripe.com/v3/" if base else "https://js.stripe.com/v3/"


@require_POST
@_friendly
def checkout_card_return(request):
    """After Stripe.js confirmed the card: ask the core for the transaction's state, then place
    the order when it is charged."""
    state = request.session.get("storefront.stripe") or {}
    checkout = _checkout_or_cart(request)
    if not state or not checkout or checkout["id"] != state.get("checkout"):
        messages.error(request, _("Phiên thanh toán đã hết hạn. Vui lòng thử lại."))
        return redirect(reverse("storefront:cart"))
    payload = customer_client(request).execute("StorefrontTransactionProcess", {"id": state["transaction"]})["transactionProcess"]
    charged = (payload.get("transaction") or {}).get("chargedAmount", {}).get("amount", 0)
    if payload["errors"] or charged < checkout["totalPrice"]["gross"]["amount"]:
        messages.error(request, _("Thẻ chưa được thanh toán. Vui lòng kiểm tra lại thông tin thẻ."))
        return redirect(reverse("storefront:checkout-payment"))
    order, errors = _complete(request, checkout, STRIPE)
    request.session.pop("storefront.stripe", None)
    if not order:
        for error in errors:
            messages.error(request, error)
        return redirect(reverse("storefront:checkout-payment"))
    return redirect(reverse("storefront:order-confirmation", args=[order["id"]]))


def _remembered_order(request, order_id: str) -> dict:
    if not sessions.may_see_order(request, order_id):
        raise Http404("order")
    remembered = request.session.get(f"storefront.order.{order_id}")
    if not remembered:
        raise Http404("order")
    return remembered


def _order_view(order: dict, lang: str) -> dict:
    def money(m):
        return presenters.money(m["amount"], m["currency"], lang) if m else ""

    return {
        **order,
        "total_text": money(order["total"]["gross"]),
        "subtotal_text": money(order["subtotal"]["gross"]),
        "shipping_text": money(order["shippingPrice"]["gross"]),
        "lines_view": [{**line, "total_text": money(line["totalPrice"]["gross"])} for line in order["lines"]],
    }


@require_GET
def order_confirmation(request, order_id: str):
    remembered = _remembered_order(request, order_id)
    labels = _gateway_labels()
    return render(
        request,
        "checkout/confirmation.html",
        {
            "order": _order_view(remembered["order"], language()),
            "gateway": labels.get(remembered["gateway"], ("", ""))[0],
            "paid": remembered.get("paid", False),
        },
    )


def _vietqr_transaction(request, order_id: str) -> dict:
    """Start (once — the idempotency key is the order) or look up the order's transfer."""
    remembered = _remembered_order(request, order_id)
    client = customer_client(request)
    if remembered.get("transaction"):
        payload = client.execute("StorefrontTransactionProcess", {"id": remembered["transaction"]})["transactionProcess"]
    else:
        payload = client.execute("StorefrontTransactionInitialize", {"id": order_id, "gateway": VIETQR, "key": f"vietqr-{order_id}"})[
            "transactionInitialize"
        ]
        if payload.get("transaction"):
            remembered["transaction"] = payload["transaction"]["id"]
            request.session[f"storefront.order.{order_id}"] = remembered
    return payload


@require_GET
@_friendly
def order_vietqr(request, order_id: str):
    remembered = _remembered_order(request, order_id)
    payload = _vietqr_transaction(request, order_id)
    if payload["errors"] or not payload.get("data"):
        messages.error(request, _("Chưa tạo được mã chuyển khoản. Vui lòng tải lại trang."))
    data = payload.get("data") or {}
    transaction = payload.get("transaction") or {}
    total = remembered["order"]["total"]["gross"]
    paid = (transaction.get("chargedAmount") or {}).get("amount", 0) >= total["amount"]
    if paid:
        remembered["paid"] = True
        request.session[f"storefront.order.{order_id}"] = remembered
        return redirect(reverse("storefront:order-confirmation", args=[order_id]))
    return render(
        request,
        "checkout/vietqr.html",
        {
            "order": _order_view(remembered["order"], language()),
            "transfer": data,
            "amount_text": presenters.money(total["amount"], total["currency"], language()),
            "status_url": reverse("storefront:order-vietqr-status", args=[order_id]),
        },
    )


@require_GET
def order_vietqr_status(request, order_id: str):
    """Polled by the VietQR page: has the bank told us the money arrived?"""
    remembered = _remembered_order(request, order_id)
    try:
        payload = _vietqr_transaction(request, order_id)
    except (GraphQLRequestError, GraphQLResponseError):
        return JsonResponse({"paid": False}, status=503)
    charged = ((payload.get("transaction") or {}).get("chargedAmount") or {}).get("amount", 0)
    paid = charged >= remembered["order"]["total"]["gross"]["amount"]
    if paid:
        remembered["paid"] = True
        request.session[f"storefront.order.{order_id}"] = remembered
    response = JsonResponse({"paid": paid, "next": reverse("storefront:order-confirmation", args=[order_id]) if paid else None})
    response["Cache-Control"] = "no-store"
    return response
