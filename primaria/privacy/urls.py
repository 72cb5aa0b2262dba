from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("export/", views.request_export, name="request_export"),
    path("acord/", views.consent, name="consent"),
    path("export/<uuid:public_id>/", views.download, name="download"),
]
