"""Render a page with the request's theme: the Jinja2 loader chain of the channel's theme, the
shared page context (language, channel, cart size, signed-in customer) and cache headers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import sessions
from .themes import environment_for, theme_for_channel


def language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def theme_css(theme) -> str:
    """Theme colours and font as CSS custom properties: a theme.json change restyles the shop
    without touching a stylesheet."""
    from django.templatetags.static import static

    colours = theme.get("colours", {})
    lines = [f"--{key.replace('_', '-')}:{value};" for key, value in colours.items()]
    font = theme.get("fonts", {})
    faces = "".join(
        f"@font-face{{font-family:'{font.get('family')}';font-style:normal;font-weight:{weight};font-display:swap;"
        f"src:url({static(path)}) format('woff2')}}"
        for weight, path in (font.get("files") or {}).items()
    )
    family = f"--font:'{font['family']}',system-ui,sans-serif;" if font.get("family") else ""
    return faces + ":root{" + "".join(lines) + family + "}"


def base_context(request) -> dict:
    channel = sessions.channel_of(request)
    theme = theme_for_channel(channel)
    csrf_token = get_token(request)
    return {
        "request": request,
        "theme": theme,
        "theme_css": mark_safe(theme_css(theme)),  # built from our own theme.json, not user input
        "channel": channel,
        "language": language(),
        "languages": settings.LANGUAGES,
        "csrf_token": csrf_token,
        "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token),
        "cart_quantity": sessions.cart_quantity(request),
        "customer": sessions.customer_of(request),
        "storefront_channels": settings.STOREFRONT_CHANNELS,
        "query": request.GET.get("q", "") if request.method == "GET" else "",
        "path": request.get_full_path(),
        "messages": get_messages(request),
    }


def render(request, template_name: str, context: dict | None = None, *, status: int = 200, cache: str | None = None) -> HttpResponse:
    base = base_context(request)
    template = environment_for(base["theme"]).get_template(template_name)
    response = HttpResponse(template.render({**base, **(context or {})}), status=status, content_type="text/html; charset=utf-8")
    # Pages carry a CSRF token and the shopper's cart, so shared caches must not keep them;
    # the browser may reuse one only after asking (ETag from ConditionalGetMiddleware-like use).
    response["Cache-Control"] = cache or "private, no-cache"
    response["Vary"] = "Cookie, Accept-Language"
    response["Content-Language"] = base["language"]
    return response
