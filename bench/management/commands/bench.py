"""`ocop manage bench`: the benchmark in bench/run.py (its own database; prints figures)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Fill the ocop_bench database with a large catalog and print GraphQL timings, SQL counts and ratios."

    def add_arguments(self, parser):
        from bench.run import build_parser

        build_parser(parser)
        parser.add_argument(
            "--checkout", action="store_true", help="run bench/checkout.py instead: full checkout p50/p95 and orders/s under contention"
        )
        from bench.checkout import add_arguments as add_checkout_arguments

        add_checkout_arguments(parser)
        parser.add_argument("--registry-sync", action="store_true", help="run bench/registry_sync.py instead")
        from bench.registry_sync import build_parser as build_sync_parser

        build_sync_parser(parser)
        parser.add_argument(
            "--pos", action="store_true", help="run bench/pos.py instead: ingest 1,000 offline fair sales, then refuse them resent"
        )
        from bench.pos import add_arguments as add_pos_arguments

        add_pos_arguments(parser)

        parser.add_argument(
            "--storefront", action="store_true", help="run bench/storefront.py instead: page render p50/p95, GraphQL share, weight, LCP/CLS"
        )
        from bench.storefront import add_arguments as add_storefront_arguments

        add_storefront_arguments(parser)

    def handle(self, *args, **options):
        from bench.run import run

        if options.get("checkout"):
            from bench.checkout import run
        if options.get("registry_sync"):
            from bench.registry_sync import run
        if options.get("pos"):
            from bench.pos import run

        if options.get("storefront"):
            from bench.storefront import run

        def out(line="", flush=False):
            self.stdout.write(str(line))
            if flush:
                self.stdout.flush()

        run(options, out=out)
