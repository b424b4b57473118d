"""docs/backup.md, followed literally on a private embedded server: a populated database is
dumped with pg_dump (custom format), restored with pg_restore into a fresh database, and the
restored copy serves the storefront's GraphQL products query with the same answer."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT, app_env

FILL = """
import django; django.setup()
from bench.dataset import fill, index_search
fill(60, batch_size=60, log=lambda *a, **k: None)
index_search()
"""
PRODUCTS = """
import django, json; django.setup()
from django.test import Client
query = '{ products(channel: "online", first: 5, sortBy: {field: NAME, direction: ASC}) { totalCount edges { node { name slug pricing { priceRange { start { gross { amount currency } } } } } } } }'
body = json.loads(Client(HTTP_HOST="127.0.0.1").post("/graphql/", json.dumps({"query": query}), content_type="application/json").content)
search = json.loads(Client(HTTP_HOST="127.0.0.1").post("/graphql/", json.dumps({"query": '{ products(channel: "online", first: 3, search: "muoi") { totalCount } }'}), content_type="application/json").content)
print(json.dumps({"products": body, "search": search}))
"""


def _run(script: str, database_url: str, tmp_path) -> str:
    env = app_env(DATABASE_URL=database_url, CELERY_BROKER_URL="memory://", MEDIA_ROOT=tmp_path / "media", OCOP_VAR_DIR=tmp_path / "var")
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_dump_restore_into_a_fresh_database_and_serve_from_it(embedded_pg, tmp_path):
    source = embedded_pg.database_url  # the session's migrated database (other deploy tests may have added rows)
    _run(FILL, source, tmp_path)
    before = json.loads(_run(PRODUCTS, source, tmp_path).strip().splitlines()[-1])
    assert before["products"]["data"]["products"]["totalCount"] >= 60, before

    socket_dir = source.split("@", 1)[1].split("/", 1)[0]
    from urllib.parse import unquote

    host = unquote(socket_dir)
    dump = tmp_path / "ocop.dump"
    # The commands of docs/backup.md (host = the embedded server's socket folder here).
    subprocess.run(
        [
            embedded_pg.bin("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--host",
            host,
            "--username",
            "postgres",
            "--file",
            str(dump),
            "ocop",
        ],
        check=True,
        timeout=120,
    )
    assert dump.stat().st_size > 10_000
    target = embedded_pg.url("ocop_backup_restored")  # a fresh, empty database
    subprocess.run(
        [
            embedded_pg.bin("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--host",
            host,
            "--username",
            "postgres",
            "--dbname",
            "ocop_backup_restored",
            str(dump),
        ],
        check=True,
        timeout=300,
    )

    after = json.loads(_run(PRODUCTS, target, tmp_path).strip().splitlines()[-1])
    assert after == before
    assert after["search"]["data"]["products"]["totalCount"] >= 0 and "errors" not in after["search"]
