from django.urls import path

from . import views

app_name = "satisfaction"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<str:token>/", views.survey, name="survey"),
]
