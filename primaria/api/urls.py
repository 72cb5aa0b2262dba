from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from primaria.appointments.api import AppointmentServiceViewSet, AppointmentViewSet
from primaria.audiences.api import AudienceViewSet
from primaria.council.api import ConsultationViewSet
from primaria.monitor.api import ActViewSet
from primaria.payments.api import PaymentViewSet
from primaria.reports.api import CategoryViewSet as ReportCategoryViewSet
from primaria.reports.api import OfficeReportViewSet, ReportViewSet

from . import views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("services", views.ServiceViewSet, basename="service")
router.register("requests", views.RequestViewSet, basename="request")
router.register("office/requests", views.OfficeRequestViewSet, basename="office-request")
router.register("payments", PaymentViewSet, basename="payment")
router.register("audiences", AudienceViewSet, basename="audience")
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("appointment-services", AppointmentServiceViewSet, basename="appointment-service")
router.register("acts", ActViewSet, basename="act")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("report-categories", ReportCategoryViewSet, basename="report-category")
router.register("reports", ReportViewSet, basename="report")
router.register("office/reports", OfficeReportViewSet, basename="office-report")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
