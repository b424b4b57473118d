"""docker-compose.yml, run without Docker: read the file (PyYAML, merge keys and ${VAR}
interpolation with .env.example's values), start each app service's own command locally against
a fresh database on the machine's PostgreSQL and a private Redis — hostnames postgres/redis
become 127.0.0.1, web gets a free port — and check each becomes healthy by its own healthcheck:
migrate exits 0, web answers /healthz/ 200, the worker answers `celery inspect ping`, beat is
alive with its schedule loaded into the database. Then stop them."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

import pytest
import yaml

from .conftest import BIN, ROOT, app_env, free_port, spawn, stop, wait_for

APP_SERVICES = ["migrate", "web", "worker", "beat"]


def dotenv(path) -> dict:
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def interpolate(value: str, variables: dict) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR:?error} and $$."""

    def replace(match):
        name, op, arg = match.group(1), match.group(2), match.group(3)
        current = variables.get(name, "")
        if op == ":-":
            return current or arg
        if op == ":?":
            if not current:
                raise AssertionError(f"compose needs {name}: {arg}")
            return current
        return current

    value = re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", replace, value.replace("$$", "\0"))
    return value.replace("\0", "$")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_shape(compose):
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "web", "worker", "beat", "localstripe"} <= set(services)
    assert services["localstripe"]["profiles"] == ["localstripe"]
    assert "pgdata" in compose["volumes"] and "media" in compose["volumes"]
    assert any(v.startswith("pgdata:") for v in services["postgres"]["volumes"])
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert services[name]["depends_on"]["postgres"] == {"condition": "service_healthy"}
        assert any(v.startswith("media:") for v in services[name]["volumes"])
        assert "REDIS_URL" in services[name]["environment"] and "CELERY_BROKER_URL" in services[name]["environment"]
    env_example = dotenv(ROOT / ".env.example")
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS"} <= set(env_example)
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in (ROOT / "config" / "settings.py").read_text()
    assert "collectstatic" in (ROOT / "Dockerfile").read_text()


