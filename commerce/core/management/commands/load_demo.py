from django.core.management.base import BaseCommand

from commerce.product.models import Product


class Command(BaseCommand):
    help = "Load the demo catalog of Tây Ninh OCOP products (idempotent: a rerun updates, never duplicates)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing when the catalog already has products (used by `ocop run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Product.objects.exists():
            self.stdout.write("Catalog already has products; demo data not loaded.")
            return
        from commerce.demo.builder import load_demo_catalog

        result = load_demo_catalog()
        self.stdout.write(self.style.SUCCESS(result.summary()))
