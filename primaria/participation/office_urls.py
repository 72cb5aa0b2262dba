from django.urls import path

from . import views

app_name = "participation_office"

urlpatterns = [
    path("", views.office, name="index"),
    path("dezbatere-noua/", views.new_debate, name="new_debate"),
    path("dezbateri/<int:pk>/", views.office_debate, name="debate"),
    path("cerere-noua/", views.new_request, name="new_request"),
]
