"""/healthz/ against the real database and real brokers (a closed port stands for one that is down)."""

from __future__ import annotations

import socket

import pytest
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def test_healthy_with_the_default_filesystem_broker(client, settings):
    assert settings.CELERY_BROKER_URL.startswith("filesystem://")
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_broker_down_is_degraded_not_down_with_a_short_reason(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    # Still serving (pages, API, checkout): a load balancer keeps the instance.
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    # Monitoring asks strictly and is told.
    response = client.get("/healthz/", {"strict": "1"})
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == "ok"
    assert body["broker"] == "error"
    reason = body["errors"]["broker"]
    assert reason and len(reason) <= 160 and "\n" not in reason
    assert "Traceback" not in response.content.decode()
    assert "database" not in body["errors"]


def test_password_in_broker_url_is_not_echoed(client, settings):
    settings.CELERY_BROKER_URL = "redis://:s3cret-pass@127.0.0.1:1/0"
    response = client.get("/healthz/", {"strict": "1"})
    assert response.status_code == 503 and "errors" in response.json()
    assert "s3cret-pass" not in response.content.decode()


def test_missing_filesystem_broker_folder_is_an_error(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "gone"),
        "data_folder_out": str(tmp_path / "gone"),
    }
    response = client.get("/healthz/", {"strict": "1"})
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    (tmp_path / "gone").mkdir()
    assert client.get("/healthz/").status_code == 200


@pytest.mark.skipif(not port_open("127.0.0.1", 6379), reason="no Redis on 127.0.0.1:6379")
def test_healthy_with_a_real_redis(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz/")
    assert response.status_code == 200, response.content
    assert response.json()["broker"] == "ok"


def test_database_down_gives_503(client):
    """Swap in a connection to a PostgreSQL port nobody listens on (a real refused connection)."""
    original = connections["default"]
    broken = DatabaseWrapper(dict(original.settings_dict, HOST="127.0.0.1", PORT="1"), alias="default")
    connections["default"] = broken
    try:
        response = client.get("/healthz/")
    finally:
        connections["default"] = original
        broken.close()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == "error" and body["broker"] == "ok"
    assert "OperationalError" in body["errors"]["database"]


def test_only_safe_methods(client):
    assert client.post("/healthz/").status_code == 405
    assert client.head("/healthz/").status_code == 200
