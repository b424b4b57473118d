"""Print the core's GraphQL schema (SDL), or write it with --out (e.g. docs/schema.graphql)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand


def schema_sdl() -> str:
    from graphql import print_schema

    from commerce.graphql.api import schema

    return print_schema(schema.graphql_schema) + "\n"


class Command(BaseCommand):
    help = "Print our GraphQL schema as SDL, or write it to --out FILE."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="write the SDL to this file instead of printing it")

    def handle(self, *args, out: Path | None = None, **options):
        sdl = schema_sdl()
        if out is None:
            self.stdout.write(sdl, ending="")
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(sdl, encoding="utf-8")
        self.stderr.write(f"Wrote {out} ({sdl.count(chr(10))} lines)")
