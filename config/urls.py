from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from commerce.graphql.core.view import GraphQLView
from commerce.product.thumbnails import thumbnail_view
from config.health import healthz

urlpatterns = [
    path("graphql/", GraphQLView.as_view(), name="api"),
    # The OCOP programme's KPI pages, inside the staff dashboard (before the admin's catch-all).
    path("dashboard/kpi/", include("commerce.kpi.urls")),
    path("dashboard/", admin.site.urls),
    path("thumbnail/<str:instance_id>/<int:size>/", thumbnail_view, name="thumbnail"),
    path("thumbnail/<str:instance_id>/<int:size>/<str:format>/", thumbnail_view, name="thumbnail-format"),
    path("healthz/", healthz, name="healthz"),
    # The fair point of sale: register app, its sync API (/pos/api/), e-receipts.
    path("pos/", include("pos.urls")),
    # Stripe and bank webhooks, VietQR images.
    path("", include("commerce.payment.urls")),
    # Uploaded and demo media; a production deployment serves MEDIA_ROOT from the proxy instead.
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    # Django's set_language (POST + CSRF): the storefront's language switcher.
    path("i18n/", include("django.conf.urls.i18n")),
    # Gift shops: business accounts, quick order, saved lists, wholesale checkout and documents.
    path("wholesale/", include("storefront.wholesale.urls")),
    path("", include("storefront.urls")),
]

# 404 and 500 pages in the storefront's theme.
handler404 = "storefront.views.page_not_found"
handler500 = "storefront.views.server_error"
