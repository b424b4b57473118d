"""Accounts: sign in/out, registration, order history and order detail, the address book — all
through the core's account API (tokenCreate, accountRegister, me, accountAddressCreate,
accountAddressUpdate, accountSetDefaultAddress, accountAddressDelete); the session keeps the tokens."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from saleor_client import GraphQLRequestError, GraphQLResponseError, PermissionDeniedError, SaleorClientError

from . import address_form, presenters, sessions
from .client import customer_client, shopper_client
from .rendering import language, render

logger = logging.getLogger(__name__)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _account_error(error: dict) -> str:
    return {
        "INVALID_CREDENTIALS": _("Email hoặc mật khẩu không đúng."),
        "INACTIVE": _("Tài khoản chưa được kích hoạt."),
        "UNIQUE": _("Email này đã có tài khoản. Hãy đăng nhập."),
        "PASSWORD_TOO_SHORT": _("Mật khẩu cần ít nhất 8 ký tự."),
        "PASSWORD_TOO_COMMON": _("Mật khẩu quá phổ biến, hãy chọn mật khẩu khác."),
        "PASSWORD_ENTIRELY_NUMERIC": _("Mật khẩu không được chỉ gồm chữ số."),
        "PASSWORD_TOO_SIMILAR": _("Mật khẩu quá giống thông tin cá nhân."),
        "INVALID": _("Thông tin chưa hợp lệ."),
        "REQUIRED": _("Vui lòng điền đủ thông tin."),
    }.get(error.get("code"), _("Không thực hiện được yêu cầu. Vui lòng thử lại."))


def _sign_in(request, email: str, password: str) -> list[str]:
    payload = shopper_client().execute("StorefrontSignIn", {"email": email, "password": password})["tokenCreate"]
    if payload["errors"] or not payload.get("token"):
        return [_account_error(e) for e in payload["errors"]] or [_("Email hoặc mật khẩu không đúng.")]
    user = payload["user"] or {}
    sessions.remember_customer(
        request,
        token=payload["token"],
        refresh=payload["refreshToken"],
        email=user.get("email", email),
        first_name=user.get("firstName", ""),
    )
    return []


@require_http_methods(["GET", "POST"])
def sign_in(request):
    errors, email = [], ""
    if request.method == "POST":
        email = (request.POST.get("email") or "").strip()
        password = request.POST.get("password") or ""
        if not email or not password:
            errors = [_("Vui lòng nhập email và mật khẩu.")]
        else:
            errors = _sign_in(request, email, password)
        if not errors:
            return redirect(_safe_next(request, reverse("storefront:account")))
    return render(
        request, "account/sign_in.html", {"errors": errors, "email": email, "next": _safe_next(request, "")}, status=400 if errors else 200
    )


@require_POST
def sign_out(request):
    sessions.forget_customer(request)
    request.session.cycle_key()
    messages.success(request, _("Bạn đã đăng xuất."))
    return redirect(reverse("storefront:home"))


@require_http_methods(["GET", "POST"])
def register(request):
    errors, values = [], {"email": "", "first_name": "", "last_name": ""}
    if request.method == "POST":
        values = {k: (request.POST.get(k) or "").strip() for k in values}
        password = request.POST.get("password") or ""
        if not values["email"] or not password:
            errors = [_("Vui lòng nhập email và mật khẩu.")]
        elif password != request.POST.get("password2"):
            errors = [_("Hai mật khẩu không khớp.")]
        else:
            payload = shopper_client().execute(
                "StorefrontRegister",
                {
                    "input": {
                        "email": values["email"],
                        "password": password,
                        "firstName": values["first_name"],
                        "lastName": values["last_name"],
                        "languageCode": language().upper(),
                        "channel": sessions.channel_of(request),
                    }
                },
            )["accountRegister"]
            errors = [_account_error(e) for e in payload["errors"]]
            if not errors:
                if payload.get("requiresConfirmation"):
                    messages.info(request, _("Vui lòng xác nhận email trước khi đăng nhập."))
                    return redirect(reverse("storefront:sign-in"))
                errors = _sign_in(request, values["email"], password)
                if not errors:
                    messages.success(request, _("Chào mừng bạn! Tài khoản đã được tạo."))
                    return redirect(reverse("storefront:account"))
    return render(request, "account/register.html", {"errors": errors, "values": values}, status=400 if errors else 200)


def _money(m, lang):
    return presenters.money(m["amount"], m["currency"], lang) if m else ""


def _require_customer(request):
    if not sessions.customer_of(request):
        return redirect(reverse("storefront:sign-in") + "?next=" + request.path)
    return None


@require_GET
def account(request):
    if (response := _require_customer(request)) is not None:
        return response
    lang = language()
    try:
        me = customer_client(request).execute("StorefrontMe", {"after": (request.GET.get("after") or None)}).get("me")
    except (GraphQLRequestError, GraphQLResponseError):
        me = None
    if not me:
        sessions.forget_customer(request)
        return redirect(reverse("storefront:sign-in"))
    orders = [
        {
            **e["node"],
            "total_text": _money(e["node"]["total"]["gross"], lang),
            "created_date": presenters._date_or_none(e["node"]["created"]),
        }
        for e in me["orders"]["edges"]
    ]
    return render(
        request,
        "account/account.html",
        {
            "me": me,
            "orders": orders,
            "addresses": me["addresses"],
            "next_orders": reverse("storefront:account") + "?after=" + me["orders"]["pageInfo"]["endCursor"]
            if me["orders"]["pageInfo"]["hasNextPage"]
            else None,
        },
    )


def _address_action(request, operation: str, done: str):
    """Run an address-book mutation on the address named in the form, as the signed-in customer;
    the answer is a message on the account page."""
    if not sessions.customer_of(request):
        return redirect(reverse("storefront:sign-in") + "?next=" + reverse("storefront:account"))
    address_id = (request.POST.get("address") or "").strip()
    not_found = _("Không tìm thấy địa chỉ này trong sổ địa chỉ của bạn.")
    if not address_id:
        messages.error(request, not_found)
        return redirect(reverse("storefront:account"))
    try:
        data = customer_client(request).execute(operation, {"id": address_id})
    except PermissionDeniedError:  # not the customer's address (or the session lapsed)
        messages.error(request, not_found)
        return redirect(reverse("storefront:account"))
    except SaleorClientError:
        messages.error(request, _("Không thực hiện được yêu cầu. Vui lòng thử lại."))
        return redirect(reverse("storefront:account"))
    errors = [e for payload in data.values() for e in (payload or {}).get("errors") or []]
    if any(e.get("code") in ("NOT_FOUND", "INVALID", "GRAPHQL_ERROR") for e in errors):
        messages.error(request, not_found)
    elif errors:
        messages.error(request, _account_error(errors[0]))
    else:
        messages.success(request, done)
    return redirect(reverse("storefront:account"))


@require_POST
def address_set_default(request):
    return _address_action(request, "StorefrontSetDefaultAddress", _("Đã đặt làm địa chỉ mặc định."))


@require_POST
def address_delete(request):
    return _address_action(request, "StorefrontDeleteAddress", _("Đã xoá địa chỉ."))


def _not_found(request):
    messages.error(request, _("Không tìm thấy địa chỉ này trong sổ địa chỉ của bạn."))
    return redirect(reverse("storefront:account"))


def _address_page(request, address_id: str | None):
    """Add an address to the book (address_id None) or edit one of the customer's own, with the
    checkout's address fields; optionally make it the default (for delivery and billing)."""
    if (response := _require_customer(request)) is not None:
        return response
    client = customer_client(request)
    if not sessions.customer_of(request):  # the sign-in lapsed while renewing the token
        return _require_customer(request)
    saved = None
    if address_id is not None:
        try:
            me = client.execute("StorefrontMyAddresses").get("me")
        except SaleorClientError:
            messages.error(request, _("Không thực hiện được yêu cầu. Vui lòng thử lại."))
            return redirect(reverse("storefront:account"))
        if not me:
            sessions.forget_customer(request)
            return redirect(reverse("storefront:sign-in") + "?next=" + request.path)
        saved = next((a for a in me["addresses"] if a["id"] == address_id), None)
        if saved is None:  # someone else's address, a deleted one, or not an id at all
            return _not_found(request)
    form = address_form.read(request, saved)
    is_default = bool(saved and saved.get("isDefaultShippingAddress"))
    make_default = request.method == "POST" and bool(request.POST.get("default"))
    errors: dict[str, str] = {}
    # "Choose province" (without JavaScript) only refreshes the ward list.
    if request.method == "POST" and not request.POST.get("refresh"):
        errors = address_form.check(form)
        if not errors:
            try:
                if address_id is None:
                    payload = client.execute("StorefrontCreateAddress", {"input": address_form.to_input(form)})["accountAddressCreate"]
                else:
                    payload = client.execute("StorefrontUpdateAddress", {"id": address_id, "input": address_form.to_input(form)})[
                        "accountAddressUpdate"
                    ]
            except PermissionDeniedError:  # not the customer's address (or the session lapsed)
                return _not_found(request)
            except SaleorClientError:
                payload = {"errors": [{"field": None, "code": "GRAPHQL_ERROR"}]}
            if any(e.get("field") == "id" for e in payload["errors"]):
                return _not_found(request)
            errors = address_form.core_errors(payload["errors"], _account_error)
            if not errors:
                saved_id = address_id or (payload.get("address") or {}).get("id")
                if make_default and not is_default and not _make_default(client, saved_id):
                    messages.warning(request, _("Đã lưu địa chỉ nhưng chưa đặt được làm mặc định. Vui lòng thử lại."))
                else:
                    messages.success(request, _("Đã thêm địa chỉ.") if address_id is None else _("Đã lưu địa chỉ."))
                return redirect(reverse("storefront:account"))
    title = _("Thêm địa chỉ") if address_id is None else _("Sửa địa chỉ")
    return render(
        request,
        "account/address.html",
        {
            **address_form.context(form, errors),
            "title": title,
            "is_default": is_default,
            "make_default": make_default,
        },
        status=400 if errors else 200,
    )


