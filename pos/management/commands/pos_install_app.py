"""`ocop manage pos_install_app [--token]`: install the `pos` App with its permissions; with
--token also print a new app token (for POS_APP_TOKEN when the core is another server)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Install (or repair) the pos App and optionally print a new token for it."

    def add_arguments(self, parser):
        parser.add_argument("--token", action="store_true")

    def handle(self, *args, **options):
        from commerce.app.models import AppToken
        from pos.services.core import install_app

        app = install_app()
        self.stdout.write(f"App {app.identifier} installed with {', '.join(sorted(app.get_permissions()))}")
        if options["token"]:
            _, raw = AppToken.objects.create_with_token(app, "pos")
            self.stdout.write(raw)
