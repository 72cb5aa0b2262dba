from django.urls import path

from . import office_views

app_name = "appointments_office"

urlpatterns = [
    path("", office_views.day, name="day"),
    path("program/", office_views.setup, name="setup"),
    path("<uuid:public_id>/marcare/", office_views.mark, name="mark"),
]
