from django.urls import path

from . import office_views

app_name = "payments_office"

urlpatterns = [
    path("", office_views.payments, name="list"),
    path("extrase/", office_views.statements, name="statements"),
    path("notificari/", office_views.notifications, name="notifications"),
    path("raport/", office_views.report, name="report"),
    path("<uuid:public_id>/", office_views.payment_detail, name="detail"),
]
