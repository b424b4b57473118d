"""Payments against the real things: a localstripe server started here, signed webhooks posted
to our endpoints, orders and checkouts in PostgreSQL."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
import stripe

from .helpers import BANK_SECRET, WEBHOOK_SECRET, make_order

# localstripe pickles its whole store to /tmp/localstripe.pickle after every write; two test
# runs side by side would fight over that file, so this server keeps its store in memory.
_BOOT = (
    "import sys; import localstripe.resources as r; r.Store.dump_to_disk = lambda self: None; from localstripe.server import start; start()"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", _BOOT, "--port", str(port), "--from-scratch"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("localstripe did not start")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def stripe_settings(settings, localstripe_url):
    settings.STRIPE_SECRET_KEY = "sk_test_ocop"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_ocop"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_url
    return settings


@pytest.fixture
def browser_stripe(stripe_settings):
    """What Stripe.js does in the shopper's browser, done against localstripe."""
    return stripe.StripeClient("sk_test_browser", base_addresses={"api": stripe_settings.STRIPE_API_BASE})


@pytest.fixture
def vietqr_settings(settings):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT = "1017595600"
    settings.VIETQR_ACCOUNT_NAME = "HTX OCOP TAY NINH"
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    return settings


@pytest.fixture
def eager_celery():
    """E-mail tasks run in-process, into Django's locmem outbox."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = saved


@pytest.fixture
def checkout(db, channel_online):
    from commerce.checkout.models import Checkout

    return Checkout.objects.create(channel=channel_online, currency="VND", email="lan@example.com")


@pytest.fixture
def order(db, channel_online):
    return make_order(channel_online)
