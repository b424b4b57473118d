"""Wholesale pages under /wholesale/: the business application and its status, quick order
(SKU table and CSV), saved lists, reorder, the wholesale checkout (bank transfer or net-30) and
each order's documents (pro-forma invoice, delivery note as PDF).

Cart and order work goes through the core's API (saleor_client) — the same gate and rules hold
here as for any client; the business domain (applications, lists, documents) is ours, reached
through commerce.business services."""

from __future__ import annotations

import json
import uuid
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from graphql_relay import from_global_id

from commerce.account.address import match_province
from commerce.business import gate, services
from commerce.business.models import BusinessAccount, SavedList
from saleor_client import GraphQLRequestError, GraphQLResponseError, PermissionDeniedError
from storefront import addresses, cart, presenters, sessions
from storefront.rendering import language, render

from . import quick_order
from .client import current_user, wholesale_client

CHANNEL = "wholesale"
TABLE_ROWS = 10


def customer_required(view):
    """Signed-in customers only; the page runs in the wholesale channel (its theme, its cart)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = current_user(request)
        if user is None:
            return redirect(reverse("storefront:sign-in") + "?next=" + request.path)
        sessions.set_channel(request, CHANNEL)
        request.wholesale_user = user
        request.business_account = BusinessAccount.objects.filter(user=user).first()
        return view(request, *args, **kwargs)

    return wrapper


def approved_required(view):
    @wraps(view)
    @customer_required
    def wrapper(request, *args, **kwargs):
        problem = gate.buyer_problem(request.wholesale_user, language())
        if problem:
            return render(request, "wholesale/not_approved.html", {"problem": problem, "account": request.business_account}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


# --- Application and status ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@customer_required
def apply(request):
    account = request.business_account
    if account is not None and account.is_approved:
        return redirect(reverse("wholesale:account"))
    values = {name: getattr(account, name, "") if account else "" for name in services.FIELDS}
    if not values["contact_email"]:
        values["contact_email"] = request.wholesale_user.email
    if not values["province"]:
        values["province"] = addresses.HOME_PROVINCE
    errors: dict = {}
    if request.method == "POST":
        values = {name: (request.POST.get(name) or "").strip() for name in services.FIELDS}
        try:
            services.apply(request.wholesale_user, values)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Đã gửi hồ sơ doanh nghiệp. Chúng tôi sẽ báo kết quả qua email."))
            return redirect(reverse("wholesale:account"))
    province = addresses.province_by_name(match_province(values["province"]) or "") or addresses.province_by_name(addresses.HOME_PROVINCE)
    return render(
        request,
        "wholesale/apply.html",
        {
            "values": values,
            "errors": errors,
            "provinces": addresses.provinces(),
            "province": province,
            "wards": addresses.wards(province["code"]),
            "account": account,
        },
        status=400 if errors else 200,
    )


def _orders(request) -> list[dict]:
    lang = language()
    try:
        me = wholesale_client(request).execute("WholesaleMyOrders").get("me") or {}
    except (GraphQLRequestError, GraphQLResponseError):
        return []
    orders = []
    for edge in (me.get("orders") or {}).get("edges") or []:
        node = edge["node"]
        if node["channel"]["slug"] != CHANNEL:
            continue
        metadata = {m["key"]: m["value"] for m in node.get("metadata") or []}
        orders.append(
            {
                **node,
                "total_text": presenters.money(node["total"]["gross"]["amount"], node["total"]["gross"]["currency"], lang),
                "terms": metadata.get("paymentTerms"),
                "due_date": metadata.get("paymentDueDate"),
            }
        )
    return orders


@require_GET
@customer_required
def account(request):
    account = request.business_account
    context = {"account": account, "orders": _orders(request) if account and account.is_approved else []}
    if account and account.is_approved:
        context["minimum"] = presenters.money(gate.minimum_order_value_for_slug(CHANNEL), "VND", language())
    return render(request, "wholesale/account.html", context)


# --- Quick order, saved lists, reorder -------------------------------------------------------


def _cart_view(checkout):
    return cart.view(checkout, language())


def _quick_order_page(request, report=None, status=200):
    checkout = report.checkout if report else cart.current(request)
    return render(
        request,
        "wholesale/quick_order.html",
        {
            "report": report,
            "cart": _cart_view(checkout),
            "table_rows": range(1, TABLE_ROWS + 1),
            "lists": SavedList.objects.filter(user=request.wholesale_user),
        },
        status=status,
    )


def _announce(request, report) -> None:
    if report.added:
        messages.success(request, _("Đã thêm %(n)s dòng vào giỏ hàng sỉ.") % {"n": len(report.added)})


@require_http_methods(["GET", "POST"])
@approved_required
def quick_order_page(request):
    if request.method == "GET":
        return _quick_order_page(request)
    upload = request.FILES.get("csv")
    if upload is not None:
        if upload.size > 512 * 1024:
            rows, problems = [], [_("Tệp CSV quá lớn (tối đa 512 KB).")]
        else:
            rows, problems = quick_order.parse_csv(upload.read())
    else:
        rows, problems = quick_order.rows_from_table(request.POST.getlist("sku"), request.POST.getlist("quantity")), []
    if not rows and not problems:
        problems = [_("Vui lòng nhập ít nhất một mã hàng và số lượng.")]
    report = quick_order.add_rows(request, rows) if rows else quick_order.Report(checkout=cart.current(request))
    report.errors = problems + report.errors
    _announce(request, report)
    return _quick_order_page(request, report, status=400 if (report.rejected or report.errors) else 200)


def _rows_of(items) -> list[quick_order.Row]:
    return [quick_order.Row(number=i, sku=sku, quantity_text=str(q), quantity=q) for i, (sku, q) in enumerate(items, start=1)]


@require_POST
@approved_required
def reorder(request, order_id: str):
    try:
        order = wholesale_client(request).execute("WholesaleOrderLines", {"id": order_id}).get("order")
    except (PermissionDeniedError, GraphQLRequestError, GraphQLResponseError):
        order = None
    if not order:
        raise Http404("order")
    report = quick_order.add_rows(request, _rows_of((line["productSku"] or "", line["quantity"]) for line in order["lines"]))
    _announce(request, report)
    return _quick_order_page(request, report, status=400 if (report.rejected or report.errors) else 200)


@require_http_methods(["GET", "POST"])
@approved_required
def saved_lists(request):
    from commerce.product.models import ProductVariant

    errors = []
    if request.method == "POST":
        checkout = cart.current(request)
        lines = (checkout or {}).get("lines") or []
        pks = {line["variant"]["id"]: int(from_global_id(line["variant"]["id"])[1]) for line in lines}
        variants = ProductVariant.objects.in_bulk(pks.values())
        try:
            saved = services.save_list(
                request.wholesale_user, request.POST.get("name", ""), [(variants[pks[l["variant"]["id"]]], l["quantity"]) for l in lines]
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Đã lưu danh sách “%(name)s”.") % {"name": saved.name})
            return redirect(reverse("wholesale:lists"))
    lists = SavedList.objects.filter(user=request.wholesale_user).prefetch_related("items__variant__product")
    return render(
        request,
        "wholesale/lists.html",
        {"lists": lists, "errors": errors, "cart": _cart_view(cart.current(request))},
        status=400 if errors else 200,
    )


@require_POST
@approved_required
def saved_list_add(request, list_id: int):
    saved = SavedList.objects.filter(user=request.wholesale_user, pk=list_id).prefetch_related("items__variant").first()
    if saved is None:
        raise Http404("list")
    report = quick_order.add_rows(request, _rows_of((item.variant.sku or "", item.quantity) for item in saved.items.all()))
    _announce(request, report)
    return _quick_order_page(request, report, status=400 if (report.rejected or report.errors) else 200)


@require_POST
@approved_required
def saved_list_delete(request, list_id: int):
    services.delete_list(request.wholesale_user, list_id)
    messages.success(request, _("Đã xoá danh sách."))
    return redirect(reverse("wholesale:lists"))


# --- Checkout ---------------------------------------------------------------------------------


def _address_of(account) -> dict:
    parts = account.contact_name.split()
    first, last = (" ".join(parts[1:]), parts[0]) if len(parts) > 1 else (account.contact_name, "")
    return {
        "firstName": first,
        "lastName": last,
        "companyName": account.company_name,
        "streetAddress1": account.street_address,
        "city": account.ward,
        "countryArea": account.province,
        "country": "VN",
        "phone": account.contact_phone,
    }


@require_http_methods(["GET", "POST"])
@approved_required
def checkout(request):
    account = request.business_account
    current = cart.current(request)
    if not current or not current["lines"]:
        messages.info(request, _("Giỏ hàng sỉ đang trống."))
        return redirect(reverse("wholesale:quick-order"))
    client = wholesale_client(request)
    errors = []
    if not current.get("shippingAddress"):
        data = client.execute(
            "WholesaleCheckoutAddress", {"id": current["id"], "address": _address_of(account), "email": request.wholesale_user.email}
        )
        errors = [quick_order.error_message(e) for key in data for e in (data[key] or {}).get("errors") or []]
        current = cart.current(request)
    if request.method == "POST" and not errors:
        method = request.POST.get("method") or ""
        terms = request.POST.get("terms") or "bank_transfer"
        if method not in {m["id"] for m in current.get("shippingMethods") or []}:
            errors.append(_("Vui lòng chọn cách giao hàng."))
        elif terms not in ("bank_transfer", "net30") or (terms == "net30" and not account.net30_granted):
            errors.append(_("Vui lòng chọn điều khoản thanh toán."))
        else:
            data = client.execute(
                "WholesaleCheckoutComplete",
                {
                    "id": current["id"],
                    "deliveryMethodId": method,
                    "paymentData": json.dumps({"paymentTerms": terms}),
                },
            )
            errors = [
                quick_order.error_message(e) for e in data["checkoutDeliveryMethodUpdate"]["errors"] + data["checkoutComplete"]["errors"]
            ]
            order = data["checkoutComplete"].get("order")
            if order and not errors:
                sessions.set_checkout_token(request, None)
                messages.success(request, _("Đã đặt đơn hàng sỉ #%(n)s.") % {"n": order["number"]})
                return redirect(reverse("wholesale:order", args=[order["id"]]))
            current = cart.current(request) or current
    view = _cart_view(current)
    return render(
        request,
        "wholesale/checkout.html",
        {
            "cart": view,
            "account": account,
            "errors": errors,
            "address": current.get("shippingAddress"),
            "minimum": presenters.money(gate.minimum_order_value_for_slug(CHANNEL), "VND", language()),
        },
        status=400 if errors else 200,
    )


# --- Orders and documents ----------------------------------------------------------------------


def _own_order(request, order_id: str):
    from commerce.order.models import Order

    try:
        type_name, pk = from_global_id(order_id)
        pk = uuid.UUID(pk)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise Http404("order")
    order = Order.objects.filter(pk=pk, user=request.wholesale_user, channel__slug=CHANNEL).first() if type_name == "Order" else None
    if order is None:
        raise Http404("order")
    return order


@require_GET
@customer_required
def order(request, order_id: str):
    from commerce.business.models import OrderTerms

    order = _own_order(request, order_id)
    terms = OrderTerms.objects.filter(order=order).first()
    lang = language()
    return render(
        request,
        "wholesale/order.html",
        {
            "order": order,
            "order_id": order_id,
            "terms": terms,
            "total": presenters.money(order.total_gross_amount, order.currency, lang),
            "outstanding": presenters.money(order.outstanding_amount, order.currency, lang),
            "lines": [
                {
                    "sku": l.product_sku,
                    "name": l.product_name,
                    "quantity": l.quantity,
                    "total": presenters.money(l.total_price_gross_amount, l.currency, lang),
                }
                for l in order.lines.all()
            ],
        },
    )


@require_GET
@customer_required
def document(request, order_id: str, kind: str):
    from commerce.business.documents import delivery_note_pdf, proforma_pdf

    order = _own_order(request, order_id)
    render_pdf, name = {"proforma": (proforma_pdf, "proforma"), "delivery-note": (delivery_note_pdf, "phieu-giao-hang")}[kind]
    response = HttpResponse(render_pdf(order), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}-{order.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
