"""A database of its own for the benchmark (`ocop_bench` on the same server), so 10,000 bench
products never mix with the demo catalog or a developer's data."""

from __future__ import annotations

from django.core.management import call_command
from django.db import connections

BENCH_DATABASE = "ocop_bench"


def use_bench_database(name: str = BENCH_DATABASE, *, reuse: bool = False, verbosity: int = 1) -> bool:
    """Point the default connection at `name`, creating it (fresh unless `reuse`) and migrating it.

    Returns True when an existing database was reused.
    """
    connection = connections["default"]
    current = connection.settings_dict["NAME"]
    if current == name:
        raise SystemExit(f"Refusing to run: the default database is already {name!r}.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        quoted = connection.ops.quote_name(name)
        if exists and not reuse:
            cursor.execute(f"DROP DATABASE {quoted} WITH (FORCE)")
        if not exists or not reuse:
            cursor.execute(f"CREATE DATABASE {quoted}")
    connection.close()
    connections.settings["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0, interactive=False)
    if verbosity:
        print(f"• database {name} ({'reused' if exists and reuse else 'created'}, migrated)", flush=True)
    return exists and reuse
