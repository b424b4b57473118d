from django.apps import AppConfig


class PaymentConfig(AppConfig):
    name = "commerce.payment"
    label = "payment"
