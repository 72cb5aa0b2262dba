"""Readiness follows what a web process needs to serve: the database. A shared cache or a task queue that is
down is reported, but the process stays in the balancer (filings go on: docs/reliability.md)."""

import pytest

from primaria.core.plugins import HealthReport


@pytest.mark.django_db
def test_the_queue_or_the_cache_down_is_reported_and_the_process_stays_ready(client, monkeypatch):
    from primaria.core import health

    monkeypatch.setattr(health, "_queue", lambda: HealthReport(ok=False, message="Coada de sarcini nu răspunde"))
    monkeypatch.setattr(health, "_cache", lambda: HealthReport(ok=False, message="Cache-ul nu răspunde"))
    ready = client.get("/sanatate/pregatit/")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    assert ready.json()["checks"]["queue"]["ok"] is False and ready.json()["checks"]["cache"]["ok"] is False

    monkeypatch.setattr(health, "_database", lambda: HealthReport(ok=False, message="Baza de date nu răspunde"))
    assert client.get("/sanatate/pregatit/").status_code == 503


@pytest.mark.django_db
def test_a_shared_cache_that_is_down_reads_as_empty_and_the_probe_says_so(settings):
    from primaria.core import health

    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "primaria.core.cache.SharedRedisCache",
                                                      "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens
    report = health._cache()
    assert report.ok is False and "nu răspunde" in report.message
