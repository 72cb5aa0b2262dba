from django.urls import path

from . import office_views as views

app_name = "office"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("cereri/<uuid:public_id>/", views.handle, name="request"),
    path("cereri/<uuid:public_id>/dovada.pdf", views.proof, name="proof"),
    path("ghiseu/", views.counter, name="counter"),
    path("ghiseu/<uuid:public_id>/", views.counter_done, name="counter_done"),
]
