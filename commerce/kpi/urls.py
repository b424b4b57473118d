from django.urls import path

from . import views

app_name = "kpi"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("<slug:key>/", views.section_view, name="section"),
]
