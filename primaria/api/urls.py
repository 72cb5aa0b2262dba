from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from primaria.audiences.api import AudienceViewSet
from primaria.payments.api import PaymentViewSet

from . import views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("services", views.ServiceViewSet, basename="service")
router.register("requests", views.RequestViewSet, basename="request")
router.register("office/requests", views.OfficeRequestViewSet, basename="office-request")
router.register("payments", PaymentViewSet, basename="payment")
router.register("audiences", AudienceViewSet, basename="audience")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
