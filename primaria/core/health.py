"""The IT admin's health page: every plugin's configuration check, the database and the task queue; and the
probes a process manager or a balancer asks: liveness (the process answers) and readiness (it can serve)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .plugins import HealthReport, registries


def _database() -> HealthReport:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - shown to the admin as is
        return HealthReport(ok=False, message=_("Baza de date nu răspunde: %(exc)s") % {"exc": exc})
    return HealthReport(ok=True, message=_("%(vendor)s răspunde.") % {"vendor": connection.vendor})


def _queue() -> HealthReport:
    from huey.contrib.djhuey import HUEY

    try:
        pending = HUEY.pending_count()
    except Exception as exc:  # noqa: BLE001
        return HealthReport(ok=False, message=_("Coada de sarcini nu răspunde: %(exc)s") % {"exc": exc})
    return HealthReport(ok=True, message=_("%(pending)s sarcini în așteptare (%(name)s).") % {"pending": pending, "name": type(HUEY).__name__})


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
    message = (_("%(count)s efecte de făcut (cel mai vechi așteaptă de %(late)s s), %(waiting)s așteaptă o condiție, %(failed)s eșuate definitiv (Administrare → Efectele evenimentelor → Reîncearcă).") % {"count": due.count(), "late": late, "waiting": waiting, "failed": failed})
    return HealthReport(ok=failed == 0 and late < 600, message=message)


def _audit_log() -> HealthReport:
    """The audit log's hash chains (primaria.audit.chain): what the last nightly check found, and whether the
    sealing keeps up."""
    from datetime import timedelta

    from django.utils import timezone

    from primaria.audit.models import AuditChain, AuditEntry

    chains = list(AuditChain.objects.all())
    problems = sum(len(c.problems) for c in chains)
    waiting = AuditEntry.objects.filter(sequence__isnull=True, at__lt=timezone.now() - timedelta(minutes=10)).count()
    checked = min((c.checked_at for c in chains if c.checked_at), default=None)
    when = f"{timezone.localtime(checked):%d.%m.%Y %H:%M}" if checked else _("încă nu")
    message = (_("%(chains)s lanțuri, %(sealed)s înregistrări sigilate; verificat ultima dată: %(when)s; %(problems)s probleme găsite (manage.py audit_verify le arată); %(waiting)s înregistrări așteaptă sigilarea de peste 10 minute.") % {"chains": len(chains), "sealed": sum(c.length for c in chains), "when": when, "problems": problems, "waiting": waiting})
    return HealthReport(ok=problems == 0 and waiting == 0, message=message)


@staff_member_required
def health(request):
    checks = [(_("Baza de date"), _database()), (_("Coada de sarcini"), _queue()), (_("Efectele schimbărilor"), _outbox()),
              (_("Jurnalul de audit"), _audit_log())]
    plugins = [(kind, [(plugin, plugin.check_config()) for plugin in registry]) for kind, registry in sorted(registries.items())]
    return render(request, "admin/health.html", {"checks": checks, "plugins": plugins, "title": "Starea sistemului"})


@never_cache
def live(request):
    """Liveness: the process answers; nothing else is asked, so a slow database never gets it restarted."""
    return JsonResponse({"status": "ok"})


def _cache() -> HealthReport:
    from django.core.cache import cache

    try:
        cache.set("core:ready-probe", 1, 10)
        found = cache.get("core:ready-probe")
    except Exception as exc:  # noqa: BLE001
        return HealthReport(ok=False, message=_("Cache-ul nu răspunde: %(exc)s") % {"exc": exc})
    if found != 1:  # the shared cache fails safe: a cache that is down reads as empty
        return HealthReport(ok=False, message=_("Cache-ul nu răspunde; paginile se citesc din baza de date."))
    return HealthReport(ok=True, message=_("răspunde"))


@never_cache
def ready(request):
    """Readiness: the database answers (503 otherwise, so the balancer sends the traffic elsewhere until it does).

    The cache and the task queue are reported but do not make the process unready: without the cache pages are
    read from the database, and without the queue every change still commits with its effects in the outbox,
    which the workers carry out once the queue is back (docs/reliability.md measured both). Taking every web
    process out of the balancer for them would turn a slower site into no site."""
    checks = {"database": _database(), "cache": _cache(), "queue": _queue()}
    ok = checks["database"].ok
    return JsonResponse({"status": "ok" if ok else "unavailable",
                         "checks": {name: {"ok": r.ok, "message": r.message} for name, r in checks.items()}},
                        status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})
