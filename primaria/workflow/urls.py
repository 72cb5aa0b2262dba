from django.urls import path

from . import views

app_name = "workflow"

urlpatterns = [
    path("pasi/", views.my_tasks, name="tasks"),
    path("pasi/<int:pk>/", views.complete, name="complete"),
    path("procese/", views.process_list, name="processes"),
    path("procese/<slug:slug>/", views.process_detail, name="process"),
    path("procese/<slug:slug>/v<int:version>.bpmn", views.download, name="download"),
    path("procese/<slug:slug>/versiune-noua/", views.upload, name="upload"),
]
