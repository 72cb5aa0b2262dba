from django.urls import path

from . import office_views

app_name = "reports_office"

urlpatterns = [
    path("", office_views.index, name="index"),
    path("harta.geojson", office_views.geojson, name="geojson"),
    path("repartizare/", office_views.routes, name="routes"),
    path("<uuid:public_id>/", office_views.detail, name="detail"),
    path("<uuid:public_id>/foto/<int:photo_id>/", office_views.photo, name="photo"),
]
