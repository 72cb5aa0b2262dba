"""The site's URLs plus views that fail, to see the error pages (tests only)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from config import urls as site


def broken(request):
    raise RuntimeError("a bug: internal detail that must not be shown")


def forbidden(request):
    raise PermissionDenied("internal reason that must not be shown")


def bad(request):
    raise BadRequest("internal reason that must not be shown")


urlpatterns = [
    path("test-eroare/", broken),
    path("test-interzis/", forbidden),
    path("test-invalid/", bad),
    path("api/v1/test-eroare/", broken),
    path("api/v1/test-interzis/", forbidden),
    path("api/v1/test-invalid/", bad),
    *site.urlpatterns,
]

handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
