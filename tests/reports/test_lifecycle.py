"""Handling: the department takes, resolves, rejects or files; the reporter follows, gets notices and rates."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.notifications.models import Notification
from primaria.outbox.models import Event
from primaria.reports import services
from primaria.reports.models import Report, Status

from .conftest import user

pytestmark = pytest.mark.django_db


def test_resolve_and_rate_through_the_follow_link(make_report, client):
    report = make_report("iluminat", email="vecin.nou@example.ro")
    official = user("adp.specialist@primaria-demo.ro")
    services.act(actor=official, report_id=report.pk, action="take")
    with pytest.raises(DomainError) as short:
        services.act(actor=official, report_id=report.pk, action="resolve", message="gata")
    assert "cel puțin 10 caractere" in short.value.message_dict["message"][0]
    services.act(actor=official, report_id=report.pk, action="resolve", message="Am înlocuit becurile stâlpilor.")
    report.refresh_from_db()
    assert report.status == Status.RESOLVED and report.closed_at and report.resolution
    assert [e.action for e in report.events.all()] == ["submit", "take", "resolve"]
    assert set(Event.objects.filter(subject_id=str(report.pk), name__startswith="report.").values_list("name", flat=True)) \
        == {"report.submitted", "report.take", "report.resolve"}
    assert AuditEntry.objects.filter(action="reports.resolve").exists()
    notices = Notification.objects.filter(address="vecin.nou@example.ro", template="reports/changed").order_by("pk")
    assert notices.count() == 3 and notices.last().context["can_rate"] is True
    from primaria.notifications.services import render

    last = notices.last()
    render(last)
    assert "Rezolvată" in last.subject and "notă de la 1 la 5" in last.body and "Am înlocuit becurile" in last.body
    link = last.context["link"]
    path = link.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1:8000" in link else link[link.index("/sesizari/"):]
    page = client.get(path)
    assert page.status_code == 200 and "Cum a fost rezolvată problema?" in page.content.decode()
    assert client.post(path, {"rating": "9"}).status_code == 400
    assert client.post(path, {"rating": "4", "comment": "Rapid."}).status_code == 302
    report.refresh_from_db()
    assert (report.rating, report.rating_comment) == (4, "Rapid.")
    with pytest.raises(DomainError):
        services.rate(actor=None, report_id=report.pk, rating=5, email="vecin.nou@example.ro")  # once only


def test_a_report_cannot_be_rated_before_it_is_resolved_or_by_others(make_report):
    ion = user("ion.popescu@example.ro")
    report = make_report("groapa", actor=ion)
    with pytest.raises(DomainError) as early:
        services.rate(actor=ion, report_id=report.pk, rating=5)
    assert "rezolvată" in early.value.messages[0]
    services.act(actor=user("adp.sef@primaria-demo.ro"), report_id=report.pk, action="resolve",
                 message="Groapa a fost astupată cu asfalt.")
    with pytest.raises(DomainError):
        services.rate(actor=user("maria.ionescu@example.ro"), report_id=report.pk, rating=5)
    services.rate(actor=ion, report_id=report.pk, rating=5)


def test_only_the_competent_department_handles_it(make_report, client):
    report = make_report("iluminat")
    with pytest.raises(PermissionDenied):
        services.act(actor=user("par.specialist@primaria-demo.ro"), report_id=report.pk, action="take")
    with pytest.raises(PermissionDenied):
        services.act(actor=user("ion.popescu@example.ro"), report_id=report.pk, action="take")
    assert Report.objects.get(pk=report.pk).status == Status.NEW
    # The office list shows it to its department only.
    client.force_login(user("par.specialist@primaria-demo.ro"))
    assert report.reference not in client.get(reverse("reports_office:index")).content.decode()
    assert str(report.public_id) not in client.get(reverse("reports_office:geojson")).content.decode()
    client.force_login(user("adp.specialist@primaria-demo.ro"))
    assert report.reference in client.get(reverse("reports_office:index")).content.decode()
    office_map = client.get(reverse("reports_office:geojson")).json()
    assert str(report.public_id) in {f["properties"]["id"] for f in office_map["features"]}
    # Residents do not reach the back office.
    client.force_login(user("ion.popescu@example.ro"))
    assert client.get(reverse("reports_office:index")).status_code == 404


def test_the_office_page_moves_the_report(make_report, client):
    report = make_report("iluminat")
    client.force_login(user("adp.specialist@primaria-demo.ro"))
    url = reverse("reports_office:detail", args=[report.public_id])
    assert client.post(url, {"action": "resolve", "message": ""}).status_code == 400
    assert client.post(url, {"action": "take"}).status_code == 302
    assert client.post(url, {"action": "file", "message": "Stâlpul este al companiei de electricitate."}).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.FILED
    again = client.post(url, {"action": "resolve", "message": "Încercare după clasare."})
    assert again.status_code == 404 or "acțiunea nu mai este posibilă" in again.content.decode()


def test_the_whole_form_without_javascript(client, city):
    response = client.post(reverse("reports:start"), {"categorie": "spatii-verzi", "lat": "45.765000",
                                                      "lon": "21.250000"})
    details = response["Location"]
    page = client.get(details)
    assert "Ce s-a întâmplat?" in page.content.decode()  # the category's own question
    posted = client.post(details, {"q_ce": "iarbă netunsă", "description": "Iarba din parc nu a fost tunsă.",
                                   "email": "locatar.nou@example.ro"})
    assert posted.status_code == 302
    report = Report.objects.get(email="locatar.nou@example.ro")
    assert report.category.slug == "spatii-verzi" and report.department.code == "sv"
    sent = client.get(posted["Location"])
    assert report.reference in sent.content.decode() and "/sesizari/urmarire/" in sent.content.decode()
    # Someone else cannot open the confirmation page.
    from django.test import Client

    assert Client().get(posted["Location"]).status_code == 404
