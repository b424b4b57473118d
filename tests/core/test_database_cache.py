"""Rate-limit counters in the database cache (production without Redis, and the quick start)
are counted by every gunicorn worker at once. Django's DatabaseCache.incr is a get and then a
set, so two workers counting together can both read n and both write n + 1: a client spreading
sign-in attempts over workers gets more than the limit. Ours locks the row for the increment."""

from __future__ import annotations

import threading

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import connections

from commerce.core.cache import AtomicDatabaseCache

THREADS = 6
INCREMENTS = 15


def count_concurrently(cache) -> int:
    cache.set("counter", 0, 60)
    start = threading.Barrier(THREADS)

    def worker():
        try:
            start.wait()
            for _ in range(INCREMENTS):
                cache.incr("counter")
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return cache.get("counter")


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_are_all_counted():
    cache = AtomicDatabaseCache("ocop_cache", {})
    assert count_concurrently(cache) == THREADS * INCREMENTS


@pytest.mark.django_db(transaction=True)
def test_increment_keeps_the_expiry_and_refuses_a_missing_or_expired_key():
    cache = AtomicDatabaseCache("ocop_cache", {})
    cache.set("window", 1, 30)
    assert cache.incr("window", 2) == 3
    assert cache.get("window") == 3
    with pytest.raises(ValueError):
        cache.incr("never-set")
    cache.set("gone", 1, -1)  # already expired
    with pytest.raises(ValueError):
        cache.incr("gone")


def test_the_database_cache_setting_names_the_atomic_backend():
    from tests.security.test_hardening import settings_for

    assert settings_for(SECRET_KEY="k" * 50, ALLOWED_HOSTS="shop.example.vn")["CACHE"] == "commerce.core.cache.AtomicDatabaseCache"