class Translator:
    """Compose names → this machine: postgres → a fresh database, redis → the private server,
    port 8000 → a free one, /tmp files → the test's folder."""

    def __init__(self, database_url: str, redis_url: str, port: int, tmp):
        self.database_url, self.redis, self.port, self.tmp = database_url, urlsplit(redis_url), port, tmp

    def url(self, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme.startswith("postgres") and parts.hostname == "postgres":
            return self.database_url
        if parts.scheme.startswith("redis") and parts.hostname == "redis":
            return urlunsplit((parts.scheme, self.redis.netloc, parts.path, parts.query, parts.fragment))
        return value

    def text(self, value: str) -> str:
        value = value.replace("0.0.0.0:8000", f"127.0.0.1:{self.port}").replace("127.0.0.1:8000", f"127.0.0.1:{self.port}")
        value = value.replace("/tmp/", f"{self.tmp}/")
        return self.url(value)

    def command(self, command) -> list[str]:
        args = [self.text(part) for part in (command if isinstance(command, list) else command.split())]
        if args[0] == "python":
            args[0] = sys.executable
        elif (BIN / args[0]).exists():
            args[0] = str(BIN / args[0])
        return args

    def environment(self, service: dict, variables: dict) -> dict:
        env = dict(variables)  # env_file: .env
        env.update({k: self.text(interpolate(str(v), variables)) for k, v in (service.get("environment") or {}).items()})
        env["MEDIA_ROOT"] = str(self.tmp / "media")
        env["HOSTNAME"] = socket.gethostname()
        return app_env(**env)


def run_healthcheck(check: dict, translate: Translator, env: dict) -> bool:
    test = check["test"]
    kind, args = test[0], test[1:]
    if kind == "CMD-SHELL":
        cmd = ["sh", "-c", translate.text(args[0].replace("$$", "$"))]
    else:
        cmd = translate.command(args)
    return (
        subprocess.run(cmd, env={**env, "PATH": f"{BIN}:{env.get('PATH', '')}"}, cwd=ROOT, capture_output=True, timeout=30).returncode == 0
    )


def test_every_service_starts_from_the_compose_file_and_becomes_healthy(compose, fresh_database, private_redis, tmp_path):
    services = compose["services"]
    variables = dotenv(ROOT / ".env.example")
    variables.update(SECRET_KEY="compose-test-" + "k" * 40, ALLOWED_HOSTS="localhost")
    translate = Translator(fresh_database, private_redis.url, free_port(), tmp_path)
    envs = {name: translate.environment(services[name], variables) for name in APP_SERVICES}
    assert envs["web"]["DATABASE_URL"] == fresh_database and envs["web"]["CELERY_BROKER_URL"].startswith(private_redis.url)

    # migrate: once, exit 0.
    log = tmp_path / "migrate.log"
    result = subprocess.run(
        translate.command(services["migrate"]["command"]),
        env=envs["migrate"],
        cwd=ROOT,
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
        timeout=300,
    )
    assert result.returncode == 0, log.read_text()[-3000:]

    processes = {}
    try:
        for name in ("web", "worker", "beat"):
            processes[name] = spawn(translate.command(services[name]["command"]), envs[name], tmp_path / f"{name}.log")
        for name in ("web", "worker", "beat"):
            wait_for(
                lambda n=name: processes[n].poll() is None and run_healthcheck(services[n]["healthcheck"], translate, envs[n]),
                120,
                interval=1,
                what=f"{name} healthy ({(tmp_path / f'{name}.log').read_text()[-1500:]})",
            )

        # web: /healthz/ says database and broker are fine; a storefront page and the API answer.
        base = f"http://127.0.0.1:{translate.port}"
        body = json.loads(urllib.request.urlopen(f"{base}/healthz/", timeout=10).read())
        assert body == {"status": "ok", "database": "ok", "broker": "ok"}
        # .env.example declares a TLS proxy in front: it says so with X-Forwarded-Proto, and
        # plain HTTP from anywhere else is redirected to https.
        proxied = {"X-Forwarded-Proto": "https"}
        query = json.dumps({"query": "{ shop { name } }"}).encode()
        request = urllib.request.Request(f"{base}/graphql/", data=query, headers={"Content-Type": "application/json", **proxied})
        response = urllib.request.urlopen(request, timeout=10)
        assert "shop" in json.loads(response.read())["data"]
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        # Static files through whitenoise.
        assert (
            urllib.request.urlopen(urllib.request.Request(f"{base}/static/admin/css/base.css", headers=proxied), timeout=10).status == 200
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        try:
            urllib.request.build_opener(NoRedirect).open(f"{base}/", timeout=10)
            raise AssertionError("plain HTTP was served")
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 301 and redirect.headers["Location"].startswith("https://")

        # worker: a task sent through Redis is run (the worker's log says it succeeded).
        send = (
            "import django; django.setup(); from config.celery import app; "
            "print(app.send_task('commerce.search.update_products_search_vector_task').id)"
        )
        done = subprocess.run([sys.executable, "-c", send], env=envs["worker"], cwd=ROOT, capture_output=True, text=True, timeout=90)
        assert done.returncode == 0, done.stderr[-2000:]
        task_id = done.stdout.strip().splitlines()[-1]
        wait_for(lambda: re.search(rf"{task_id}\] succeeded", (tmp_path / "worker.log").read_text()), 60, what="the task run by the worker")

        # beat: alive, and its schedule is in the database (DatabaseScheduler synced settings').
        import psycopg

        def schedule_loaded():
            with psycopg.connect(fresh_database) as connection:
                names = {row[0] for row in connection.execute("SELECT name FROM django_celery_beat_periodictask")}
            return {"update-products-search-vectors", "delete-expired-reservations"} <= names

        wait_for(schedule_loaded, 60, interval=1, what="beat's schedule in the database")
        assert processes["beat"].poll() is None
    finally:
        for process in processes.values():
            stop(process)
    for name, process in processes.items():
        assert process.returncode is not None, name
