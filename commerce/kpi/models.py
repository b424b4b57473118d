from django.db import models


class KpiAccess(models.Model):
    """No table: only the holder of the `kpi.view_kpi` permission, which staff are granted
    (directly or through a group) to see the KPI pages."""

    class Meta:
        managed = False
        db_table = "kpi_access"
        default_permissions = ()
        permissions = (("view_kpi", "Xem chỉ số KPI chương trình OCOP"),)
        verbose_name = "quyền xem KPI"
