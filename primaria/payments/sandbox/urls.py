from django.urls import path

from . import views

app_name = "netopia_sandbox"

urlpatterns = [
    path("payment/card/start", views.start, name="start"),
    path("operation/status", views.status, name="status"),
    path("operation/credit", views.credit, name="credit"),
    path("ui/card", views.card, name="card"),
    path("sandbox/authorize", views.authorize, name="authorize"),
]
