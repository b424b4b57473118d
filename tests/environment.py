"""Loaded with `-p` before pytest-django reads Django's settings: plain `pytest` needs no
extra environment (development secret key, local hosts)."""

import os

os.environ.setdefault("OCOP_DEV", "1")
# Per-address rate limits would trip over a suite where every request comes from 127.0.0.1;
# tests/security/ switches them on where they are the subject.
for _limit in ("RATE_LIMIT_SIGN_IN", "RATE_LIMIT_CHECKOUT", "RATE_LIMIT_ACCOUNT_REGISTER"):
    os.environ.setdefault(_limit, "0")
# Playwright's sync API (browser tests) keeps an asyncio loop in the main thread for the whole
# run; the suite's own ORM calls are synchronous code and safe, so Django's guard stays off.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tasks the suite queues on the quick start's filesystem broker go to a folder of this run, not
# ./var/broker, where a later `make run`'s worker would find hundreds of them for test orders.
if "OCOP_BROKER_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["OCOP_BROKER_DIR"] = tempfile.mkdtemp(prefix="ocop-test-broker-")
    atexit.register(shutil.rmtree, os.environ["OCOP_BROKER_DIR"], ignore_errors=True)
