from django.urls import path

from . import views

app_name = "parking_office"

urlpatterns = [
    path("verificare/", views.check, name="check"),
]
