from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("intrare/", views.LoginView.as_view(), name="login"),
    path("iesire/", auth_views.LogoutView.as_view(), name="logout"),
    path("inregistrare/", views.signup, name="signup"),
    path("confirmare/<str:token>/", views.verify, name="verify"),
    path("confirmare-retrimite/", views.resend_verification, name="resend_verification"),
    path("profil/", views.profile, name="profile"),
    path("reprezentari/<int:pk>/revoca/", views.revoke_representation, name="revoke_representation"),
    path("actionez-pentru/", views.act_as, name="act_as"),
    path("parola/", views.password_reset, name="password_reset"),
    path("parola/trimis/", views.password_reset_done, name="password_reset_done"),
    path("parola/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("parola/gata/", views.password_reset_complete, name="password_reset_complete"),
]
