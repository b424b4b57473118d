"""A real Celery worker for a test, on Redis when it answers (else kombu's in-memory broker).

The project's Celery app is reconfigured for the duration and restored afterwards; its cached
connection pools and result backend are dropped both ways, because Celery builds them once per
app and a test run switches brokers several times.
"""

from __future__ import annotations

from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker

CONF_KEYS = ("broker_url", "result_backend", "task_always_eager", "broker_transport_options")


def redis_url(db: int) -> str | None:
    """redis://127.0.0.1:6379/<db> when a server answers there, else None."""
    try:
        import redis

        url = f"redis://127.0.0.1:6379/{db}"
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url
    except Exception:  # noqa: BLE001 - no Redis here
        return None


def _forget_connections(app) -> None:
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def running_worker(*, redis_db: int, require_redis: bool = False):
    """Yield the app with a worker thread consuming its queue."""
    import pytest

    from config.celery import app

    broker = redis_url(redis_db)
    if broker is None and require_redis:
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    backend = broker or "cache+memory://"
    broker = broker or "memory://"
    saved = {key: app.conf.get(key) for key in CONF_KEYS}
    app.conf.update(broker_url=broker, result_backend=backend, task_always_eager=False, broker_transport_options={})
    _forget_connections(app)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1):
            yield app
    finally:
        app.conf.update(saved)
        _forget_connections(app)
