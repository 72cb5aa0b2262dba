"""Petitions (OG nr. 27/2002): the department is reminded before the 30-day term, once; a petition past its term
shows as late; reports, petitions and survey answers are in the person's data export."""

import io
import json
import zipfile
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from primaria.core import terms
from primaria.notifications.models import Notification
from primaria.outbox.models import Event
from primaria.reports import services
from primaria.reports.tasks import remind_petitions

from .conftest import user

pytestmark = pytest.mark.django_db


def _at(day):
    moment = timezone.make_aware(datetime.combine(day, time(9, 10)))
    return mock.patch.multiple("django.utils.timezone", now=mock.Mock(return_value=moment),
                               localdate=mock.Mock(return_value=day))


def test_the_petitions_department_is_reminded_once_before_the_term(make_report):
    ion = user("ion.popescu@example.ro")
    petition = make_report("petitie", actor=ion, description="Vă rog să montați o bancă în parcul din cartier.")
    problem = make_report("groapa", actor=ion)  # a report has no legal term: never reminded
    due = petition.due_date
    assert due and problem.due_date is None
    with _at(due - timedelta(days=20)):
        assert remind_petitions.call_local() == {"reminded": 0}
    day_before = due - timedelta(days=1)
    while not terms.is_working_day(day_before):
        day_before -= timedelta(days=1)
    with _at(day_before):
        assert remind_petitions.call_local() == {"reminded": 1}
        assert remind_petitions.call_local() == {"reminded": 0}  # once per term
    petition.refresh_from_db()
    assert petition.reminded_for == due
    notices = Notification.objects.filter(template="reports/term_reminder", object_id=str(petition.pk))
    heads = {n.address for n in notices}
    assert heads and all(a.endswith("@primaria-demo.ro") for a in heads)
    from primaria.notifications.services import render

    notice = notices.first()
    render(notice)
    assert petition.reference in notice.subject and f"{due:%d.%m.%Y}" in notice.body and "OG nr. 27/2002" in notice.body
    assert Event.objects.filter(name="report.remind", subject_id=str(petition.pk)).count() == 1
    assert petition.events.filter(action="remind").count() == 1


def test_a_closed_petition_is_not_reminded(make_report):
    ion = user("ion.popescu@example.ro")
    petition = make_report("petitie", actor=ion, description="Cer repararea gardului școlii din cartier.")
    services.act(actor=user("secretar@primaria-demo.ro"), report_id=petition.pk, action="resolve",
                 message="Gardul a fost reparat de echipa primăriei.")
    with _at(petition.due_date):
        assert remind_petitions.call_local() == {"reminded": 0}


def test_a_petition_past_its_term_shows_as_late(make_report, client):
    ion = user("ion.popescu@example.ro")
    petition = make_report("petitie", actor=ion, description="Solicit amenajarea unei treceri de pietoni.")
    assert not petition.is_late
    secretary = user("secretar@primaria-demo.ro")
    client.force_login(secretary)
    detail = reverse("reports_office:detail", args=[petition.public_id])
    assert 'data-testid="report-late"' not in client.get(detail).content.decode()
    with _at(petition.due_date + timedelta(days=1)):
        assert petition.is_late
        assert 'data-testid="report-late"' in client.get(detail).content.decode()
        listing = client.get(reverse("reports_office:index")).content.decode()
        assert "termen depășit" in listing


def test_the_export_holds_the_reports_petitions_and_survey_answers(make_report, client,
                                                                    django_capture_on_commit_callbacks):
    from primaria.privacy.models import DataExport

    ion = user("ion.popescu@example.ro")
    pothole = make_report("groapa", actor=ion, description="Groapă mare la intrarea în parcare.")
    petition = make_report("petitie", actor=ion, description="Vă rog să montați o bancă în parcul din cartier.")
    by_email = make_report("iluminat", email="ion.popescu@example.ro", description="Stâlp stins lângă școală.",
                           data={"q_stalpi": "1"})
    other = make_report("iluminat", email="altcineva@example.ro", description="Stâlp stins la colțul străzii.",
                        data={"q_stalpi": "1"})
    services.act(actor=user("adp.sef@primaria-demo.ro"), report_id=pothole.pk, action="resolve",
                 message="Groapa a fost astupată cu asfalt.")
    from primaria.outbox import runner
    from primaria.satisfaction import services as survey
    from primaria.satisfaction.models import Invitation

    runner.drain()
    invitation = Invitation.objects.get(report=pothole)
    survey.answer(actor=ion, invitation_id=invitation.pk, data={"q_overall": "5", "q_comment": "Foarte repede."})
    client.force_login(ion)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:request_export")).status_code == 302
    export = DataExport.objects.get(user=ion)
    runner.drain()
    export.refresh_from_db()
    with export.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        reports = json.loads(archive.read("sesizari.json"))
        surveys = json.loads(archive.read("chestionare.json"))
        readme = archive.read("CITESTE.txt").decode()
    references = {r["reference"] for r in reports}
    assert {pothole.reference, petition.reference, by_email.reference} <= references
    assert other.reference not in references
    from primaria.reports.models import Report

    assert references == {r.reference for r in Report.objects.filter(email="ion.popescu@example.ro")}
    kinds = {r["reference"]: r["kind"] for r in reports}
    assert kinds[petition.reference].startswith("Petiție")
    assert any(r["rating"] == 5 and r["rating_comment"] == "" for r in reports)  # the comment stays in the survey
    answered = [s for s in surveys if s["answered_at"]]
    assert [(s["answers"]["overall"], s["comment"]) for s in answered] == [(5, "Foarte repede.")]
    assert "sesizari.json" in readme and "chestionare.json" in readme
