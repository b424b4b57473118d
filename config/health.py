"""GET /healthz/ — is this instance able to serve? For load balancers and orchestrators.

200 {"status": "ok", "database": "ok", "broker": "ok"} when PostgreSQL answers `SELECT 1` and
the Celery broker accepts a connection. Without the broker an instance still serves pages, the
API and checkout (order e-mails wait in the outbox), so that is 200 with "status": "degraded" —
a load balancer must not take every instance out of rotation because Redis is down. Without
the database nothing can be served: 503 "unavailable". `?strict=1` (for monitoring) answers 503
for any failing part. The failing part is "error", with a one-line reason under "errors" —
never a stack trace, and never the broker's password.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2
REASON_MAX_LENGTH = 160


def _reason(error: BaseException) -> str:
    message = " ".join(str(error).split()) or "no detail"
    password = urlsplit(getattr(settings, "CELERY_BROKER_URL", "") or "").password
    if password:
        message = message.replace(password, "***")
    return f"{type(error).__name__}: {message}"[:REASON_MAX_LENGTH]


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 returned an unexpected row")


def _check_filesystem_folders(options: dict) -> None:
    """kombu's filesystem transport "connects" even to missing folders; a worker could not."""
    folders = [options.get("data_folder_in"), options.get("data_folder_out")]
    if options.get("store_processed"):
        folders.append(options.get("processed_folder"))
    for folder in filter(None, folders):
        if not os.path.isdir(folder):
            raise FileNotFoundError(f"broker folder {os.path.basename(os.path.normpath(folder))!r} is missing")


def check_broker() -> None:
    from kombu import Connection

    url = settings.CELERY_BROKER_URL
    options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {})
    if url.startswith("filesystem://"):
        _check_filesystem_folders(options)
    with Connection(url, transport_options=options, connect_timeout=BROKER_TIMEOUT_SECONDS) as connection:
        # One retry, no back-off sleep: a health probe must answer within its own timeout.
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS)


CHECKS = {"database": check_database, "broker": check_broker}
# Parts an instance cannot serve without; the others only degrade it.
ESSENTIAL = {"database"}


@never_cache
@require_safe
def healthz(request):
    body: dict = {"status": "ok"}
    errors: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 — any failure means "not healthy", reported briefly
            logger.warning("Health check %s failed: %s", name, _reason(error))
            body[name] = "error"
            errors[name] = _reason(error)
        else:
            body[name] = "ok"
    if not errors:
        return JsonResponse(body)
    body["errors"] = errors
    strict = request.GET.get("strict") not in (None, "", "0", "false")
    if strict or ESSENTIAL & set(errors):
        body["status"] = "unavailable"
        return JsonResponse(body, status=503)
    body["status"] = "degraded"
    return JsonResponse(body)
