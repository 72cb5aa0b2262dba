from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.folder, name="folder"),
    path("document/<uuid:public_id>/", views.download, name="download"),
    path("document/<uuid:public_id>/sterge/", views.remove, name="remove"),
]
