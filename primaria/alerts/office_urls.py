from django.urls import path

from . import office_views

app_name = "alerts_office"

urlpatterns = [
    path("", office_views.index, name="index"),
    path("noua/", office_views.new, name="new"),
    path("<uuid:public_id>/", office_views.detail, name="detail"),
    path("<uuid:public_id>/modificare/", office_views.edit, name="edit"),
    path("<uuid:public_id>/actiune/", office_views.act, name="act"),
]
