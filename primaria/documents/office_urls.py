from django.urls import path

from . import office_views as views

app_name = "outgoing"

urlpatterns = [
    path("de-semnat/", views.to_sign, name="to_sign"),
    path("documente/", views.outgoing_list, name="list"),
    path("documente/nou/", views.internal_new, name="new"),
    path("documente/<uuid:public_id>/", views.outgoing_detail, name="detail"),
    path("documente/<uuid:public_id>/pdf/", views.outgoing_pdf, name="pdf"),
]
