from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("export.csv", views.export_csv, name="export"),
    path("inregistreaza/", views.register_document, name="register"),
]
