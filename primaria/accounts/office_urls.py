from django.urls import path

from . import office_views as views

app_name = "mandates"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/dovada/", views.proof, name="proof"),
    path("<int:pk>/aproba/", views.verify, name="verify"),
    path("<int:pk>/respinge/", views.refuse, name="refuse"),
    path("<int:pk>/revoca/", views.revoke, name="revoke"),
]
