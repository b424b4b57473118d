from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "commerce.search"
    label = "search"
