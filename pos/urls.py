from django.urls import path

from . import api, views

app_name = "pos"

urlpatterns = [
    path("", views.app_shell, name="app"),
    path("sw.js", views.service_worker, name="sw"),
    path("assets/<str:name>", views.asset, name="asset"),
    path("fonts/<str:weight>.ttf", views.font, name="font"),
    path("receipt/<uuid:sale_uuid>/", views.receipt, name="receipt"),
    path("api/pair", api.pair, name="api-pair"),
    path("api/register", api.register_info, name="api-register"),
    path("api/cashiers/sign-in", api.sign_in, name="api-sign-in"),
    path("api/catalog", api.booth_catalog, name="api-catalog"),
    path("api/sessions", api.open_session, name="api-open-session"),
    path("api/sessions/<int:session_id>/x-report", api.x_report, name="api-x-report"),
    path("api/sessions/<int:session_id>/close", api.close_session, name="api-close-session"),
    path("api/sales/sync", api.sync_sales, name="api-sync"),
    path("api/sales/<uuid:sale_uuid>", api.sale_detail, name="api-sale"),
    path("api/sales/<uuid:sale_uuid>/print", api.print_receipt, name="api-print"),
]
