"""HTTP endpoints that are not GraphQL: the two webhooks and the VietQR image."""

from __future__ import annotations

import logging

from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import vietqr
from .gateways import vietqr as vietqr_gateway
from .models import VIETQR, TransactionItem
from .webhooks import bank, stripe

logger = logging.getLogger(__name__)

MAX_WEBHOOK_BYTES = 256 * 1024


@csrf_exempt
@require_POST
def stripe_webhook(request):
    if len(request.body) > MAX_WEBHOOK_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        event = stripe.verify(request.body, request.headers.get("Stripe-Signature"))
    except stripe.BadSignature:
        return JsonResponse({"error": "invalid signature"}, status=400)
    except stripe.BadPayload as error:
        return JsonResponse({"error": str(error)}, status=400)
    status = stripe.handle(event)
    return JsonResponse({"status": status})


@csrf_exempt
@require_POST
def bank_webhook(request):
    if len(request.body) > MAX_WEBHOOK_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        data = bank.verify(request.body, request.headers.get("X-Signature"))
    except bank.BadSignature:
        return JsonResponse({"error": "invalid signature"}, status=400)
    except bank.BadPayload as error:
        return JsonResponse({"error": str(error)}, status=400)
    status = bank.handle(data)
    return JsonResponse({"status": status})


@require_GET
def vietqr_image(request, token, format):
    item = TransactionItem.objects.filter(token=token, gateway=VIETQR).first()
    if item is None or not vietqr_gateway.is_enabled():
        return HttpResponseNotFound("Unknown transfer", content_type="text/plain")
    content_type = {"svg": "image/svg+xml", "png": "image/png"}[format]
    response = HttpResponse(vietqr.qr_image(vietqr_gateway.payload_for(item), format), content_type=content_type)
    # The code never changes for a transaction; the token is unguessable, so private caching is fine.
    response["Cache-Control"] = "private, max-age=86400"
    return response
