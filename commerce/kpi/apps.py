from django.apps import AppConfig


class KpiConfig(AppConfig):
    name = "commerce.kpi"
    label = "kpi"
    verbose_name = "Chỉ số KPI chương trình OCOP"

    def ready(self):
        # The admin index links to the KPI pages; its template extends Django's own index.
        from django.contrib import admin

        admin.site.index_template = "kpi/admin_index.html"
