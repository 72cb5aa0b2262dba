from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from primaria.alerts.api import AlertViewSet
from primaria.alerts.api import SubscriptionViewSet as AlertSubscriptionViewSet
from primaria.appointments.api import AppointmentServiceViewSet, AppointmentViewSet
from primaria.audiences.api import AudienceViewSet
from primaria.council.api import ConsultationViewSet, OfficeDraftViewSet, OfficeSessionViewSet
from primaria.monitor.api import ActViewSet
from primaria.participation.api import DebateViewSet, TopicViewSet
from primaria.payments.api import PaymentViewSet
from primaria.reports.api import CategoryViewSet as ReportCategoryViewSet
from primaria.reports.api import OfficeReportViewSet, ReportViewSet
from primaria.satisfaction.api import SurveyViewSet

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
router.register("debates", DebateViewSet, basename="debate")
router.register("newsletter-topics", TopicViewSet, basename="newsletter-topic")
router.register("office/council/drafts", OfficeDraftViewSet, basename="office-council-draft")
router.register("office/council/sessions", OfficeSessionViewSet, basename="office-council-session")
router.register("report-categories", ReportCategoryViewSet, basename="report-category")
router.register("reports", ReportViewSet, basename="report")
router.register("office/reports", OfficeReportViewSet, basename="office-report")
router.register("alerts", AlertViewSet, basename="alert")
router.register("alert-subscriptions", AlertSubscriptionViewSet, basename="alert-subscription")
router.register("surveys", SurveyViewSet, basename="survey")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
