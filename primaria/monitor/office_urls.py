from django.urls import path

from . import views

app_name = "monitor_office"

urlpatterns = [
    path("", views.office, name="index"),
    path("publica/", views.publish, name="publish"),
    path("proiecte/", views.drafts, name="drafts"),
    path("achizitii/", views.office_procurement, name="procurement"),
    path("achizitii/<int:pk>/", views.office_notice, name="notice"),
    path("concursuri/", views.office_competitions, name="competitions"),
    path("concursuri/<int:pk>/", views.office_competition, name="competition"),
    path("concursuri/<int:pk>/dosare/<int:attachment>/", views.office_application_file, name="application_file"),
]
