from django.urls import path

from . import views

app_name = "taxes"

urlpatterns = [
    path("", views.statement, name="statement"),
    path("certificat/", views.ask_certificate, name="certificate"),
    path("birou/", views.office, name="office"),
    path("birou/emitere/", views.emit, name="emit"),
    path("birou/import/", views.import_csv, name="import"),
    path("birou/<uuid:public_id>/", views.office_party, name="office_party"),
    path("birou/<uuid:public_id>/amenda/", views.fine, name="fine"),
]
