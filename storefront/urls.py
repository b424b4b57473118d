from django.urls import path

from . import account_views, checkout_views, views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("products/", views.products, name="products"),
    path("products/<str:slug>/", views.product_detail, name="product"),
    path("products/<str:slug>/qr.svg", views.product_qr, name="product-qr"),
    path("categories/<str:slug>/", views.category, name="category"),
    path("collections/<str:slug>/", views.collection, name="collection"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("producers/", views.producers, name="producers"),
    path("producers/<str:slug>/", views.producer, name="producer"),
    path("channel/", views.switch_channel, name="channel"),
    # Cart and checkout
    path("cart/", checkout_views.cart_page, name="cart"),
    path("cart/add/", checkout_views.cart_add, name="cart-add"),
    path("cart/update/", checkout_views.cart_update, name="cart-update"),
    path("checkout/", checkout_views.checkout_start, name="checkout"),
    path("checkout/contact/", checkout_views.checkout_contact, name="checkout-contact"),
    path("checkout/address/", checkout_views.checkout_address, name="checkout-address"),
    path("checkout/address/wards.json", checkout_views.wards_json, name="checkout-wards"),
    path("checkout/delivery/", checkout_views.checkout_delivery, name="checkout-delivery"),
    path("checkout/payment/", checkout_views.checkout_payment, name="checkout-payment"),
    path("checkout/card/return/", checkout_views.checkout_card_return, name="checkout-card-return"),
    path("orders/<str:order_id>/confirmation/", checkout_views.order_confirmation, name="order-confirmation"),
    path("orders/<str:order_id>/vietqr/", checkout_views.order_vietqr, name="order-vietqr"),
    path("orders/<str:order_id>/vietqr/status/", checkout_views.order_vietqr_status, name="order-vietqr-status"),
    # Accounts
    path("account/", account_views.account, name="account"),
    path("account/sign-in/", account_views.sign_in, name="sign-in"),
    path("account/sign-out/", account_views.sign_out, name="sign-out"),
    path("account/register/", account_views.register, name="register"),
    path("account/orders/<str:order_id>/", account_views.order_detail, name="account-order"),
    path("account/addresses/new/", account_views.address_new, name="account-address-new"),
    path("account/addresses/<str:address_id>/edit/", account_views.address_edit, name="account-address-edit"),
    path("account/addresses/default/", account_views.address_set_default, name="account-address-default"),
    path("account/addresses/delete/", account_views.address_delete, name="account-address-delete"),
    path("account/password-reset/", account_views.password_reset, name="password-reset"),
    path("account/password-reset/confirm/", account_views.password_reset_confirm, name="password-reset-confirm"),
]
