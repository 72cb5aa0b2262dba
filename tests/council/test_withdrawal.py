"""Withdrawing a draft before its adoption: by its initiator (the account recorded on the draft) or the mayor, with a
reason; the draft stays on record, its consultation closes, the register of draft decisions reads "retras" and no
further step is accepted."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.council import services
from primaria.council.models import Decision, Draft, Proposal
from primaria.monitor.models import DraftDecision
from primaria.outbox.models import Event

from .test_circuit import ANNOUNCED, at, messages, new_draft

REASON = "Inițiatorul retrage proiectul pentru a-l corela cu noua strategie de mediu."


def test_the_mayor_withdraws_a_draft_under_consultation(client, city, office, users, monkeypatch):
    from datetime import UTC, datetime

    draft = new_draft(office)
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    at(monkeypatch, datetime(2025, 11, 12, 9, 0, tzinfo=UTC))
    services.submit_proposal(draft_id=draft.pk, text="Propun colectarea separată a sticlei.", name="Ana Vasile",
                             email="ana@example.ro")

    with pytest.raises(PermissionDenied) as refused:
        services.withdraw_draft(actor=office, draft_id=draft, reason=REASON, on=date(2025, 11, 12))
    assert "inițiatorul său sau de primar" in str(refused.value)
    with pytest.raises(DomainError) as error:
        services.withdraw_draft(actor=users.mayor, draft_id=draft, reason="nu", on=date(2025, 11, 12))
    assert "Motivați retragerea proiectului" in error.value.message_dict["reason"][0]
    assert Draft.objects.get(pk=draft.pk).status == Draft.Status.CONSULTATION

    services.withdraw_draft(actor=users.mayor, draft_id=draft, reason=REASON, on=date(2025, 11, 12))
    draft.refresh_from_db()
    assert draft.status == Draft.Status.WITHDRAWN and draft.withdrawn_on == date(2025, 11, 12)
    assert draft.withdrawal_reason == REASON and draft.withdrawn_by == users.mayor
    assert draft.consultation.closed_on == date(2025, 11, 12)
    assert DraftDecision.objects.get(pk=draft.register_line_id).outcome == DraftDecision.Outcome.WITHDRAWN
    assert AuditEntry.objects.filter(action="council.draft_withdrawn").count() == 1
    assert Event.objects.filter(name="council.draft_withdrawn").count() == 1
    assert Event.objects.filter(name="monitor.draft_withdrawn").count() == 1
    # Kept on record, with its proposals.
    assert Draft.objects.filter(pk=draft.pk).exists() and Proposal.objects.filter(consultation__draft=draft).count() == 1

    # The consultation is closed: a proposal inside the window announced is refused, nothing saved.
    with pytest.raises(DomainError) as error:
        services.submit_proposal(draft_id=draft.pk, text="Încă o propunere pentru proiect.", name="Ion Ion",
                                 email="ion@example.ro")
    assert "a fost retras" in messages(error)
    assert Proposal.objects.filter(consultation__draft=draft).count() == 1

    # No further step.
    with pytest.raises(DomainError):
        services.publish_synthesis(actor=office, draft_id=draft, synthesis="Sinteza propunerilor primite.")
    with pytest.raises(DomainError) as error:
        services.withdraw_draft(actor=users.mayor, draft_id=draft, reason=REASON)
    assert "deja retras la 12.11.2025" in messages(error)

    # The public pages and the register of draft decisions show it as withdrawn.
    page = client.get(f"/consultare-publica/{draft.pk}/").content.decode()
    assert "Proiectul a fost retras de inițiator" in page and 'name="text"' not in page
    register = client.get("/monitorul-oficial/hotarari/registrul-proiectelor/").content.decode()
    assert "retras" in register and draft.title in register


def test_the_initiator_withdraws_with_his_account_and_no_step_follows(client, city, office, council, users):
    councillor = council["deputy"]
    draft = new_draft(office, normative=False, initiator=councillor.get_full_name(), initiator_user=councillor.pk,
                      title="acordarea unui drept de folosință gratuită asociației locale")
    services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0], verdict="favorable",
                            given_on=date(2025, 11, 6))
    with pytest.raises(PermissionDenied):
        services.withdraw_draft(actor=users.ion, draft_id=draft, reason=REASON)

    client.force_login(councillor)
    page = client.get(f"/birou/consiliu/proiecte/{draft.pk}/")
    assert page.status_code == 200 and "Retrage proiectul" in page.content.decode()
    response = client.post(f"/birou/consiliu/proiecte/{draft.pk}/", {"action": "withdraw", "reason": "scurt"})
    assert response.status_code == 400 and "Motivați retragerea" in response.content.decode()
    response = client.post(f"/birou/consiliu/proiecte/{draft.pk}/", {"action": "withdraw", "reason": REASON})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Draft.Status.WITHDRAWN and draft.withdrawn_by == councillor

    with pytest.raises(DomainError):
        services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][1],
                                verdict="favorable", given_on=date(2025, 11, 6))
    with pytest.raises(DomainError) as error:
        services.convene(actor=office, session_date=date(2025, 11, 28), kind="ordinara", draft_ids=[draft.pk],
                         chair_id=council["chair"].pk, sent_on=date(2025, 11, 20))
    assert "retras" in messages(error)
    office_page = client.get(f"/birou/consiliu/proiecte/{draft.pk}/").content.decode()
    assert "Proiect retras" in office_page and REASON in office_page and "Retrage proiectul" not in office_page


def test_an_adopted_draft_cannot_be_withdrawn(city, office, users):
    draft = new_draft(office, normative=False, title="aprobarea unui acord de parteneriat cu județul")
    Decision.objects.create(draft=draft, adopted_on=date(2025, 11, 20), status=Decision.Status.ADOPTED, number=9)
    Draft.objects.filter(pk=draft.pk).update(status=Draft.Status.ADOPTED)
    with pytest.raises(DomainError) as error:
        services.withdraw_draft(actor=users.mayor, draft_id=draft, reason=REASON)
    assert "nu mai poate fi retras" in messages(error)


def test_a_draft_on_the_agenda_withdrawn_is_not_voted(client, city, office, council, users):
    draft = new_draft(office, normative=False, title="aprobarea unui acord de înfrățire cu un oraș european")
    services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0], verdict="favorable",
                            given_on=date(2025, 11, 6))
    session = services.convene(actor=office, session_date=date(2025, 11, 28), kind="ordinara", draft_ids=[draft.pk],
                               chair_id=council["chair"].pk, sent_on=date(2025, 11, 20))
    services.withdraw_draft(actor=users.mayor, draft_id=draft, reason=REASON, on=date(2025, 11, 27))
    votes = {c.pk: "pentru" for c in council["members"]}
    with pytest.raises(DomainError) as error:
        services.record_votes(actor=office, session_id=session, draft_id=draft, votes=votes)
    assert "retras de inițiator la 27.11.2025; nu se mai votează" in messages(error)
    assert not Decision.objects.exists()
    client.force_login(office)
    page = client.get(f"/birou/consiliu/sedinte/{session.pk}/").content.decode()
    assert "nu se mai votează" in page and "Înregistrează votul" not in page
