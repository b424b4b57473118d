from django.apps import AppConfig


class DiscountConfig(AppConfig):
    name = "commerce.discount"
    label = "discount"
