from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_pos_app(sender, **kwargs) -> None:
    """The `pos` App (the identity the POS uses towards the core) exists with its current
    permissions after every migrate, so a new install works and an upgrade that needs a new
    permission gets it. `ocop manage pos_install_app --token` is still how a remote core's
    token is made."""
    from .services.core import install_app

    install_app()


class PosConfig(AppConfig):
    name = "pos"
    verbose_name = "Bán hàng tại hội chợ (POS)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After the last app migrates (permissions are created in post_migrate of auth/contenttypes).
        post_migrate.connect(_install_pos_app, sender=self, dispatch_uid="pos.install_pos_app")
