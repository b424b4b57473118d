"""Faults, on private servers (never the machine's shared PostgreSQL/Redis):

- PostgreSQL restarted under traffic: gunicorn keeps serving a loop of requests; after the
  restart requests succeed again by themselves (CONN_HEALTH_CHECKS drops the dead persistent
  connections), no gunicorn restart.
- Redis down: pages are still served (the cache degrades, commerce/core/cache.py); queuing
  background work fails clearly (kombu OperationalError within seconds, logged by callers);
  when Redis returns, queued work runs again.
- An order e-mail owed while Redis is down: the order commits, queuing fails (logged), the
  e-mail waits in the outbox; when Redis is back the sweeper task sends it, once.
- A Celery worker process SIGKILLed mid-task (the pool process running it, as the OOM killer
  would): the order e-mail task (acks_late, reject_on_worker_lost) goes back to the queue, is run
  again by a worker, and the e-mail is sent once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest

from .conftest import ROOT, app_env, free_port, spawn, stop, wait_for

pytestmark = pytest.mark.worker


def _get(url: str, timeout: float = 5.0) -> int:
    try:
        return urllib.request.urlopen(url, timeout=timeout).status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # connection refused/reset or timed out


def _graphql(base: str, query: str) -> tuple[int, dict | None]:
    request = urllib.request.Request(
        f"{base}/graphql/", data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        response = urllib.request.urlopen(request, timeout=5)
        return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return 0, None


def _gunicorn(env: dict, port: int, log):
    return spawn(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        env,
        log,
    )


def test_postgres_restart_under_traffic_recovers_without_restarting_gunicorn(embedded_pg, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = app_env(DATABASE_URL=embedded_pg.database_url, CELERY_BROKER_URL="memory://", MEDIA_ROOT=tmp_path / "media")
    web = _gunicorn(env, port, tmp_path / "web.log")
    statuses: list[tuple[float, int]] = []
    stop_traffic = threading.Event()

    def traffic():
        while not stop_traffic.is_set():
            status, body = _graphql(base, '{ products(channel: "online", first: 2) { totalCount } }')
            statuses.append((time.monotonic(), status if body is None or "errors" not in body else 599))

    try:
        wait_for(lambda: _get(f"{base}/healthz/") == 200, 60, what="gunicorn up")
        for _ in range(4):  # both workers warmed up (schema built, connections open)
            _graphql(base, '{ products(channel: "online", first: 2) { totalCount } }')
        threads = [threading.Thread(target=traffic) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        before = len(statuses)
        restart_started = time.monotonic()
        embedded_pg.restart()
        restart_done = time.monotonic()
        time.sleep(4)
        stop_traffic.set()
        for thread in threads:
            thread.join(timeout=15)
        pid_still = web.poll() is None
    finally:
        stop(web)
    assert pid_still, "gunicorn died"
    assert before > 20 and all(s == 200 for _, s in statuses[:before]), Counter(s for _, s in statuses[:before])
    # Once PostgreSQL is back (plus a second for connections in flight), every request succeeds.
    after = [s for t, s in statuses if t > restart_done + 1.0]
    assert len(after) > 20 and all(s == 200 for s in after), Counter(after)
    during = Counter(s for t, s in statuses if restart_started <= t <= restart_done + 1.0)
    # During the restart a request may fail (500/503), but never hangs the worker or kills it.
    assert set(during) <= {200, 500, 503, 599}, during
    print(f"\nPostgreSQL restart took {restart_done - restart_started:.2f}s; answers during it: {dict(during)}")


def test_redis_down_pages_still_served_background_work_fails_clearly_then_resumes(embedded_pg, private_redis, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = app_env(
        DATABASE_URL=embedded_pg.database_url,
        CELERY_BROKER_URL=f"{private_redis.url}/0",
        REDIS_URL=f"{private_redis.url}/1",
        MEDIA_ROOT=tmp_path / "media",
        RATE_LIMIT_SIGN_IN="20/300",
    )
    web = _gunicorn(env, port, tmp_path / "web.log")
    enqueue = (
        "import django, sys, time; django.setup()\n"
        "from commerce.search.tasks import update_products_search_vector_task as task\n"
        "started = time.monotonic()\n"
        "try:\n"
        "    print('queued', task.delay().id)\n"
        "except Exception as error:\n"
        "    print('failed', type(error).__name__, round(time.monotonic() - started, 2))\n"
    )

    def queue_task() -> list[str]:
        done = subprocess.run([sys.executable, "-c", enqueue], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
        return done.stdout.strip().splitlines()[-1].split()

    try:
        wait_for(lambda: _get(f"{base}/healthz/") == 200, 60, what="gunicorn up")
        assert queue_task()[0] == "queued"
        private_redis.stop()
        # Pages and the API are served; sign-in (whose limits live in Redis) still answers.
        for _ in range(3):
            assert _get(f"{base}/") == 200
            assert _get(f"{base}/products/") == 200
            status, body = _graphql(base, "{ shop { name } }")
            assert status == 200 and "errors" not in body
            status, body = _graphql(base, 'mutation { tokenCreate(email: "a@example.com", password: "x-x-x-x-1") { errors { code } } }')
            assert status == 200 and body["data"]["tokenCreate"]["errors"][0]["code"] == "INVALID_CREDENTIALS"
        # Health keeps the instance in rotation (it serves) and tells the operator what is wrong.
        body = json.loads(urllib.request.urlopen(f"{base}/healthz/", timeout=10).read())
        assert body["status"] == "degraded" and body["broker"] == "error" and body["database"] == "ok"
        try:
            urllib.request.urlopen(f"{base}/healthz/?strict=1", timeout=10)
            raise AssertionError("strict healthz said ok with Redis down")
        except urllib.error.HTTPError as error:
            body = json.loads(error.read())
            assert error.code == 503 and body["broker"] == "error" and body["database"] == "ok"
        # Queuing fails clearly and quickly.
        outcome = queue_task()
        assert outcome[0] == "failed" and outcome[1] == "OperationalError" and float(outcome[2]) < 10, outcome
        # Redis back: queuing works again and a worker runs what is queued.
        private_redis.start_on_same_port()
        wait_for(lambda: _get(f"{base}/healthz/?strict=1") == 200, 30, what="healthz ok again")
        worker = spawn(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info", "--pool", "solo", "-n", "faults@%h"],
            env,
            tmp_path / "worker.log",
        )
        try:
            outcome = queue_task()
            assert outcome[0] == "queued"
            wait_for(
                lambda: f"{outcome[1]}] succeeded" in (tmp_path / "worker.log").read_text(), 60, what="the task run after Redis returned"
            )
        finally:
            stop(worker)
    finally:
        stop(web)


CREATE_ORDER = """
import django; django.setup()
from commerce.channel.models import Channel
from tests.security.conftest import make_order
channel, _ = Channel.objects.get_or_create(slug="online", defaults={"name": "Online", "currency_code": "VND", "default_country": "VN"})
order = make_order(channel, email="khach@example.com")
print(order.pk)
"""
SEND = """
import django, sys; django.setup()
from commerce.notifications.tasks import send_order_email
print(send_order_email.delay(sys.argv[1], "order_confirmed").id)
"""

OWE_EMAIL = """
import django; django.setup()
from django.db import transaction
from commerce.channel.models import Channel
from commerce.notifications.models import PendingEmail
from commerce.order import notifications
from tests.security.conftest import make_order
channel, _ = Channel.objects.get_or_create(slug="online", defaults={"name": "Online", "currency_code": "VND", "default_country": "VN"})
with transaction.atomic():
    order = make_order(channel, email="khach@example.com")
    notifications.order_confirmed(order)
