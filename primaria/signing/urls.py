"""Mounted at the site root by config/urls.py: /pki/... (CRLs, CA certificates, TSA) and /csc/v2/...."""

from django.urls import include, path

from . import views

app_name = "signing"

urlpatterns = [
    path("pki/crl/<slug:name>.crl", views.crl, name="crl"),
    path("pki/ca/<slug:name>.crt", views.ca_certificate, name="ca-certificate"),
    path("pki/tsa/", views.timestamp, name="tsa"),
    path("csc/v2/", include("primaria.signing.csc_server.urls")),
]
