from django.apps import AppConfig


class AccountConfig(AppConfig):
    name = "commerce.account"
    label = "account"