def _make_default(client, address_id: str | None) -> bool:
    if not address_id:
        return False
    try:
        data = client.execute("StorefrontSetDefaultAddress", {"id": address_id})
    except SaleorClientError:
        return False
    return not any((payload or {}).get("errors") for payload in data.values())


@require_http_methods(["GET", "POST"])
def address_new(request):
    return _address_page(request, None)


@require_http_methods(["GET", "POST"])
def address_edit(request, address_id: str):
    return _address_page(request, address_id)


@require_GET
def order_detail(request, order_id: str):
    if (response := _require_customer(request)) is not None:
        return response
    lang = language()
    try:
        order = customer_client(request).execute("StorefrontOrder", {"id": order_id}).get("order")
    except PermissionDeniedError:
        order = None
    except (GraphQLRequestError, GraphQLResponseError):
        order = None
    if not order:
        raise Http404("order")
    view = {
        **order,
        "total_text": _money(order["total"]["gross"], lang),
        "subtotal_text": _money(order["subtotal"]["gross"], lang),
        "shipping_text": _money(order["shippingPrice"]["gross"], lang),
        "charged_text": _money(order["totalCharged"], lang),
        "lines_view": [{**line, "total_text": _money(line["totalPrice"]["gross"], lang)} for line in order["lines"]],
    }
    return render(request, "account/order.html", {"order": view})


