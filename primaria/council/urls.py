from django.urls import path

from . import views

app_name = "council"

urlpatterns = [
    path("", views.consultations, name="consultations"),
    path("<int:pk>/", views.consultation, name="consultation"),
    path("<int:pk>/<str:which>.pdf", views.consultation_document, name="document"),
]
