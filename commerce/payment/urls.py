from django.urls import path, re_path

from . import views

urlpatterns = [
    path("webhooks/stripe/", views.stripe_webhook, name="stripe-webhook"),
    path("webhooks/bank/", views.bank_webhook, name="bank-webhook"),
    re_path(r"^payments/vietqr/(?P<token>[0-9a-f-]{36})\.(?P<format>svg|png)$", views.vietqr_image, name="vietqr-image"),
]
