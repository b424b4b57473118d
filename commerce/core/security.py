"""Security headers and the storefront's rate limits, for every response.

Content-Security-Policy: scripts only from this origin (no inline script, no eval), styles from
this origin plus inline <style> (the theme's settings are written into the page), images from
this origin and data: URLs, nothing may frame us. The one page that needs another origin is
the card payment step, which loads Stripe.js (or localstripe's shim where STRIPE_API_BASE
points) and talks to its API. A view that needs its own policy (GraphiQL with a nonce) sets the
header itself and is left alone.

Rate limits: POSTs to the storefront's sign-in, registration and cart/checkout views are counted
per client address (commerce.core.ratelimit) and answered 429 past the limit; the GraphQL API
applies the same limits per mutation in its view.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .ratelimit import RateLimited, client_ip, hit

PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=(self)",  # camera: the POS scans barcodes
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=(self)",
        "usb=()",
        "interest-cohort=()",
    ]
)

# URL names (namespace:name) whose POSTs count against a limit, and the setting naming it.
LIMITED_VIEWS = {
    "storefront:sign-in": ("sign-in", "RATE_LIMIT_SIGN_IN"),
    "storefront:register": ("account-register", "RATE_LIMIT_ACCOUNT_REGISTER"),
    "storefront:cart-add": ("checkout", "RATE_LIMIT_CHECKOUT"),
    "storefront:cart-update": ("checkout", "RATE_LIMIT_CHECKOUT"),
    "storefront:checkout-contact": ("checkout", "RATE_LIMIT_CHECKOUT"),
    "storefront:checkout-address": ("checkout", "RATE_LIMIT_CHECKOUT"),
    "storefront:checkout-delivery": ("checkout", "RATE_LIMIT_CHECKOUT"),
    "storefront:checkout-payment": ("checkout", "RATE_LIMIT_CHECKOUT"),
    "storefront:checkout-card-return": ("checkout", "RATE_LIMIT_CHECKOUT"),
}
STRIPE_VIEWS = {"storefront:checkout-payment", "storefront:checkout-card-return"}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def stripe_sources() -> dict[str, list[str]]:
    base = _origin(getattr(settings, "STRIPE_API_BASE", "") or "")
    if base:  # localstripe (tests, quick start) serves the shim and the API from one origin
        return {"script-src": [base], "connect-src": [base], "frame-src": [base]}
    return {
        "script-src": ["https://js.stripe.com"],
        "connect-src": ["https://api.stripe.com"],
        "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    }


def content_security_policy(extra: dict[str, list[str]] | None = None) -> str:
    directives: dict[str, list[str]] = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *getattr(settings, "CSP_EXTRA_IMG_SRC", [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    for name, sources in (extra or {}).items():
        current = [s for s in directives.get(name, []) if s != "'none'"]
        directives[name] = current + [s for s in sources if s not in current]
    policy = "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())
    if getattr(settings, "CSP_REPORT_URI", ""):
        policy += f"; report-uri {settings.CSP_REPORT_URI}"
    return policy


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            extra = stripe_sources() if _view_name(request) in STRIPE_VIEWS else None
            response["Content-Security-Policy"] = content_security_policy(extra)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        limited = LIMITED_VIEWS.get(_view_name(request))
        if limited is None:
            return None
        scope, setting = limited
        try:
            hit(scope, client_ip(request), getattr(settings, setting, ""))
        except RateLimited as error:
            return too_many_requests(error)
        return None


def too_many_requests(error: RateLimited) -> HttpResponse:
    response = HttpResponse(_("Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(error.retry_after)
    return response
