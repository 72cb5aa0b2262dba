from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("verificare/", views.verify, name="verify"),
    path("aplicatie/confirma/", views.confirm_totp, name="confirm_totp"),
    path("aplicatie/<int:pk>/sterge/", views.remove_totp, name="remove_totp"),
    path("coduri-recuperare/", views.new_recovery_codes, name="recovery_codes"),
    path("tokenuri/nou/", views.create_token, name="create_token"),
    path("tokenuri/revoca/", views.revoke_token, name="revoke_token"),
]
