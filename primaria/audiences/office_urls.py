from django.urls import path

from . import views

app_name = "audiences_office"

urlpatterns = [
    path("", views.office, name="index"),
    path("ziua/", views.day, name="day"),
    path("registru/", views.register, name="register"),
    path("registru.csv", views.register_csv, name="register_csv"),
    path("program/", views.hours, name="hours"),
    path("program/<int:pk>/", views.hours, name="hours_edit"),
    path("<uuid:public_id>/", views.office_detail, name="detail"),
    path("<uuid:public_id>/<str:action>/", views.office_act, name="act"),
]
