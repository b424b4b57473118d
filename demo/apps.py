from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Only its `load_demo` command: the demo has no tables of its own."""

    name = "demo"
    label = "demo"
    verbose_name = "Demo data"
