from django.urls import path

from . import views

app_name = "queue_tickets"

urlpatterns = [
    path("", views.locations, name="locations"),
    path("bon/<uuid:public_id>/", views.ticket, name="ticket"),
    path("afisaj/<slug:slug>/", views.display, name="display"),
    path("<slug:slug>/", views.kiosk, name="kiosk"),
]
