from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("", views.index, name="index"),
    path("noua/", views.book, name="book"),
    path("confirmare/<uuid:public_id>/", views.confirm, name="confirm"),
    path("link/<str:token>/", views.by_link, name="link"),
    path("<uuid:public_id>/", views.detail, name="detail"),
]
