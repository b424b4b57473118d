"""The register's JSON API under /pos/api/ (documented in docs/pos-sync.md and
docs/pos-openapi.yaml). Thin: authenticate, limit, parse, call a service, answer."""
from __future__ import annotations

import json
import logging
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Cashier, PosSession, Sale
from .services import catalog, devices, ingest, numbering, orders, ratelimit, receipts, sessions

log = logging.getLogger(__name__)


def error(status: int, code: str, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": message, **extra}}, status=status)
    if "retryAfter" in extra:
        response["Retry-After"] = str(extra["retryAfter"])
    return response


def _body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise ValueError("the body is not JSON")
    if not isinstance(data, dict):
        raise ValueError("the body is a JSON object")
    return data


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
            except ValueError as exc:
                return error(400, "INVALID", str(exc))
            except sessions.SessionError as exc:
                return error(409, exc.code, str(exc))
            except devices.AuthError as exc:
                return error(403 if exc.code != "LOCKED" else 429, exc.code, str(exc),
                             **({"retryAfter": exc.retry_after} if exc.retry_after else {}))

        return wrapped

    return decorate


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "?")


@csrf_exempt
@require_http_methods(["POST"])
def pair(request):
    try:
        ratelimit.hit(f"pair:{_client_ip(request)}", settings.POS_RATE_LIMIT_PAIRING)
    except ratelimit.RateLimited as exc:
        return error(429, "RATE_LIMITED", "Quá nhiều lần thử; đợi một lát.", retryAfter=exc.retry_after)
    try:
        register, token = devices.pair(str(_body(request).get("code") or ""))
    except (devices.AuthError, ValueError) as exc:
        return error(400, getattr(exc, "code", "INVALID"), str(exc))
    return JsonResponse({"token": token, "register": _register_info(register)})


def _session_info(session: PosSession | None) -> dict | None:
    if session is None:
        return None
    return {"id": session.pk, "openedAt": session.opened_at.isoformat(), "openingFloat": int(session.opening_float),
            "openedBy": session.opened_by.name if session.opened_by else None}


def _register_info(register) -> dict:
    booth, fair = register.booth, register.booth.fair
    return {
        "id": register.pk, "name": register.name, "receiptPrefix": register.receipt_prefix,
        "lastReceiptSeq": numbering.last_sequence(register),
        "booth": {"code": booth.code, "name": booth.name, "producer": booth.producer_name,
                  "bankBin": booth.bank_bin, "bankAccount": booth.bank_account, "accountName": booth.account_name,
                  "hasPrinter": bool(booth.printer_host)},
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
    cashier = devices.sign_in(register, int(body.get("cashierId") or 0), str(body.get("pin") or ""))
    return JsonResponse({"cashier": {"id": cashier.pk, "name": cashier.name, "maxDiscountPercent": cashier.max_discount_percent,
                                     "canRefund": cashier.can_refund}})


@device_api()
@require_http_methods(["GET"])
def booth_catalog(request, register):
    from django.utils import timezone

    return JsonResponse({"products": catalog.booth_catalog(register), "generatedAt": timezone.now().isoformat()})


def _cashier(register, cashier_id) -> Cashier | None:
    return Cashier.objects.filter(pk=cashier_id or 0, booth_id=register.booth_id).first()


@device_api()
@require_http_methods(["POST"])
def open_session(request, register):
    body = _body(request)
    cashier = _cashier(register, body.get("cashierId"))
    if cashier is None:
        raise ValueError("cashierId: not a cashier of this booth")
    session, created = sessions.open_session(register, cashier, body.get("openingFloat") or 0)
    return JsonResponse({"session": _session_info(session), "created": created}, status=201 if created else 200)


def _session(register, session_id) -> PosSession:
    session = PosSession.objects.filter(pk=session_id, register=register).first()
    if session is None:
        raise ValueError("no such session on this register")
    return session


@device_api()
@require_http_methods(["GET"])
def x_report(request, register, session_id):
    return JsonResponse({"report": sessions.report(_session(register, session_id))})


@device_api()
@require_http_methods(["POST"])
def close_session(request, register, session_id):
    body = _body(request)
    if body.get("countedCash") in (None, ""):
        raise ValueError("countedCash: required")
    z = sessions.close_session(
        _session(register, session_id), _cashier(register, body.get("cashierId")), body["countedCash"],
        device_sale_count=body.get("deviceSaleCount"), denominations=body.get("denominations"),
    )
    return JsonResponse({"zReport": z.data})


@device_api("POS_RATE_LIMIT_SYNC")
@require_http_methods(["POST"])
def sync_sales(request, register):
    body = _body(request)
    sales = body.get("sales")
    if not isinstance(sales, list):
        raise ValueError("sales: a list")
    if len(sales) > settings.POS_SYNC_MAX_BATCH:
        return error(413, "BATCH_TOO_LARGE", f"at most {settings.POS_SYNC_MAX_BATCH} sales a batch")
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
    width = int(_body(request).get("width") or 80)
    try:
        receipts.print_to_network(sale, width)
    except receipts.PrinterError as exc:
        return error(502, "PRINTER", str(exc))
    return JsonResponse({"printed": True})
