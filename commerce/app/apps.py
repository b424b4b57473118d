from django.apps import AppConfig


class AppConfig(AppConfig):
    name = "commerce.app"
    label = "app"
