from django.urls import path

from . import office_views

app_name = "queue_tickets_office"

urlpatterns = [
    path("", office_views.screen, name="screen"),
    path("actiune/", office_views.act, name="act"),
]
