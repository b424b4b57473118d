from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "commerce.core"
    label = "core"

    def ready(self):
        from . import lockout  # noqa: F401 — connects the failed/successful sign-in signals
