from django.urls import path, re_path

from . import views

app_name = "wholesale"
urlpatterns = [
    path("", views.account, name="account"),
    path("apply/", views.apply, name="apply"),
    path("quick-order/", views.quick_order_page, name="quick-order"),
    path("lists/", views.saved_lists, name="lists"),
    path("lists/<int:list_id>/add/", views.saved_list_add, name="list-add"),
    path("lists/<int:list_id>/delete/", views.saved_list_delete, name="list-delete"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<str:order_id>/", views.order, name="order"),
    path("orders/<str:order_id>/reorder/", views.reorder, name="reorder"),
    re_path(r"^orders/(?P<order_id>[^/]+)/(?P<kind>proforma|delivery-note)\.pdf$", views.document, name="document"),
]
