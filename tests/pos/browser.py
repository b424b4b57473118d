"""Headless Chromium (the system's /usr/bin/chromium) driven by Playwright against
live_server; a failing test leaves a screenshot under var/test-screenshots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test-screenshots"


@pytest.fixture
def browser(chromium):
    """The run's one Chromium (tests/storefront/browser.py): Playwright's sync API allows a single
    instance per thread, so every browser test of the suite shares it."""
    return chromium


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="vi-VN", service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_js(page, expression: str, timeout: float = 15) -> None:
    """Poll a JavaScript expression until it is truthy. (Playwright's wait_for_function evals
    the predicate inside the page, which the site's Content-Security-Policy — no eval —
    rightly blocks; page.evaluate goes through the DevTools protocol instead.)"""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.1)
