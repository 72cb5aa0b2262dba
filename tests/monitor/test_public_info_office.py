"""The back office of procurement notices and job competitions (Legea 544/2001, art. 5; HG 1336/2022): officials
allowed by the rule create (as a draft or at once), publish, amend with a public history, and close; a competition's
stages are published with their results by registration number; the applications received through the portal are
listed for the commission with their files; candidates see their results in their account."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from primaria.accounts.models import User
from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.monitor import services
from primaria.monitor.demo import load_competition_service
from primaria.monitor.models import JobCompetition, ProcurementNotice, Revision, StageResult
from primaria.outbox.models import Event
from tests.factories import submitted_request

REASON = "Prelungirea termenului la cererea operatorilor economici."


@pytest.fixture
def publisher(city):
    return User.objects.get(email="sg.specialist@primaria-demo.ro")


def test_a_notice_from_draft_to_award_with_its_amendments(client, city, users, publisher):
    today = timezone.localdate()
    client.force_login(publisher)
    response = client.post("/birou/monitorul-oficial/achizitii/", {
        "reference": "CN1090001", "title": "Servicii de deszăpezire a străzilor municipiului",
        "procedure": "simplificata", "estimated_value": "1.250.000,00", "deadline": "",
    })
    assert response.status_code == 400 and "termenul de depunere" in response.content.decode()
    assert not ProcurementNotice.objects.exists()
    response = client.post("/birou/monitorul-oficial/achizitii/", {
        "reference": "CN1090001", "title": "Servicii de deszăpezire a străzilor municipiului",
        "procedure": "simplificata", "estimated_value": "1.250.000,00",
        "deadline": (today + timedelta(days=20)).isoformat()})
    assert response.status_code == 302
    notice = ProcurementNotice.objects.get()
    assert notice.status == "draft" and notice.estimated_value == Decimal("1250000.00")
    assert "salvat ca ciornă" in client.get(response.url).content.decode()
    assert "CN1090001" not in client.get("/informatii-publice/achizitii/").content.decode()  # a draft is not public

    with pytest.raises(PermissionDenied):
        services.publish_notice_draft(actor=users.urb_specialist, notice_id=notice)
    response = client.post(f"/birou/monitorul-oficial/achizitii/{notice.pk}/", {"action": "publish"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == "open"

    new_deadline = today + timedelta(days=30)
    with pytest.raises(DomainError) as error:
        services.amend_procurement_notice(actor=publisher, notice_id=notice, reason="", deadline=new_deadline)
    assert "Motivați modificarea" in error.value.message_dict["reason"][0]
    with pytest.raises(PermissionDenied):
        services.amend_procurement_notice(actor=users.ion, notice_id=notice, reason=REASON, deadline=new_deadline)
    services.amend_procurement_notice(actor=publisher, notice_id=notice, reason=REASON, deadline=new_deadline)
    revision = Revision.objects.get(notice=notice)
    assert revision.changes == [{"field": "deadline", "label": "termenul de depunere a ofertelor",
                                 "before": f"{today + timedelta(days=20):%d.%m.%Y}",
                                 "after": f"{new_deadline:%d.%m.%Y}"}]
    page = client.get("/informatii-publice/achizitii/").content.decode()
    assert "CN1090001" in page and REASON in page and f"{new_deadline:%d.%m.%Y}" in page

    with pytest.raises(DomainError) as error:
        services.close_procurement_notice(actor=publisher, notice_id=notice, status="awarded", result="")
    assert "Scrieți cui s-a atribuit" in error.value.message_dict["result"][0]
    services.close_procurement_notice(actor=publisher, notice_id=notice, status="awarded",
                                      result="Atribuit către Drumuri Demo SRL, 1.180.000 lei fără TVA.")
    notice.refresh_from_db()
    assert notice.status == "awarded" and notice.closed_on == today
    with pytest.raises(DomainError):
        services.amend_procurement_notice(actor=publisher, notice_id=notice, reason=REASON, title="Alt obiect al contractului")
    assert {"monitor.procurement_drafted", "monitor.procurement_published", "monitor.notice_amended",
            "monitor.procurement_closed"} <= set(AuditEntry.objects.values_list("action", flat=True))
    assert Event.objects.filter(name="monitor.notice_amended").count() == 1
    client.force_login(users.ion)
    assert client.get("/birou/monitorul-oficial/achizitii/").status_code == 403


def test_a_competition_its_applications_stages_and_results(client, city, users, publisher):
    service = load_competition_service()
    today = timezone.localdate()
    competition = services.publish_competition(
        actor=publisher, reference="CONC-2026-09", position="Inspector, clasa I", department="Direcția Urbanism",
        published_on=today - timedelta(days=15), applications_until=today + timedelta(days=5),
        conditions="Studii superioare în construcții sau arhitectură.")
    services.amend_competition(actor=publisher, competition_id=competition, reason="Erată: bibliografia completă.",
                               bibliography="Legea nr. 50/1991; Legea nr. 350/2001.")
    first = submitted_request(users.ion, slug=service.slug)
    second = submitted_request(users.maria, slug=service.slug)
    assert first.registry_entry_id and second.registry_entry_id  # each application is registered
    assert list(services.competition_applications(competition)) == [first, second]

    # The commission's page: each application, its registration number and its files.
    client.force_login(publisher)
    page = client.get(f"/birou/monitorul-oficial/concursuri/{competition.pk}/").content.decode()
    assert first.reference in page and second.reference in page and "Ion Popescu" in page
    attachment = first.attachments.first()
    assert f"/birou/monitorul-oficial/concursuri/{competition.pk}/dosare/{attachment.pk}/" in page
    assert client.get(f"/birou/monitorul-oficial/concursuri/{competition.pk}/dosare/{attachment.pk}/").status_code == 200
    client.force_login(users.urb_specialist)
    assert client.get(f"/birou/monitorul-oficial/concursuri/{competition.pk}/").status_code == 403
    assert client.get(f"/birou/monitorul-oficial/concursuri/{competition.pk}/dosare/{attachment.pk}/").status_code == 403

    # The selection of files waits for the end of the applications.
    with pytest.raises(DomainError) as error:
        services.publish_stage_results(actor=publisher, competition_id=competition, stage="selectie", held_on=today,
                                       results={first.pk: "admis", second.pk: "admis"})
    assert "după încheierea înscrierilor" in error.value.message_dict["held_on"][0]
    JobCompetition.objects.filter(pk=competition.pk).update(applications_until=today - timedelta(days=3))
    with pytest.raises(DomainError) as error:
        services.publish_stage_results(actor=publisher, competition_id=competition, stage="scrisa",
                                       held_on=today, results={first.pk: "admis"})
    assert "selecției dosarelor" in error.value.message_dict["stage"][0]
    with pytest.raises(DomainError) as error:
        services.publish_stage_results(actor=publisher, competition_id=competition, stage="selectie",
                                       held_on=today - timedelta(days=2), results={first.pk: "admis"})
    assert f"result-{second.pk}" in error.value.message_dict

    client.force_login(publisher)
    response = client.post(f"/birou/monitorul-oficial/concursuri/{competition.pk}/", {
        "action": "stage", "stage": "selectie", "held_on": (today - timedelta(days=2)).isoformat(),
        f"result-{first.pk}": "admis", f"result-{second.pk}": "respins"})
    assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.status == "closed"
    # Only those admitted take the written test.
    with pytest.raises(DomainError):
        services.publish_stage_results(actor=publisher, competition_id=competition, stage="scrisa",
                                       held_on=today - timedelta(days=1), results={first.pk: "admis",
                                                                                   second.pk: "admis"})
    services.publish_stage_results(actor=publisher, competition_id=competition, stage="scrisa",
                                   held_on=today - timedelta(days=1), results={first.pk: "admis"},
                                   scores={first.pk: Decimal("82.50")})
    services.publish_stage_results(actor=publisher, competition_id=competition, stage="interviu", held_on=today,
                                   results={first.pk: "admis"}, scores={first.pk: Decimal("90")})
    services.publish_stage_results(actor=publisher, competition_id=competition, stage="final", held_on=today,
                                   results={first.pk: "admis"}, scores={first.pk: Decimal("86.25")})
    competition.refresh_from_db()
    assert competition.status == "finished" and StageResult.objects.count() == 5

    office_page = client.get(f"/birou/monitorul-oficial/concursuri/{competition.pk}/").content.decode()
    assert "Rezultatele finale" in office_page and "86.25" in office_page.replace(",", ".")
    # Published by registration number, not by name.
    page = client.get("/informatii-publice/concursuri/").content.decode()
    assert "Selecția dosarelor" in page and first.reference in page and "86.25" in page.replace(",", ".")
    assert "Ion Popescu" not in page and "Erată: bibliografia completă." in page

    # Each candidate sees his own results in his account.
    client.force_login(users.ion)
    mine = client.get("/informatii-publice/concursuri/candidaturile-mele/").content.decode()
    assert first.reference in mine and "Rezultatele finale" in mine and second.reference not in mine
    client.force_login(users.maria)
    mine = client.get("/informatii-publice/concursuri/candidaturile-mele/").content.decode()
    assert second.reference in mine and "respins" in mine and "Proba scrisă" not in mine
    client.logout()
    assert client.get("/informatii-publice/concursuri/candidaturile-mele/").status_code == 302


def test_a_competition_cancelled_with_its_reason(city, users, publisher):
    load_competition_service()
    today = timezone.localdate()
    competition = services.publish_competition(
        actor=publisher, reference="CONC-2026-10", position="Consilier juridic", department="Serviciul Juridic",
        published_on=today, applications_until=today + timedelta(days=10), conditions="Studii juridice superioare.",
        publish=False)
    assert competition.status == "draft"
    services.publish_competition_draft(actor=publisher, competition_id=competition)
    with pytest.raises(PermissionDenied):
        services.close_competition(actor=users.ion, competition_id=competition, status="cancelled",
                                   reason="Postul a fost desființat prin reorganizare.")
    with pytest.raises(DomainError):
        services.close_competition(actor=publisher, competition_id=competition, status="cancelled", reason="")
    services.close_competition(actor=publisher, competition_id=competition, status="cancelled",
                               reason="Postul a fost desființat prin reorganizare.")
    competition.refresh_from_db()
    assert competition.status == "cancelled" and "desființat" in competition.results
    with pytest.raises(DomainError):
        services.amend_competition(actor=publisher, competition_id=competition, reason=REASON, grade="superior")
