"""Observability: Prometheus metrics per route and of the outbox, a request id on every log line of a request
and of the worker's handlers of its changes, and the liveness and readiness probes."""

import json
import logging

import pytest

from primaria.outbox import runner
from primaria.outbox.models import Delivery, Event
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


def _metric(text: str, name: str, **labels) -> float | None:
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        if head.split("{")[0] != name:
            continue
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            return float(value)
    return None


def test_metrics_per_route_filings_and_the_outbox(client, users, settings, django_capture_on_commit_callbacks):
    settings.PRIMARIA_TASKS_IMMEDIATE = False
    before = _metric(client.get("/metrics").content.decode(), "primaria_filings_total", channel="online") or 0
    client.get("/servicii/")
    with django_capture_on_commit_callbacks(execute=True):  # counted once the filing commits
        submitted_request(users.ion)
    from datetime import timedelta

    from django.utils import timezone

    first, second = Delivery.objects.order_by("pk")[:2]
    Delivery.objects.filter(pk=first.pk).update(status=Delivery.Status.FAILED)
    # One effect due for a minute and not taken (a worker that is down): the queue's depth and age show it.
    Delivery.objects.filter(pk=second.pk).update(status=Delivery.Status.PENDING, waiting=False,
                                                 available_at=timezone.now() - timedelta(seconds=60))
    response = client.get("/metrics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert _metric(text, "primaria_filings_total", channel="online") == before + 1
    assert _metric(text, "django_http_requests_latency_seconds_by_view_method_count", view="catalog:list",
                   method="GET") >= 1
    assert _metric(text, "primaria_outbox_failed") == 1
    due = Delivery.objects.filter(status="pending", waiting=False, available_at__lte=timezone.now())
    assert _metric(text, "primaria_outbox_due", handler=second.handler) == due.filter(handler=second.handler).count()
    assert _metric(text, "primaria_outbox_oldest_due_seconds", handler=second.handler) >= 60


def test_metrics_are_for_the_monitoring_only(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 403
    settings.PRIMARIA_METRICS_TOKEN = "secret-de-test"
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9", HTTP_AUTHORIZATION="Bearer secret-de-test").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9", HTTP_AUTHORIZATION="Bearer altceva").status_code == 403


def test_a_request_id_follows_the_change_from_the_web_to_the_worker(client, users, settings, caplog):
    from primaria.catalog.models import Service
    from primaria.requests import services
    from tests.factories import answers_for, person_of, uploads_for

    settings.PRIMARIA_TASKS_IMMEDIATE = False
    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    draft = services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(service),
                        uploads=uploads_for(service))
    client.force_login(users.ion)
    submit = client.post(f"/cereri/{draft.public_id}/verificare/", {}, HTTP_X_REQUEST_ID="cd" * 16)
    assert submit.status_code == 302 and "/confirmare/" in submit["Location"]
    assert submit["X-Request-ID"] == "cd" * 16
    event = Event.objects.filter(name="request.submit").latest("pk")
    assert event.request_id == "cd" * 16
    from django_guid.log_filters import CorrelationId

    caplog.handler.addFilter(CorrelationId(correlation_id_field="request_id"))  # as the console handler has
    with caplog.at_level(logging.DEBUG, logger="primaria"):
        runner.drain()
    handled = [r for r in caplog.records if getattr(r, "request_id", None) == "cd" * 16]
    assert handled, [(r.name, getattr(r, "request_id", None), r.getMessage()) for r in caplog.records][:10]


def test_a_made_up_request_id_is_replaced(client):
    response = client.get("/", HTTP_X_REQUEST_ID="<script>x</script>")
    assert response["X-Request-ID"] != "<script>x</script>" and len(response["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id():
    from django_guid.context import guid
    from django_guid.log_filters import CorrelationId
    from pythonjsonlogger.json import JsonFormatter

    from config.settings import LOGGING

    spec = LOGGING["formatters"]["json"]
    formatter = JsonFormatter(spec["fmt"], rename_fields=spec["rename_fields"], json_ensure_ascii=False)
    record = logging.LogRecord("primaria.test", logging.INFO, __file__, 1, "Cererea a fost înregistrată", None, None)
    token = guid.set("f" * 32)
    try:
        CorrelationId(correlation_id_field="request_id").filter(record)
    finally:
        guid.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "f" * 32 and line["level"] == "INFO" and line["message"] == "Cererea a fost înregistrată"
    assert line["logger"] == "primaria.test" and "time" in line


def test_liveness_and_readiness(client, monkeypatch):
    from primaria.core import health
    from primaria.core.plugins import HealthReport

    assert client.get("/sanatate/viu/").json() == {"status": "ok"}
    ready = client.get("/sanatate/pregatit/")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    assert set(ready.json()["checks"]) == {"database", "cache", "queue"}
    monkeypatch.setattr(health, "_database", lambda: HealthReport(ok=False, message="Baza de date nu răspunde"))
    down = client.get("/sanatate/pregatit/")
    assert down.status_code == 503 and down.json()["checks"]["database"]["ok"] is False
    assert client.get("/sanatate/viu/").status_code == 200  # alive: no reason to restart the process
