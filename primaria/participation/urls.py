from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("dezbateri-publice/", views.debates, name="debates"),
    path("dezbateri-publice/<int:pk>/", views.debate, name="debate"),
    path("dezbateri-publice/<int:pk>/documente/<int:doc>/", views.debate_document, name="document"),
    path("abonamente/", views.subscriptions, name="subscriptions"),
    path("abonamente/<int:pk>/oprire/", views.stop_mine, name="stop_mine"),
    path("abonamente/confirmare/<str:token>/", views.confirm, name="confirm"),
    path("abonamente/dezabonare/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
