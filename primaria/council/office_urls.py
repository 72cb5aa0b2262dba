from django.urls import path

from . import views

app_name = "council_office"

urlpatterns = [
    path("", views.office, name="index"),
    path("proiect-nou/", views.new_draft, name="new_draft"),
    path("proiecte/<int:pk>/", views.draft_page, name="draft"),
    path("comunicari/", views.communications, name="communications"),
    path("sedinta-noua/", views.new_session, name="new_session"),
    path("sedinte/<int:pk>/", views.session_page, name="session"),
]
