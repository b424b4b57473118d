"""Jinja2 for the POS's few pages, from pos/templates (the site's Jinja2 backend is bound to
the storefront's themes; the register's pages are not themed)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.http import HttpResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .services.receipts import vnd

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    env.filters["vnd"] = vnd
    return env


def render(request, name: str, context: dict, status: int = 200) -> HttpResponse:
    html = environment().get_template(name).render(request=request, **context)
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
