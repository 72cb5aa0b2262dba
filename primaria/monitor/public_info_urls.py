from django.urls import path

from . import views

app_name = "public_info"

urlpatterns = [
    path("", views.public_info, name="index"),
    path("buget/", views.budget, name="budget"),
    path("achizitii/", views.procurement, name="procurement"),
    path("concursuri/", views.competitions, name="competitions"),
    path("concursuri/candidaturile-mele/", views.my_applications, name="my_applications"),
]
