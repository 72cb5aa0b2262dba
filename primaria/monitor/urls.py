from django.urls import path

from . import views
from .feeds import SectionFeed

app_name = "monitor"

urlpatterns = [
    path("", views.index, name="index"),
    path("cautare/", views.search, name="search"),
    path("verificare/<str:code>/", views.verification, name="verification"),
    path("hotarari/registrul-proiectelor/", views.drafts_register, name="drafts_register"),
    path("hotarari/registrul-hotararilor/", views.decisions_register, name="decisions_register"),
    path("dispozitii/registrul-dispozitiilor/", views.dispositions_register, name="dispositions_register"),
    path("<slug:section>/", views.section, name="section"),
    path("<slug:section>/atom/", SectionFeed(), name="feed"),
    path("<slug:kind>/<int:year>/<int:number>/", views.act, name="act"),
    path("<slug:kind>/<int:year>/<int:number>/act.pdf", views.act_pdf, name="act_pdf"),
]
