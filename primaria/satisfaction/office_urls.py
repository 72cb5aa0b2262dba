from django.urls import path

from . import views

app_name = "satisfaction_office"

urlpatterns = [
    path("comentarii/", views.comments, name="comments"),
]
