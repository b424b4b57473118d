"""The register's JSON API under /pos/api/ (documented in docs/pos-sync.md and
docs/pos-openapi.yaml). Thin: authenticate, limit, parse, call a service, answer."""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Cashier, PosSession, Sale
from .services import catalog, devices, ingest, inputs, numbering, orders, ratelimit, receipts, sessions

log = logging.getLogger(__name__)


def error(status: int, code: str, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": message, **extra}}, status=status)
    if "retryAfter" in extra:
        response["Retry-After"] = str(extra["retryAfter"])
    return response


def _body(request) -> dict:
    return inputs.json_object(request.body)


def bad_input(exc: inputs.BadInput | inputs.BadBody) -> JsonResponse:
    extra = {"field": exc.field} if getattr(exc, "field", None) else {}
    return error(400, exc.code, exc.vietnamese, **extra)


def device_api(limit_setting: str = "POS_RATE_LIMIT_API"):
    """Device-token auth (Authorization: Device <token>) and a per-register rate limit."""

    def decorate(view):
        @csrf_exempt  # no cookies: the device token is the credential
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            try:
                register = devices.register_for_token(token.strip() if scheme.lower() == "device" else "")
            except devices.AuthError as exc:
                return error(401, exc.code, str(exc))
            try:
                ratelimit.hit(f"{limit_setting}:{register.pk}", getattr(settings, limit_setting))
            except ratelimit.RateLimited as exc:
                return error(429, "RATE_LIMITED", "Quá nhiều yêu cầu; thử lại sau.", retryAfter=exc.retry_after)
            try:
                return view(request, register, *args, **kwargs)
            except (inputs.BadInput, inputs.BadBody) as exc:
                return bad_input(exc)
            except NotFound as exc:
                return error(404, "NOT_FOUND", str(exc))
            except ValueError:
                # A check deeper down that did not say it in the register's words: answered,
                # never shown raw (it would be Python's English and internals).
                log.warning("register %s: bad input to %s", register.pk, view.__name__, exc_info=True)
                return error(400, "INVALID", "Dữ liệu gửi lên không hợp lệ.")
            except sessions.SessionError as exc:
                return error(409, exc.code, str(exc))
            except devices.AuthError as exc:
                return error(
                    403 if exc.code != "LOCKED" else 429, exc.code, str(exc), **({"retryAfter": exc.retry_after} if exc.retry_after else {})
                )

        return wrapped

    return decorate


class NotFound(Exception):
    pass


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "?")


@csrf_exempt
@require_http_methods(["POST"])
def pair(request):
    try:
        ratelimit.hit(f"pair:{_client_ip(request)}", settings.POS_RATE_LIMIT_PAIRING)
    except ratelimit.RateLimited as exc:
        return error(429, "RATE_LIMITED", "Quá nhiều lần thử; đợi một lát.", retryAfter=exc.retry_after)
    # The body is read before any credential exists: it must be safe to parse anything.
    try:
        code = inputs.text(_body(request).get("code"), "code", max_length=32)
    except (inputs.BadInput, inputs.BadBody) as exc:
        return bad_input(exc)
    try:
        register, token = devices.pair(code)
    except devices.AuthError as exc:
        return error(400, exc.code, str(exc))
    return JsonResponse({"token": token, "register": _register_info(register)})


def _session_info(session: PosSession | None) -> dict | None:
    if session is None:
        return None
    return {
        "id": session.pk,
        "openedAt": session.opened_at.isoformat(),
        "openingFloat": int(session.opening_float),
        "openedBy": session.opened_by.name if session.opened_by else None,
    }


def _register_info(register) -> dict:
    booth, fair = register.booth, register.booth.fair
    return {
        "id": register.pk,
        "name": register.name,
        "receiptPrefix": register.receipt_prefix,
        "lastReceiptSeq": numbering.last_sequence(register),
        "booth": {
            "code": booth.code,
            "name": booth.name,
            "producer": booth.producer_name,
            "bankBin": booth.bank_bin,
            "bankAccount": booth.bank_account,
            "accountName": booth.account_name,
            "hasPrinter": bool(booth.printer_host),
        },
        "fair": {"name": fair.name, "venue": fair.venue, "channel": fair.channel_slug},
        "cashiers": [{"id": c.pk, "name": c.name} for c in booth.cashiers.filter(is_active=True)],
        "session": _session_info(sessions.current_session(register)),
    }


@device_api()
@require_http_methods(["GET"])
def register_info(request, register):
    return JsonResponse(_register_info(register))


@device_api()
@require_http_methods(["POST"])
def sign_in(request, register):
    body = _body(request)
    cashier_id = inputs.identifier(body.get("cashierId"), "cashierId", required=True)
    pin = inputs.text(body.get("pin"), "pin", max_length=32)
    cashier = devices.sign_in(register, cashier_id, pin)
    return JsonResponse(
        {
            "cashier": {
                "id": cashier.pk,
                "name": cashier.name,
                "maxDiscountPercent": cashier.max_discount_percent,
                "canRefund": cashier.can_refund,
            }
        }
    )


