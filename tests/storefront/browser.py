"""Headless Chromium for the storefront's browser tests: the system's /usr/bin/chromium driven
by Playwright (never `playwright install`), against pytest-django's live_server. A failing
test leaves a full-page screenshot in var/test-screenshots/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test-screenshots"


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls made by the
    # test itself stay synchronous, which is safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _page(request, chromium, live_server, **options):
    context = chromium.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(15000)
    # The first page of a run also builds the font subsets; a busy machine needs the slack.
    context.set_default_navigation_timeout(45000)
    page = context.new_page()
    # Nothing may come from another host (fonts, scripts, images): record any attempt.
    page.foreign_requests = []
    host = re.sub(r"^https?://", "", live_server.url)
    page.on(
        "request",
        lambda r: (
            page.foreign_requests.append(r.url)
            if host not in r.url and not r.url.startswith(("data:", "blob:", "http://127.0.0.1:"))
            else None
        ),
    )
    return context, page


def _screenshot_on_failure(request, page):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 — a broken page must not hide the test's own failure
            pass


@pytest.fixture
def page(request, chromium, live_server):
    context, page = _page(request, chromium, live_server)
    yield page
    _screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def page_without_js(request, chromium, live_server):
    context, page = _page(request, chromium, live_server, java_script_enabled=False)
    yield page
    _screenshot_on_failure(request, page)
    context.close()


def snapshot(page, name: str) -> Path:
    """A screenshot kept for people to look at (not only on failure)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
