from django.apps import AppConfig


class AttributeConfig(AppConfig):
    name = "commerce.attribute"
    label = "attribute"
