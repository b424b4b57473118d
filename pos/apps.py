from django.apps import AppConfig


class PosConfig(AppConfig):
    name = "pos"
    verbose_name = "Bán hàng tại hội chợ (POS)"
    default_auto_field = "django.db.models.BigAutoField"
