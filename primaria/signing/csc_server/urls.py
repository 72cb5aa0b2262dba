from django.urls import path

from . import views

app_name = "csc"

urlpatterns = [
    path("info", views.info, name="info"),
    path("auth/login", views.auth_login, name="auth-login"),
    path("oauth2/token", views.oauth2_token, name="oauth2-token"),
    path("credentials/list", views.credentials_list, name="credentials-list"),
    path("credentials/info", views.credentials_info, name="credentials-info"),
    path("credentials/authorize", views.credentials_authorize, name="credentials-authorize"),
    path("signatures/signHash", views.signatures_sign_hash, name="signatures-sign-hash"),
]
