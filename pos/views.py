"""Pages: the register app shell, its service worker and assets, the e-receipt."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Sale
from .rendering import render
from .services import receipts

STATIC = Path(__file__).resolve().parent / "static" / "pos"
ASSETS = {
    "app.js": "text/javascript",
    "receipt.js": "text/javascript",
    "qr.js": "text/javascript",
    "store.js": "text/javascript",
    "app.css": "text/css",
    "manifest.webmanifest": "application/manifest+json",
    "icon.svg": "image/svg+xml",
}


@lru_cache(maxsize=1)
def assets_version() -> str:
    """A hash of the assets: the service worker's cache name, so a new release replaces the
    cached app on the next visit while online."""
    digest = hashlib.sha256()
    for name in sorted(ASSETS):
        digest.update((STATIC / name).read_bytes())
    digest.update((STATIC / "sw.js").read_bytes())
    return digest.hexdigest()[:12]


@require_GET
def app_shell(request):
    return render(request, "pos/app.html", {"version": assets_version()})


@require_GET
def asset(request, name):
    if name not in ASSETS:
        raise Http404
    response = HttpResponse((STATIC / name).read_bytes(), content_type=ASSETS[name])
    response["Cache-Control"] = "no-cache"  # the service worker decides what is cached
    return response


FONT_WEIGHTS = {"regular": "Regular", "bold": "Bold"}


@require_GET
def font(request, weight):
    """Be Vietnam Pro from its PyPI package (full Vietnamese coverage for receipts)."""
    import fontpkg_be_vietnam_pro

    if weight not in FONT_WEIGHTS:
        raise Http404
    path = Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files" / f"BeVietnamPro-{FONT_WEIGHTS[weight]}.ttf"
    response = HttpResponse(path.read_bytes(), content_type="font/ttf")
    response["Cache-Control"] = "public, max-age=31536000"
    return response


@require_GET
def service_worker(request):
    body = (STATIC / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", assets_version())
    response = HttpResponse(body, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/pos/"
    return response


@require_GET
def receipt(request, sale_uuid):
    """The e-receipt (the link and QR handed to the customer); ?w=58|80 prints on a thermal
    roll from the browser. The URL carries the sale's random UUID: unguessable."""
    sale = get_object_or_404(Sale.objects.select_related("register__booth__fair", "cashier"), uuid=sale_uuid)
    width = 58 if request.GET.get("w") == "58" else 80
    data = receipts.receipt_data(sale)
    return render(
        request,
        "pos/receipt.html",
        {
            "r": data,
            "width": width,
            "absolute_url": request.build_absolute_uri(data["url"]),
            "qr_svg": _qr_svg(request.build_absolute_uri(data["url"])),
        },
    )


def _qr_svg(text: str) -> str:
    import io

    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=3, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode()
