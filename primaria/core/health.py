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
    """What changes implied and is not done: failed deliveries, those waiting for a condition, and how late
    the oldest due one is (a worker that is down shows here first)."""
    from django.utils import timezone

    from primaria.outbox.models import Delivery

    failed = Delivery.objects.filter(status=Delivery.Status.FAILED).count()
    waiting = Delivery.objects.filter(status=Delivery.Status.PENDING, waiting=True).count()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, waiting=False, available_at__lte=timezone.now())
    oldest = due.order_by("available_at").values_list("available_at", flat=True).first()
    late = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    message = (f"{due.count()} efecte de făcut (cel mai vechi așteaptă de {late} s), {waiting} așteaptă o condiție, "
               f"{failed} eșuate definitiv (Administrare → Efectele evenimentelor → Reîncearcă).")
    return HealthReport(ok=failed == 0 and late < 600, message=message)


@staff_member_required
def health(request):
    checks = [("Baza de date", _database()), ("Coada de sarcini", _queue()), ("Efectele schimbărilor", _outbox())]
    plugins = [(kind, [(plugin, plugin.check_config()) for plugin in registry]) for kind, registry in sorted(registries.items())]
    return render(request, "admin/health.html", {"checks": checks, "plugins": plugins, "title": "Starea sistemului"})
