# i18n: ro (Prometheus help texts, read by the operator's monitoring)
"""Prometheus metrics at /metrics, for the machines' monitoring (docs/deployment.md).

django-prometheus measures every route (latency histograms per view and method, responses per status,
exceptions). This module adds what a city hall's operator watches:

* `primaria_filings_total{channel}` and `primaria_signatures_total{kind}`: counted when the change commits (a
  rolled-back filing is not counted); an after-commit count is all a metric needs, no effect depends on it;
* the outbox, read from the database at each scrape: deliveries due per handler and how late the oldest is
  (`primaria_outbox_due`, `primaria_outbox_oldest_due_seconds`), failed ones (`primaria_outbox_failed`),
  waiting for a condition, and running.

With several processes (gunicorn's workers, task workers) prometheus-client's multiprocess mode adds their
counters up: PROMETHEUS_MULTIPROC_DIR names a directory they share, emptied when the service starts.
"""

import os

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Min
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

FILINGS = Counter("primaria_filings", "Cereri depuse și înregistrate", ["channel"])
SIGNATURES = Counter("primaria_signatures", "Semnături și sigilii electronice aplicate documentelor", ["kind"])


def count_filing(channel: str) -> None:
    transaction.on_commit(lambda: FILINGS.labels(channel=channel or "online").inc())


def count_signature(kind: str) -> None:
    transaction.on_commit(lambda: SIGNATURES.labels(kind=kind).inc())


class OutboxCollector:
    """The outbox's state, read when Prometheus asks (a few grouped queries over the deliveries' indexes)."""

    def collect(self):
        from primaria.outbox.models import Delivery

        now = timezone.now()
        due = GaugeMetricFamily("primaria_outbox_due", "Efecte de făcut, scadente, pe handler", labels=["handler"])
        oldest = GaugeMetricFamily("primaria_outbox_oldest_due_seconds",
                                   "De cât timp așteaptă cel mai vechi efect scadent", labels=["handler"])
        rows = (Delivery.objects.filter(status=Delivery.Status.PENDING, waiting=False, available_at__lte=now)
                .values("handler").annotate(n=Count("pk"), first=Min("available_at")).order_by())
        for row in rows:
            due.add_metric([row["handler"]], row["n"])
            oldest.add_metric([row["handler"]], (now - row["first"]).total_seconds())
        yield due
        yield oldest
        counts = dict(Delivery.objects.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.RUNNING])
                      .values_list("status").annotate(n=Count("pk")).order_by())
        waiting = Delivery.objects.filter(status=Delivery.Status.PENDING, waiting=True).count()
        yield GaugeMetricFamily("primaria_outbox_failed", "Efecte eșuate definitiv (de reluat din administrare)",
                                value=counts.get(Delivery.Status.FAILED, 0))
        yield GaugeMetricFamily("primaria_outbox_running", "Efecte în lucru", value=counts.get(Delivery.Status.RUNNING, 0))
        yield GaugeMetricFamily("primaria_outbox_waiting", "Efecte care așteaptă o condiție", value=waiting)


def _allowed(request) -> bool:
    token = settings.PRIMARIA_METRICS_TOKEN
    if token and request.headers.get("Authorization", "") == f"Bearer {token}":
        return True
    return request.META.get("REMOTE_ADDR", "") in settings.PRIMARIA_METRICS_ALLOWED


def export(request):
    """The metrics, in Prometheus' text format, for the addresses and the token the settings allow."""
    if not _allowed(request):
        raise PermissionDenied
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    database = CollectorRegistry()
    database.register(OutboxCollector())
    return HttpResponse(generate_latest(processes) + generate_latest(database), content_type=CONTENT_TYPE_LATEST)
