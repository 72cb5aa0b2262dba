from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def ceiling(request):
    return HttpResponse(f"<!doctype html><html lang=ro><title>Plafon</title><p>{request.user.pk}</p></html>")


urlpatterns = [
    path("_plafon/", ceiling),
    path("", include("config.urls")),
]