print(order.pk, PendingEmail.objects.filter(order=order, sent_at__isnull=True).count())
"""
SWEEP = """
import django; django.setup()
from commerce.notifications.tasks import send_overdue_order_emails
print(send_overdue_order_emails.delay().id)
"""


def test_an_order_email_owed_while_redis_is_down_is_sent_once_it_is_back(embedded_pg, private_redis, tmp_path):
    import psycopg

    env = app_env(
        DATABASE_URL=embedded_pg.database_url,
        CELERY_BROKER_URL=f"{private_redis.url}/0",
        REDIS_URL=f"{private_redis.url}/1",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        MEDIA_ROOT=tmp_path / "media",
        OCOP_VAR_DIR=tmp_path / "var",
        NOTIFICATIONS_OVERDUE_SECONDS=0,
    )
    mail = tmp_path / "var" / "mail"
    private_redis.stop()
    owed = subprocess.run([sys.executable, "-c", OWE_EMAIL], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert owed.returncode == 0, owed.stderr[-3000:]
    order_id, unsent = owed.stdout.split()[-2:]
    assert unsent == "1" and "waits in the outbox" in owed.stderr  # the order committed; the e-mail waits
    assert not mail.exists() or not list(mail.iterdir())

    private_redis.start_on_same_port()
    worker = spawn(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info", "--pool", "solo", "-n", "outbox@%h"],
        env,
        tmp_path / "worker.log",
    )
    try:
        wait_for(lambda: "ready." in (tmp_path / "worker.log").read_text(), 120, what="worker ready")
        subprocess.run([sys.executable, "-c", SWEEP], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
        wait_for(
            lambda: mail.exists() and len(list(mail.iterdir())) == 1,
            60,
            what=lambda: "the owed e-mail sent\n" + (tmp_path / "worker.log").read_text()[-3000:],
        )
        with psycopg.connect(_libpq(embedded_pg.database_url), autocommit=True) as reader:
            sent_at, outcome = reader.execute(
                "SELECT sent_at, outcome FROM notifications_pendingemail WHERE order_id = %s", [order_id]
            ).fetchone()
        assert sent_at is not None and outcome == "sent"
        subprocess.run([sys.executable, "-c", SWEEP], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
        time.sleep(3)
        assert len(list(mail.iterdir())) == 1
    finally:
        stop(worker)


def test_a_worker_killed_mid_task_is_retried_and_the_email_goes_once(embedded_pg, private_redis, tmp_path):
    import psutil
    import psycopg

    env = app_env(
        DATABASE_URL=embedded_pg.database_url,
        CELERY_BROKER_URL=f"{private_redis.url}/0",
        REDIS_URL=f"{private_redis.url}/1",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        MEDIA_ROOT=tmp_path / "media",
        OCOP_VAR_DIR=tmp_path / "var",
    )
    mail = tmp_path / "var" / "mail"  # EMAIL_FILE_PATH follows OCOP_VAR_DIR
    order_id = subprocess.run(
        [sys.executable, "-c", CREATE_ORDER], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout.split()[-1]
    conninfo = _libpq(embedded_pg.database_url)
    lock = psycopg.connect(conninfo)
    lock.execute("SELECT 1 FROM order_order WHERE id = %s FOR UPDATE", [order_id])  # the task will wait here
    workers = [
        spawn(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info", "--concurrency", "1", "-n", f"{name}@%h"],
            env,
            tmp_path / f"{name}.log",
        )
        for name in ("first", "second")
    ]
    logs = lambda: "\n".join(f"--- {n}:\n" + (tmp_path / f"{n}.log").read_text()[-2000:] for n in ("first", "second"))  # noqa: E731

    def waiting_backends():
        with psycopg.connect(conninfo, autocommit=True) as watcher:
            return [
                row[0]
                for row in watcher.execute(
                    "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid WHERE NOT l.granted AND a.datname = current_database()"
                )
            ]

    try:
        for name in ("first", "second"):
            wait_for(lambda n=name: "ready." in (tmp_path / f"{n}.log").read_text(), 120, what=f"worker {name} ready")
        subprocess.run([sys.executable, "-c", SEND, order_id], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
        wait_for(waiting_backends, 120, what=lambda: "a worker mid-task\n" + logs())
        # The pool process running the task: the child of the worker that received it.
        holder = next(
            w for w, n in zip(workers, ("first", "second")) if "send_order_email" in (tmp_path / f"{n}.log").read_text().split("ready.")[-1]
        )
        (busy,) = psutil.Process(holder.pid).children()
        busy.kill()  # SIGKILL: no chance to ack, reject or clean up
        busy.wait(timeout=10)
        wait_for(lambda: "WorkerLostError" in logs(), 90, what=lambda: "the worker noticing its lost process\n" + logs())
        lock.rollback()  # the row is free: whoever runs the task again can finish it

        def sent():
            with psycopg.connect(conninfo, autocommit=True) as reader:
                return reader.execute(
                    "SELECT count(*) FROM order_orderevent WHERE order_id = %s AND type = 'email_sent'", [order_id]
                ).fetchone()[0]

        wait_for(lambda: sent() >= 1, 180, what=lambda: "the e-mail sent after the retry\n" + logs())
        time.sleep(3)  # a duplicate run would show up now
        assert sent() == 1
        assert logs().count("succeeded") == 1
        messages = list(mail.iterdir()) if mail.exists() else []
        assert len(messages) == 1, messages
    finally:
        lock.close()
        for worker in workers:
            stop(worker)


def stop_hard(process):
    import os
    import signal

    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _libpq(url: str) -> str:
    """dj-database-url's percent-encoded socket folder → a libpq conninfo psycopg accepts."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    host = unquote(parts.hostname or "") if "%2F" in url or "%2f" in url else parts.hostname
    host = unquote(url.split("@", 1)[1].split("/", 1)[0]) if "%2F" in url.upper() else host
    return f"host={host} user={parts.username or 'postgres'} dbname={parts.path.lstrip('/')}"
