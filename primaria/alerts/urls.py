from django.urls import path

from . import views
from .feeds import AlertFeed

app_name = "alerts"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed.atom", AlertFeed(), name="feed"),
    path("feed/<str:topic>.atom", AlertFeed(), name="topic_feed"),
    path("alerte.geojson", views.geojson, name="geojson"),
    path("abonare/", views.subscribe, name="subscribe"),
    path("abonarile-mele/", views.mine, name="mine"),
    path("abonarile-mele/<int:subscription_id>/stergere/", views.delete, name="delete"),
    path("telefon/", views.phone, name="phone"),
    path("confirmare/<str:token>/", views.confirm, name="confirm"),
    path("dezabonare/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<uuid:public_id>/", views.detail, name="detail"),
]
