from django.urls import path

from . import verification

app_name = "verification"

urlpatterns = [
    path("", verification.lookup, name="lookup"),
    path("<str:code>/", verification.document, name="document"),
]
