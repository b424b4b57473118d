"""`ocop`: the project's command line.

ocop run [--port N]      the quick start: database, migrations, demo data, web, worker, beat
ocop test [PYTEST_ARGS]  the whole suite on PostgreSQL (embedded unless DATABASE_URL is set)
ocop manage ARGS         Django's manage.py with the same environment
ocop sync-registry PATH_OR_URL [--dry-run] [--mapping FILE] [--report-json FILE]
                         import OCOP products and badges from a registry export (exit 0/1/2)
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _database_env(env: dict) -> tuple[dict, bool]:
    """Point env at a database; start the embedded server when none is configured."""
    if env.get("DATABASE_URL"):
        return env, False
    from config.embedded_db import ensure_running

    env["DATABASE_URL"] = ensure_running()
    return env, True


def prepare_database(stdout=None) -> None:
    """What `ocop run` does to the database before starting anything, in this (Django) process:
    migrations, then — on an empty catalog — the demo catalog, whose products come through the
    registry sync of the bundled export (`load_demo`). A filled catalog is left alone."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", if_empty=True, **({"stdout": stdout} if stdout is not None else {}))
    from pos.demo import pairing_line

    line = pairing_line()
    if line:
        print(line, file=stdout or sys.stdout, flush=True)


def _prepare(env: dict) -> None:
    """prepare_database() in a child process with the run's environment (the database URL)."""
    boot = "import django; django.setup(); from config.cli import prepare_database; prepare_database()"
    subprocess.run([sys.executable, "-c", boot], env=env, cwd=ROOT, check=True)


def _demo_payments(env: dict, spawn, port: int) -> None:
    """Every payment method works in the quick start with nothing set up: VietQR to the demo
    account of DESIGN.md's published sample, and — when localstripe is installed (the test
    extra) — cards against a local fake Stripe. Real settings in the environment win."""
    env.setdefault("VIETQR_BANK_BIN", "970436")
    env.setdefault("VIETQR_ACCOUNT", "1017595600")
    env.setdefault("VIETQR_ACCOUNT_NAME", "OCOP TAY NINH DEMO")
    env.setdefault("BANK_WEBHOOK_SECRET", "quick-start-bank-secret")
    if env.get("STRIPE_SECRET_KEY"):
        return
    try:
        import localstripe  # noqa: F401
    except ImportError:
        return
    stripe_port = port + 420
    boot = "import localstripe.resources as r; r.Store.dump_to_disk = lambda self: None; from localstripe.server import start; start()"
    spawn([sys.executable, "-c", boot, "--port", str(stripe_port), "--from-scratch"])
    env.update(
        STRIPE_SECRET_KEY="sk_test_quickstart",
        STRIPE_PUBLISHABLE_KEY="pk_test_quickstart",
        STRIPE_WEBHOOK_SECRET="whsec_quickstart",
        STRIPE_API_BASE=f"http://127.0.0.1:{stripe_port}",
    )
    # localstripe delivers its own signed webhooks once told where: the same path as Stripe's.
    import time
    import urllib.parse
    import urllib.request

    form = urllib.parse.urlencode({"url": f"http://127.0.0.1:{port}/webhooks/stripe/", "secret": env["STRIPE_WEBHOOK_SECRET"]}).encode()
    for _ in range(50):
        try:
            urllib.request.urlopen(f"{env['STRIPE_API_BASE']}/_config/webhooks/ocop", data=form, timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    print(f"• Cards go to localstripe at {env['STRIPE_API_BASE']} (Stripe.js shim: /js.stripe.com/v3/)", flush=True)


def run_environment(env) -> dict:
    """The environment `ocop run` gives every process it starts (web workers, Celery worker and
    beat, the database preparation), from the shell's.

    The quick start runs several processes (gunicorn's workers, the Celery worker), so rate
    limits and sign-in lockouts must be counted where all of them see the same number: without
    Redis configured, in PostgreSQL's ocop_cache table (CACHE_URL=db) rather than each process's
    memory, where a client would get 20 attempts per worker instead of 20 in all."""
    env = dict(env)
    env.setdefault("OCOP_DEV", "1")
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not (env.get("CACHE_URL") or env.get("REDIS_URL")):
        env["CACHE_URL"] = "db"
    return env


def cmd_run(args) -> int:
    env = run_environment(os.environ)
    port = str(args.port or env.get("PORT") or 8000)
    env, embedded = _database_env(env)
    print("• Preparing the database (migrations; the demo catalog through the registry sync)…", flush=True)
    _prepare(env)
    children: list[subprocess.Popen] = []

    def spawn(cmd: list[str]) -> None:
        children.append(subprocess.Popen(cmd, env=env, cwd=ROOT))

    _demo_payments(env, spawn, int(port))
    spawn([str(BIN / "celery"), "-A", "config", "worker", "-l", "warning", "--concurrency", "2", "-n", "ocop@%h"])
    spawn([str(BIN / "celery"), "-A", "config", "beat", "-l", "warning", "-S", "django_celery_beat.schedulers:DatabaseScheduler"])
    spawn(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            env.get("WEB_CONCURRENCY", "2"),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ]
    )
    base = f"http://127.0.0.1:{port}"
    print(
        "\nOCOP Market is running:\n"
        f"  storefront        {base}/\n"
        f"  GraphQL + GraphiQL {base}/graphql/\n"
        f"  staff dashboard   {base}/dashboard/   (demo staff: admin@example.com / admin)\n"
        f"  fair POS          {base}/pos/   (pairing code above)\n"
        f"  health            {base}/healthz/\n"
        "Press Ctrl-C to stop everything.\n",
        flush=True,
    )

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            if any(child.poll() is not None for child in children):
                print("A process stopped unexpectedly; shutting down.", file=sys.stderr)
                break
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.time() + 10
        for child in children:
            try:
                child.wait(timeout=max(deadline - time.time(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
        if embedded:
            from config.embedded_db import stop as stop_db

            stop_db()
        print("Stopped.")
    return 0


def cmd_test(args) -> int:
    env = dict(os.environ)
    env.setdefault("OCOP_DEV", "1")
    env, embedded = _database_env(env)
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", *args.pytest_args], env=env, cwd=ROOT)
        return result.returncode
    finally:
        if embedded:
            from config.embedded_db import stop as stop_db

            stop_db()


def cmd_manage(args) -> int:
    env = dict(os.environ)
    env.setdefault("OCOP_DEV", "1")
    env, _ = _database_env(env)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args.manage_args], env=env, cwd=ROOT).returncode


def cmd_sync_registry(args) -> int:
    env = dict(os.environ)
    env.setdefault("OCOP_DEV", "1")
    env, _ = _database_env(env)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), "sync_registry", *args.sync_args], env=env, cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ocop", description="OCOP Market")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the whole system on an embedded default")
    run.add_argument("--port", type=int)
    run.set_defaults(func=cmd_run)
    test = sub.add_parser("test", help="run the test suite")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test.set_defaults(func=cmd_test)
    manage = sub.add_parser("manage", help="Django management commands")
    manage.add_argument("manage_args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    sync = sub.add_parser(
        "sync-registry",
        help="import OCOP products from a registry export",
        usage="ocop sync-registry PATH_OR_URL [--dry-run] [--mapping FILE] [--report-json FILE] [--partial] [--full-read]",
    )
    sync.add_argument("sync_args", nargs=argparse.REMAINDER)
    sync.set_defaults(func=cmd_sync_registry)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
