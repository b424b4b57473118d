from django.apps import AppConfig


class CatalogSyncConfig(AppConfig):
    name = "catalog_sync"
    verbose_name = "Đồng bộ sổ đăng ký OCOP (catalog sync)"
    default_auto_field = "django.db.models.BigAutoField"
