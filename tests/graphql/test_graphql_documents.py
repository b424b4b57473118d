"""Every shipped GraphQL document validates against Saleor's schema and ours (the checker CI runs),
and the schema dump command prints what the API serves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from graphql import build_schema, print_schema

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "tools" / "check_graphql_docs.py"
SALEOR_SCHEMA = Path(os.environ.get("SALEOR_SCHEMA", ROOT.parent / "shared" / "saleor" / "schema-3.23.28.graphql"))
# bench/ too: its documents are the storefront's hot paths and must stay runnable on Saleor as well.
CLIENT_DIRS = ["storefront", "pos", "catalog_sync", "saleor_client", "tests", "bench"]


@pytest.fixture(scope="module")
def our_sdl(tmp_path_factory) -> Path:
    from commerce.graphql.api import schema

    path = tmp_path_factory.mktemp("schema") / "ours.graphql"
    path.write_text(print_schema(schema.graphql_schema), encoding="utf-8")
    return path


def run_checker(our_sdl: Path, root: Path, dirs: list[str]) -> subprocess.CompletedProcess:
    if not CHECKER.exists():
        pytest.fail(f"The document checker is missing at {CHECKER} (it ships in ../shared/tools; CI has it)")
    if not SALEOR_SCHEMA.exists():
        pytest.fail(f"Saleor's schema is missing at {SALEOR_SCHEMA}; set SALEOR_SCHEMA")
    return subprocess.run(
        [
            sys.executable,
            str(CHECKER),
            "--schema",
            str(SALEOR_SCHEMA),
            "--also-schema",
            str(our_sdl),
            "--root",
            str(root),
            "--quiet",
            "--dirs",
            *dirs,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_document_is_valid_against_saleor_and_ours(our_sdl):
    result = run_checker(our_sdl, ROOT, CLIENT_DIRS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checker_fails_on_a_bad_document(our_sdl, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bad.graphql").write_text("query Bad { shop { name noSuchField } }")
    result = run_checker(our_sdl, tmp_path, ["docs"])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "noSuchField" in result.stdout


def test_the_checker_fails_on_a_field_saleor_lacks_even_if_ours_had_it(tmp_path):
    ours = tmp_path / "ours.graphql"
    ours.write_text("type Query { shop: Shop! }  type Shop { name: String! ocopOnly: String }")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ok.graphql").write_text("query Ours { shop { ocopOnly } }")
    result = run_checker(ours, tmp_path, ["docs"])
    assert result.returncode == 1 and "against saleor" in result.stdout


def test_graphql_schema_command_prints_and_writes_our_sdl(tmp_path, capsys):
    from commerce.core.management.commands.graphql_schema import Command
    from commerce.graphql.api import schema

    expected = print_schema(schema.graphql_schema)
    call_command(Command())
    printed = capsys.readouterr().out
    assert printed.strip() == expected.strip()
    out = tmp_path / "dump" / "schema.graphql"
    call_command(Command(), "--out", str(out))
    assert out.read_text(encoding="utf-8").strip() == expected.strip()
    build_schema(out.read_text(encoding="utf-8"))  # a valid SDL


def test_manage_graphql_schema_is_ours():
    from django.core.management import get_commands

    assert get_commands()["graphql_schema"] == "commerce.core"
