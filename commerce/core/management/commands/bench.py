"""`ocop manage bench`: the benchmark in bench/run.py (its own database; prints figures)."""
from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Fill the ocop_bench database with a large catalog and print GraphQL timings, SQL counts and ratios."

    def add_arguments(self, parser):
        from bench.run import build_parser

        build_parser(parser)

    def handle(self, *args, **options):
        from bench.run import run

        def out(line="", flush=False):
            self.stdout.write(str(line))
            if flush:
                self.stdout.flush()

        run(options, out=out)
