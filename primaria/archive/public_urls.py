from django.urls import path

from . import views

app_name = "archive_public"

urlpatterns = [
    path("", views.public_search, name="search"),
    path("document/<uuid:public_id>/", views.public_document, name="document"),
    path("document/<uuid:public_id>/document.pdf", views.public_document_pdf, name="pdf"),
]
