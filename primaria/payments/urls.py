from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.basket, name="basket"),
    path("istoric/", views.history, name="history"),
    path("notificare/<slug:provider_id>/", views.notify, name="notify"),
    path("<uuid:public_id>/", views.payment_return, name="return"),
    path("<uuid:public_id>/verifica/", views.check_again, name="check_again"),
]
