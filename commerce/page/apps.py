from django.apps import AppConfig


class PageConfig(AppConfig):
    name = "commerce.page"
    label = "page"
