from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Only the `bench` and `bench_all` commands: benchmarks keep their data in their own databases."""

    name = "bench"
    label = "bench"
    verbose_name = "Benchmarks"