@device_api()
@require_http_methods(["GET"])
def booth_catalog(request, register):
    from django.utils import timezone

    return JsonResponse({"products": catalog.booth_catalog(register), "generatedAt": timezone.now().isoformat()})


def _cashier(register, raw_id, *, required: bool = False) -> Cashier | None:
    cashier_id = inputs.identifier(raw_id, "cashierId", required=required)
    cashier = Cashier.objects.filter(pk=cashier_id, booth_id=register.booth_id).first() if cashier_id else None
    if cashier is None and cashier_id:
        raise NotFound("Không có thu ngân này ở gian hàng.")
    return cashier


@device_api()
@require_http_methods(["POST"])
def open_session(request, register):
    body = _body(request)
    cashier = _cashier(register, body.get("cashierId"), required=True)
    raw_float = body.get("openingFloat")
    opening_float = inputs.amount(0 if raw_float is None else raw_float, "openingFloat")
    session, created = sessions.open_session(register, cashier, opening_float)
    return JsonResponse({"session": _session_info(session), "created": created}, status=201 if created else 200)


def _session(register, session_id) -> PosSession:
    # The URL's <int:…> takes any number of digits; past bigint there is no such row.
    session = PosSession.objects.filter(pk=session_id, register=register).first() if session_id <= inputs.MAX_ID else None
    if session is None:
        raise NotFound("Không có ca bán hàng này trên máy.")
    return session


@device_api()
@require_http_methods(["GET"])
def x_report(request, register, session_id):
    return JsonResponse({"report": sessions.report(_session(register, session_id))})


@device_api()
@require_http_methods(["POST"])
def close_session(request, register, session_id):
    body = _body(request)
    session = _session(register, session_id)
    counted = inputs.amount(inputs.required(body.get("countedCash"), "countedCash"), "countedCash")
    device_sale_count = inputs.integer(body.get("deviceSaleCount"), "deviceSaleCount", minimum=0, maximum=10**9, required=False)
    z = sessions.close_session(
        session,
        _cashier(register, body.get("cashierId")),
        counted,
        device_sale_count=device_sale_count,
        denominations=_denominations(body.get("denominations")),
    )
    return JsonResponse({"zReport": z.data})


def _denominations(raw) -> dict:
    """{"500000": 2, "200000": 1, …}: note value → how many were counted."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise inputs.BadInput("denominations", "object")
    counted = {}
    for note, count in raw.items():
        value = inputs.identifier(note, "denominations", required=True)
        counted[str(value)] = inputs.integer(count, f"denominations.{value}", minimum=0, maximum=10**6)
    return counted


@device_api("POS_RATE_LIMIT_SYNC")
@require_http_methods(["POST"])
def sync_sales(request, register):
    body = _body(request)
    sales = body.get("sales")
    if not isinstance(sales, list):
        raise inputs.BadInput("sales", "list")
    if len(sales) > settings.POS_SYNC_MAX_BATCH:
        return error(413, "BATCH_TOO_LARGE", f"Mỗi lần gửi tối đa {settings.POS_SYNC_MAX_BATCH} giao dịch.")
    outcomes = ingest.ingest(register, sales)
    # Recorded is acknowledged; the core's orders follow, and whatever fails here is retried by
    # the next batch or `ocop manage pos_push_orders` (the sales are safe in pos_sale).
    try:
        orders.push_pending(register)
    except Exception:  # noqa: BLE001 — the batch is recorded; never turn that into an error
        log.exception("pushing register %s's sales to the core failed; they stay pending", register.pk)
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in (ingest.ACCEPTED, ingest.DUPLICATE, ingest.REJECTED)}
    return JsonResponse({"results": [o.as_dict() for o in outcomes], **counts})


@device_api()
@require_http_methods(["GET"])
def sale_detail(request, register, sale_uuid):
    sale = Sale.objects.filter(uuid=sale_uuid, register__booth_id=register.booth_id).first()
    if sale is None:
        return error(404, "NOT_FOUND", "Không tìm thấy giao dịch.")
    return JsonResponse({"sale": receipts.receipt_data(sale)})


@device_api()
@require_http_methods(["POST"])
def print_receipt(request, register, sale_uuid):
    sale = Sale.objects.filter(uuid=sale_uuid, register__booth_id=register.booth_id).first()
    if sale is None:
        return error(404, "NOT_FOUND", "Không tìm thấy giao dịch.")
    width = _body(request).get("width")
    if width is None:
        width = 80
    elif isinstance(width, bool) or not isinstance(width, int) or width not in receipts.DOTS:
        raise inputs.BadInput("width", "choice", choices=", ".join(str(w) for w in sorted(receipts.DOTS)))
    try:
        receipts.print_to_network(sale, width)
    except receipts.PrinterError as exc:
        return error(502, "PRINTER", str(exc))
    return JsonResponse({"printed": True})
