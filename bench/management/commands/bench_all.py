"""`ocop manage bench_all` (`make bench`): every benchmark in bench/ and one table (bench/all.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run every benchmark in bench/ (each in its own process) and print one table of figures and ratios to a hello view."

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="comma-separated: hello,run,storefront,checkout,registry_sync,pos")
        parser.add_argument("--quick", action="store_true", help="fewer runs and smaller inputs")

    def handle(self, *args, **options):
        from bench.all import main

        argv = (["--only", options["only"]] if options["only"] else []) + (["--quick"] if options["quick"] else [])
        code = main(argv)
        if code:
            raise SystemExit(code)
