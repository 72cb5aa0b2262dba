from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.search, name="search"),
    path("document/<uuid:public_id>/", views.document, name="document"),
    path("document/<uuid:public_id>/document.pdf", views.document_pdf, name="pdf"),
    path("document/<uuid:public_id>/original", views.document_original, name="original"),
    path("unitati/", views.units, name="units"),
    path("unitati/<uuid:public_id>/", views.unit, name="unit"),
    path("nomenclator/", views.nomenclator, name="nomenclator"),
    path("nomenclator/nou/", views.entry_edit, name="entry_new"),
    path("nomenclator/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("loturi/", views.batches, name="batches"),
    path("loturi/<uuid:public_id>/", views.batch, name="batch"),
    path("eliminare/", views.disposal, name="disposal"),
    path("eliminare/<uuid:public_id>/", views.proposal, name="proposal"),
]
