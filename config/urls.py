from django.contrib import admin
from django.urls import include, path

from primaria.core import health, metrics
from primaria.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("limba/", core_views.choose_language, name="set_language"),
    path("cont/roeid/", include("primaria.identity.urls")),
    path("cont/datele-mele/", include("primaria.privacy.urls")),
    path("cont/securitate/", include("primaria.security.urls")),
    path("webauthn/", include("primaria.security.webauthn_urls")),
    path("cont/notificari/", include("primaria.notifications.urls")),
    path("cont/", include("primaria.accounts.urls")),
    path("servicii/", include("primaria.catalog.urls")),
    path("cereri/", include("primaria.requests.urls")),
    path("dosar/", include("primaria.documents.urls")),
    path("birou/", include("primaria.documents.office_urls")),
    path("verificare/", include("primaria.documents.verification_urls")),
    path("birou/", include("primaria.requests.office_urls")),
    path("birou/", include("primaria.workflow.urls")),
    path("birou/registratura/", include("primaria.registry.urls")),
    path("birou/delegari/", include("primaria.institutions.urls")),
    path("birou/mandate/", include("primaria.accounts.office_urls")),
    path("birou/arhiva/", include("primaria.archive.urls")),
    path("arhiva/", include("primaria.archive.public_urls")),
    path("birou/situatie/", include("primaria.overview.urls")),
    path("plati/", include("primaria.payments.urls")),
    path("birou/plati/", include("primaria.payments.office_urls")),
    path("netopia-sandbox/", include("primaria.payments.sandbox.urls")),  # answers only with PRIMARIA_NETOPIA_SANDBOX
    path("taxe/", include("primaria.taxes.urls")),
    path("audiente/", include("primaria.audiences.urls")),
    path("birou/audiente/", include("primaria.audiences.office_urls")),
    path("programari/", include("primaria.appointments.urls")),
    path("birou/programari/", include("primaria.appointments.office_urls")),
    path("coada/", include("primaria.queue_tickets.urls")),
    path("birou/coada/", include("primaria.queue_tickets.office_urls")),
    path("parcare/", include("primaria.parking.urls")),
    path("birou/parcare/", include("primaria.parking.office_urls")),
    path("sesizari/", include("primaria.reports.urls")),
    path("birou/sesizari/", include("primaria.reports.office_urls")),
    path("chestionar/", include("primaria.satisfaction.urls")),
    path("birou/satisfactie/", include("primaria.satisfaction.office_urls")),
    path("alerte/", include("primaria.alerts.urls")),
    path("birou/alerte/", include("primaria.alerts.office_urls")),
    path("monitorul-oficial/", include("primaria.monitor.urls")),
    path("informatii-publice/", include("primaria.monitor.public_info_urls")),
    path("birou/monitorul-oficial/", include("primaria.monitor.office_urls")),
    path("consultare-publica/", include("primaria.council.urls")),
    path("birou/consiliu/", include("primaria.council.office_urls")),
    path("", include("primaria.participation.urls")),  # /dezbateri-publice/, /abonamente/
    path("birou/dezbateri/", include("primaria.participation.office_urls")),
    path("api/v1/", include("primaria.api.urls")),
    path("", include("primaria.signing.urls")),  # /pki/ (CRLs, CA certificates, TSA) and /csc/v2/
    path("admin/sanatate/", health.health, name="health"),
    path("sanatate/viu/", health.live, name="live"),  # liveness probe
    path("sanatate/pregatit/", health.ready, name="ready"),  # readiness probe
    path("metrics", metrics.export, name="metrics"),  # Prometheus (docs/deployment.md)
    path("admin/", admin.site.urls),
]

# Errors in Romanian, in the site's design (JSON under /api/): primaria.core.error_pages.
handler400 = "primaria.core.error_pages.bad_request"
handler403 = "primaria.core.error_pages.permission_denied"
handler404 = "primaria.core.error_pages.page_not_found"
handler500 = "primaria.core.error_pages.server_error"
