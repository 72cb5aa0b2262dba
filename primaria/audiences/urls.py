from django.urls import path

from . import views

app_name = "audiences"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("cerere/", views.ask, name="ask"),
    path("link/<str:token>/", views.by_link, name="by_link"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/raspuns/", views.answer, name="answer"),
]