def _reset_link_requested(request, email: str) -> bool:
    """Whether the core took the request for a reset link.

    The core answers the same for addresses with and without an account (Saleor 3.23); a core
    that still answers NOT_FOUND for the e-mail (older Saleor) is read as that same answer, so
    the page cannot tell who shops here. Anything else it refuses — a link to a host it does
    not allow (its ALLOWED_CLIENT_HOSTS), a mail server that failed — is a fault of ours: the
    shopper is told nothing was sent, the operator finds the reason in the log."""
    redirect_url = request.build_absolute_uri(reverse("storefront:password-reset-confirm"))
    variables = {"email": email, "redirectUrl": redirect_url, "channel": sessions.channel_of(request)}
    try:
        response = shopper_client().request("StorefrontRequestPasswordReset", variables)
    except SaleorClientError:
        logger.exception("requestPasswordReset could not run")
        return False
    payload = (response.data or {}).get("requestPasswordReset") or {}
    refusals = [e for e in payload.get("errors") or [] if not (e.get("field") == "email" and e.get("code") == "NOT_FOUND")]
    if response.errors or refusals or not payload:
        logger.error("requestPasswordReset refused the link to %s: %s", redirect_url, response.errors or refusals)
        return False
    return True


@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Ask for a reset link. The answer is the same whether or not the address has an account,
    so the form cannot be used to find out who shops here; it says "sent" only when the core
    took the request."""
    sent, errors, email, status = False, [], "", 200
    if request.method == "POST":
        email = (request.POST.get("email") or "").strip()
        if not email or "@" not in email:
            errors, status = [_("Vui lòng nhập một địa chỉ email hợp lệ.")], 400
        elif _reset_link_requested(request, email):
            sent = True
        else:
            errors = [_("Chưa gửi được liên kết đặt lại mật khẩu. Vui lòng thử lại sau ít phút hoặc liên hệ cửa hàng.")]
            status = 503
    return render(request, "account/password_reset.html", {"sent": sent, "errors": errors, "email": email}, status=status)


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request):
    source = request.POST if request.method == "POST" else request.GET
    email, token = (source.get("email") or "").strip(), (source.get("token") or "").strip()
    errors = []
    if request.method == "POST":
        password = request.POST.get("password") or ""
        if password != request.POST.get("password2"):
            errors = [_("Hai mật khẩu không khớp.")]
        else:
            payload = shopper_client().execute("StorefrontSetPassword", {"email": email, "token": token, "password": password})[
                "setPassword"
            ]
            errors = [
                _("Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn.") if e.get("field") in ("token", "email") else _account_error(e)
                for e in payload["errors"]
            ]
            if not errors and payload.get("token"):
                user = payload.get("user") or {}
                sessions.remember_customer(
                    request,
                    token=payload["token"],
                    refresh=payload["refreshToken"],
                    email=user.get("email", email),
                    first_name=user.get("firstName", ""),
                )
                messages.success(request, _("Đã đặt mật khẩu mới."))
                return redirect(reverse("storefront:account"))
    return render(
        request, "account/password_reset_confirm.html", {"email": email, "token": token, "errors": errors}, status=400 if errors else 200
    )
