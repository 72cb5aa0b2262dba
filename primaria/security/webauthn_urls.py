"""django-otp-webauthn's endpoints, with the check that also notes its time (views.PasskeyVerificationView)."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn

from .views import PasskeyVerificationView

app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", webauthn.BeginCredentialRegistrationView.as_view(),
         name="credential-registration-begin"),
    path("registration/complete/", webauthn.CompleteCredentialRegistrationView.as_view(),
         name="credential-registration-complete"),
    path("authentication/begin/", webauthn.BeginCredentialAuthenticationView.as_view(),
         name="credential-authentication-begin"),
    path("authentication/complete/", PasskeyVerificationView.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
