from django.urls import path

from . import views

app_name = "parking"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("abonament-nou/", views.buy, name="buy"),
    path("<uuid:public_id>/reinnoire/", views.renew, name="renew"),
]
