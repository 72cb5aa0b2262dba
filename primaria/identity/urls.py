from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("intrare/", views.start, name="start"),
    path("retur/", views.callback, name="callback"),
    path("legare/", views.link, name="link"),
    path("cont-nou/", views.create, name="create"),
    path("necesar/", views.required, name="required"),
    path("iesire/", views.logout_everywhere, name="logout"),
]
