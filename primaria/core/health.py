"""The IT admin's health page: every plugin's configuration check, the database and the task queue."""

from django.contrib.admin.views.decorators import staff_member_required
from django.db import connection
from django.shortcuts import render

from .plugins import HealthReport, registries


def _database() -> HealthReport:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - shown to the admin as is
        return HealthReport(ok=False, message=f"Baza de date nu răspunde: {exc}")
    return HealthReport(ok=True, message=f"{connection.vendor} răspunde.")


def _queue() -> HealthReport:
    from huey.contrib.djhuey import HUEY

    try:
        pending = HUEY.pending_count()
    except Exception as exc:  # noqa: BLE001
        return HealthReport(ok=False, message=f"Coada de sarcini nu răspunde: {exc}")
    return HealthReport(ok=True, message=f"{pending} sarcini în așteptare ({type(HUEY).__name__}).")


def _outbox() -> HealthReport:
    from primaria.notifications.models import Notification

    failed = Notification.objects.filter(status=Notification.Status.FAILED).count()
    pending = Notification.objects.filter(status=Notification.Status.PENDING).count()
    return HealthReport(ok=failed == 0, message=f"{pending} notificări de trimis, {failed} eșuate definitiv.")


@staff_member_required
def health(request):
    checks = [("Baza de date", _database()), ("Coada de sarcini", _queue()), ("Notificări", _outbox())]
    plugins = [(kind, [(plugin, plugin.check_config()) for plugin in registry]) for kind, registry in sorted(registries.items())]
    return render(request, "admin/health.html", {"checks": checks, "plugins": plugins, "title": "Starea sistemului"})
