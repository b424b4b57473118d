from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "commerce.dashboard"
    label = "dashboard"
    verbose_name = "Bảng điều khiển"

    def ready(self):
        # Runs after the admin's autodiscovery (django.contrib.admin comes first in
        # INSTALLED_APPS), so only models that no admin module registered are given a plain one.
        from commerce.dashboard.admin import register_remaining_models

        register_remaining_models()
