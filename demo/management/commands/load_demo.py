"""`manage.py load_demo`: the demo's set-up and catalog (demo.builder, whose products come
through the registry sync), then a fair for the POS (pos.demo). `ocop run` calls it with
--if-empty."""

from django.core.management.base import BaseCommand, CommandError

from commerce.product.models import Product


class Command(BaseCommand):
    help = (
        "Load the demo catalog of Tây Ninh OCOP products: the set-up, the products from the bundled "
        "registry export through catalog_sync, then pictures, English, packs, stock and wholesale prices "
        "(idempotent: a rerun changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the catalog already has products (used by `ocop run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Product.objects.exists():
            self.stdout.write("Catalog already has products; demo data not loaded.")
            from demo.builder import ensure_shipping_if_none

            if ensure_shipping_if_none():
                self.stdout.write("No shipping zone yet: the demo's delivery for Vietnam added, so checkouts can complete.")
            return
        from demo.builder import SyncFailed, load_demo_catalog

        try:
            result = load_demo_catalog()
        except SyncFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(result.summary()))
        from pos.demo import ensure_demo_fair

        register = ensure_demo_fair()
        if register is not None:
            self.stdout.write(f"Fair POS demo: {register.booth.fair.name}, booth {register.booth.code} ({register.booth.name}).")
