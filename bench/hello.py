"""The floor: a minimal Django view ("hello") on the same stack — same settings, the whole
middleware chain (security headers, sessions, locale, CSRF, auth…), the same test client the
other figures use — so every figure can be read as a multiple of doing nothing useful."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


# ROOT_URLCONF for the measurement only: the site's URLs plus /bench/hello/ (never in production).
urlpatterns = [path("bench/hello/", hello), path("", include("config.urls"))]


def run(options: dict, out=print) -> dict:
    from django.test import Client
    from django.test.utils import override_settings

    from bench.measure import measure

    with override_settings(ROOT_URLCONF="bench.hello", ALLOWED_HOSTS=["testserver", "127.0.0.1"]):
        client = Client()
        assert client.get("/bench/hello/").status_code == 200
        figure = measure(
            "hello view (full middleware stack)", lambda: client.get("/bench/hello/"), runs=max(options.get("runs") or 200, 1), warmup=20
        )
    out(f"hello view: p50 {figure.p50:.2f} ms, p95 {figure.p95:.2f} ms, SQL {figure.sql}")
    return {"figures": {"hello": figure.as_dict()}}
