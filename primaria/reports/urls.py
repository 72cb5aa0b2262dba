from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("noua/", views.start, name="start"),
    path("noua/detalii/", views.details, name="details"),
    path("aproape.json", views.nearby_json, name="nearby"),
    path("<uuid:public_id>/alaturare/", views.join, name="join"),
    path("trimisa/<uuid:public_id>/", views.sent, name="sent"),
    path("ale-mele/", views.mine, name="mine"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("urmarire/<str:token>/", views.follow, name="follow"),
    path("harta/", views.public_map, name="map"),
    path("harta.geojson", views.public_geojson, name="geojson"),
    path("lista/", views.public_list, name="list"),
    path("foto/<int:photo_id>/", views.public_photo, name="photo"),
]
