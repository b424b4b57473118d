"""Django's Redis cache, made to degrade instead of fail: when Redis is unreachable, reads miss,
writes are dropped and counters start from zero, each logged — so pages keep being served
during a Redis outage (rate limits and lockouts pause until Redis is back; nothing else here
depends on cached data). Short socket timeouts keep a dead Redis from holding requests."""

from __future__ import annotations

import base64
import logging
import pickle
import time

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now

logger = logging.getLogger("commerce.cache")
_LOG_EVERY_SECONDS = 30
_last_logged = 0.0


def _errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _log(operation: str, error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged > _LOG_EVERY_SECONDS:
        _last_logged = now
        logger.error("Redis cache unavailable (%s: %s); serving without it", operation, error)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})


def _wrap(name, fallback):
    original = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        try:
            return original(self, *args, **kwargs)
        except _errors() as error:
            _log(name, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    setattr(ResilientRedisCache, name, method)


_wrap("get", lambda key, default=None, version=None: default)
_wrap("get_many", {})
_wrap("has_key", False)
_wrap("set", None)
_wrap("set_many", [])
_wrap("add", True)  # "added": a limit counter starts over rather than failing the request
_wrap("incr", lambda key, delta=1, version=None: delta)
_wrap("decr", lambda key, delta=1, version=None: -delta)
_wrap("delete", False)
_wrap("delete_many", None)
_wrap("touch", False)
_wrap("clear", None)


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache with an increment that cannot lose counts.

    DatabaseCache.incr is BaseCache's get-then-set: two gunicorn workers counting the same
    rate-limit key at once both read n and both write n + 1, so a client spreading attempts
    over workers gets past the limit. Here the row is locked (SELECT … FOR UPDATE) for the
    read-modify-write, and the key keeps its expiry (BaseCache.incr reset it to the default
    timeout)."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires >= %s FOR UPDATE",
                [key, connection.ops.adapt_datetimefield_value(tz_now())],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [encoded, key])
        return value
