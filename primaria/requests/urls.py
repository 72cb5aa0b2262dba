from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.my_requests, name="mine"),
    path("revendica/", views.claim, name="claim"),
    path("noua/<slug:slug>/", views.start, name="start"),
    path("<uuid:public_id>/completare/", views.edit, name="edit"),
    path("<uuid:public_id>/verificare/", views.review, name="review"),
    path("<uuid:public_id>/confirmare/", views.confirmation, name="confirmation"),
    path("<uuid:public_id>/plata/", views.pay_fees, name="pay_fees"),
    path("<uuid:public_id>/dovada.pdf", views.proof_pdf, name="proof"),
    path("<uuid:public_id>/sterge/", views.discard, name="discard"),
    path("<uuid:public_id>/", views.detail, name="detail"),
]
