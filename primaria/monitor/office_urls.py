from django.urls import path

from . import views

app_name = "monitor_office"

urlpatterns = [
    path("", views.office, name="index"),
    path("publica/", views.publish, name="publish"),
    path("proiecte/", views.drafts, name="drafts"),
]
