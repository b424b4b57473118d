from django.apps import AppConfig


class ShippingConfig(AppConfig):
    name = "commerce.shipping"
    label = "shipping"
