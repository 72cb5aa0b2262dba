"""Scores and estimated values that do not fit their columns are refused with a message next to the field (a 500 on
PostgreSQL otherwise), and a candidate's file is handed to the commission as an attachment, not sniffed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from primaria.accounts.models import User
from primaria.monitor import services
from primaria.monitor.demo import load_competition_service
from primaria.monitor.models import ProcurementNotice, StageResult
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher(city):
    return User.objects.get(email="sg.specialist@primaria-demo.ro")


def test_an_estimated_value_too_large_for_the_column_is_refused(client, publisher):
    client.force_login(publisher)
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    for value in ("1e20", "1.000.000.000.000,00"):
        response = client.post("/birou/monitorul-oficial/achizitii/", {
            "reference": "CN1090002", "title": "Servicii de deszăpezire a străzilor municipiului",
            "procedure": "simplificata", "estimated_value": value, "deadline": deadline})
        assert response.status_code == 400 and "Valoarea estimată poate fi de cel mult" in response.content.decode()
    assert not ProcurementNotice.objects.exists()
    response = client.post("/birou/monitorul-oficial/achizitii/", {
        "reference": "CN1090002", "title": "Servicii de deszăpezire a străzilor municipiului",
        "procedure": "simplificata", "estimated_value": "999.999.999.999,99", "deadline": deadline})
    assert response.status_code == 302


def test_a_score_out_of_range_is_refused_next_to_its_field(client, users, publisher):
    service = load_competition_service()
    today = timezone.localdate()
    competition = services.publish_competition(
        actor=publisher, reference="CONC-2026-11", position="Inspector, clasa I", department="Direcția Urbanism",
        published_on=today - timedelta(days=15), applications_until=today + timedelta(days=5),
        conditions="Studii superioare în construcții sau arhitectură.")
    first = submitted_request(users.ion, slug=service.slug)
    competition.applications_until = today - timedelta(days=3)
    competition.save(update_fields=["applications_until"])
    client.force_login(publisher)
    url = f"/birou/monitorul-oficial/concursuri/{competition.pk}/"
    for score in ("1000", "-5", "100,01", "1e20"):
        response = client.post(url, {"action": "stage", "stage": "selectie",
                                     "held_on": (today - timedelta(days=2)).isoformat(),
                                     f"result-{first.pk}": "admis", f"score-{first.pk}": score})
        assert response.status_code == 400, score
        assert 'data-testid="score-error"' in response.content.decode()
        assert not StageResult.objects.exists()
    response = client.post(url, {"action": "stage", "stage": "selectie",
                                 "held_on": (today - timedelta(days=2)).isoformat(),
                                 f"result-{first.pk}": "admis", f"score-{first.pk}": "100"})
    assert response.status_code == 302 and StageResult.objects.get().score == 100

    attachment = first.attachments.first()
    served = client.get(f"{url}dosare/{attachment.pk}/")
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment")
