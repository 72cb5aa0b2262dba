"""The circuit of a council decision (OUG 57/2019, art. 134–140, 196–200, 243; Legea 52/2003, art. 7): a normative
draft taken from registration to its publication in the Monitorul Oficial Local, each legal term checked on the
working-day calendar (1 December and Christmas inside the terms move the dates), proposals only inside the window,
quorum and majority, steps out of order refused, and who may do what."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied

from primaria.accounts.models import User
from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.council import services, terms
from primaria.council.models import Decision, Draft, Majority, Proposal, Vote
from primaria.monitor.models import Act, DraftDecision
from primaria.notifications.models import Notification
from primaria.outbox.models import Event

ANNOUNCED = date(2025, 11, 10)  # a Monday


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def new_draft(office, **overrides):
    values = {"title": "aprobarea Regulamentului privind gestionarea deșeurilor municipale",
              "initiator": "Primarul Municipiului Demo",
              "body": "Art. 1. Se aprobă Regulamentul privind gestionarea deșeurilor, prevăzut în anexă.",
              "normative": True, "majority": Majority.SIMPLE, "registered_on": date(2025, 11, 5),
              "referat": "Referat de aprobare: regulamentul pune în aplicare OUG nr. 92/2021.",
              "report": "Raportul Direcției de utilități publice: proiectul este legal și oportun."}
    values.update(overrides)
    return services.create_draft(actor=office, **values)


def at(monkeypatch, moment: datetime):
    monkeypatch.setattr(services, "_now", lambda: moment)


def vote_all(council, session, draft, office, choices):
    votes = {c.pk: choice for c, choice in zip(council["members"], choices, strict=False) if choice}
    return services.record_votes(actor=office, session_id=session, draft_id=draft, votes=votes)


def ready_normative(office, council):
    draft = new_draft(office)
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    services.publish_synthesis(actor=office, draft_id=draft, synthesis="Nu s-au primit propuneri în termen.")
    for committee in council["committees"]:
        services.record_opinion(actor=office, draft_id=draft, committee_id=committee, verdict="favorable",
                                given_on=date(2025, 12, 24))
    return draft


def test_the_legal_terms_on_the_working_day_calendar(db):
    # 30 whole working days after Monday 10 November 2025 (neither the announcement's day nor the day of the
    # analysis counts): 1 December (national day) does not count, so the first day for the committees and the vote
    # is Wednesday 24 December, the 31st working day; without 1 December it would be Tuesday 23 December.
    earliest = terms.earliest_adoption(ANNOUNCED)
    assert earliest.day == date(2025, 12, 24)
    assert "Legea nr. 52/2003, art. 7 alin. (2)" in earliest.basis and "analiză, avizare și adoptare" in earliest.basis
    # Announced on 13 October the window holds no holiday: 30 working days are six weeks, the Tuesday after.
    assert terms.earliest_adoption(date(2025, 10, 13)).day == date(2025, 11, 25)
    # 10 calendar days for proposals; ending on a Sunday, the window moves to Monday.
    assert terms.proposals_minimum(ANNOUNCED).day == date(2025, 11, 20)
    assert terms.proposals_minimum(date(2025, 11, 13)).day == date(2025, 11, 24)
    # 10 working days to the prefect after 23 December: 25–26 December, 1–2 and 6–7 January do not count.
    due = terms.prefect_due(date(2025, 12, 23))
    assert due.day == date(2026, 1, 14) and "art. 197 alin. (1)" in due.basis
    # At least 5 (3) whole days between the convocation and the session: for Tuesday 23 December, 18–22 (20–22).
    assert terms.convocation_latest(date(2025, 12, 23), "ordinara").day == date(2025, 12, 17)
    assert terms.convocation_latest(date(2025, 12, 23), "extraordinara").day == date(2025, 12, 19)
    # A normative act is made public within 5 days of its communication to the prefect; ending on a Saturday, the
    # term moves to Monday.
    published = terms.publication_due(date(2026, 1, 16))
    assert published.day == date(2026, 1, 21) and "art. 198 alin. (2)" in published.basis
    assert terms.publication_due(date(2026, 1, 19)).day == date(2026, 1, 26)


def test_a_normative_decision_from_draft_to_publication(city, pki, office, council, mailbox, monkeypatch):
    from primaria.signing.services import validate

    secretary = User.objects.get(email="secretar@primaria-demo.ro")
    draft = new_draft(office)
    assert draft.number == 1 and draft.status == Draft.Status.REGISTERED
    line = DraftDecision.objects.get(pk=draft.register_line_id)
    assert line.title == draft.title and line.registered_on == date(2025, 11, 5)

    # The consultation: the window is at least 10 calendar days; a shorter one is refused.
    with pytest.raises(DomainError) as exc:
        services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED,
                                   proposals_until=date(2025, 11, 19))
    assert "cel puțin până la 20.11.2025" in messages(exc) and "art. 7 alin. (4)" in messages(exc)
    consultation = services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    assert consultation.proposals_until == date(2025, 11, 20)
    assert consultation.earliest_adoption == date(2025, 12, 24)
    line.refresh_from_db()
    assert line.published_on == ANNOUNCED

    at(monkeypatch, datetime(2025, 11, 14, 10, 0, tzinfo=UTC))
    proposal = services.submit_proposal(draft_id=draft, name="Ana Vasile", email="ana@example.ro",
                                        text="Propun colectarea separată a deșeurilor verzi de două ori pe lună.")
    assert proposal.number == 1
    # The opinions wait for the synthesis; the synthesis waits for the end of the window.
    with pytest.raises(DomainError) as exc:
        services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0],
                                verdict="favorable", given_on=date(2025, 11, 14))
    assert "după publicarea sintezei" in messages(exc)
    with pytest.raises(DomainError) as exc:
        services.publish_synthesis(actor=office, draft_id=draft, synthesis="Sinteza propunerilor primite.")
    assert "după încheierea termenului pentru propuneri (20.11.2025)" in messages(exc)
    monkeypatch.undo()
    services.publish_synthesis(actor=office, draft_id=draft,
                               synthesis="S-a primit o propunere (colectarea deșeurilor verzi), acceptată la art. 4.")

    # The committees analyse a normative draft only after the 30 working days: 10 December is too early.
    with pytest.raises(DomainError) as exc:
        services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0],
                                verdict="favorable", given_on=date(2025, 12, 10))
    assert "cel mai devreme la 24.12.2025" in messages(exc) and "art. 7 alin. (2)" in messages(exc)
    assert not draft.opinions.exists()

    # 23 December would be the first day without 1 December: refused, nothing created.
    with pytest.raises(DomainError) as exc:
        services.convene(actor=office, session_date=date(2025, 12, 23), kind="ordinara", draft_ids=[draft],
                         chair_id=council["chair"], sent_on=date(2025, 12, 15))
    assert "nu poate fi adoptat înainte de 24.12.2025" in messages(exc)
    # An ordinary session is convened with at least 5 whole days between: sent on 24 December for the 30th is late.
    with pytest.raises(DomainError) as exc:
        services.convene(actor=office, session_date=date(2025, 12, 30), kind="ordinara", draft_ids=[draft],
                         chair_id=council["chair"], sent_on=date(2025, 12, 25))
    assert "cel târziu la 24.12.2025" in messages(exc) and "art. 134 alin. (3)" in messages(exc)
    assert not Notification.objects.filter(template="council_convocation").exists()

    # The convocation carries the agenda; the committees give their opinions before the session.
    session = services.convene(actor=office, session_date=date(2025, 12, 30), kind="ordinara", draft_ids=[draft],
                               chair_id=council["chair"], sent_on=date(2025, 12, 24))
    convocations = Notification.objects.filter(template="council_convocation")
    # Every councillor in office, and only them.
    assert sorted(convocations.values_list("address", flat=True)) == sorted(c.email for c in council["members"])
    draft.refresh_from_db()
    assert draft.status == Draft.Status.ON_AGENDA

    # The vote: 12 present of 15, 8 for, 3 against, 1 abstention; a simple majority of those present is 7.
    choices = ["pentru"] * 8 + ["impotriva"] * 3 + ["abtinere"] + [None] * 3
    # A draft without the committee's opinion is not debated (art. 136 alin. 8): the vote is refused, nothing saved.
    with pytest.raises(DomainError) as exc:
        vote_all(council, session, draft, office, choices)
    assert "fără avizul comisiei de specialitate" in messages(exc)
    assert not Vote.objects.exists()
    for committee in council["committees"]:
        services.record_opinion(actor=office, draft_id=draft, committee_id=committee, verdict="favorable",
                                given_on=date(2025, 12, 29))
    decision = vote_all(council, session, draft, office, choices)
    assert decision.status == Decision.Status.ADOPTED
    assert (decision.present, decision.votes_for, decision.votes_against, decision.abstentions, decision.required) \
        == (12, 8, 3, 1, 7)
    assert Vote.objects.filter(session=session, draft=draft).count() == 12
    # 10 working days after 30 December: 1–2 and 6–7 January do not count.
    assert decision.number == 1 and decision.prefect_due_on == date(2026, 1, 19)

    # The secretary general countersigns only after the chair; only the chair signs.
    with pytest.raises(DomainError) as exc:
        services.countersign(actor=secretary, decision_id=decision)
    assert "după semnătura președintelui" in messages(exc)
    with pytest.raises(PermissionDenied):
        services.sign_as_chair(actor=secretary, decision_id=decision)
    with pytest.raises(DomainError):
        services.communicate_to_prefect(actor=office, decision_id=decision, on=date(2025, 12, 29))
    decision = services.sign_as_chair(actor=council["deputy"], decision_id=decision)
    with pytest.raises(PermissionDenied):
        services.countersign(actor=office, decision_id=decision)
    decision = services.countersign(actor=secretary, decision_id=decision)
    report = validate(bytes(decision.pdf))
    assert report.ok and [s.field_name for s in report.signatures if not s.is_document_timestamp] == [
        "SemnaturaPresedinte", "ContrasemnaturaSecretar"]

    # The prefect: 19 January is the last of the 10 working days.
    with pytest.raises(DomainError) as exc:
        services.publish(actor=office, decision_id=decision)
    assert "după ce a fost comunicat prefectului" in messages(exc)
    services.communicate_to_prefect(actor=office, decision_id=decision, on=date(2026, 1, 19))
    assert AuditEntry.objects.get(action="council.decision_communicated").data["late"] is False

    decision = services.publish(actor=office, decision_id=decision)
    act = Act.objects.get(pk=decision.act_id)
    assert decision.status == Decision.Status.PUBLISHED
    assert (act.number, act.year, act.adopted_on, act.communicated_prefect_on) == (
        1, 2025, date(2025, 12, 30), date(2026, 1, 19))
    assert act.verification_code == decision.verification_code
    line.refresh_from_db()
    assert line.outcome == DraftDecision.Outcome.ADOPTED and line.decision_id == act.pk
    # Each step left its audit entry and its event.
    for step in ("draft_created", "consultation_opened", "synthesis_published", "opinion_recorded",
                 "session_convened", "votes_recorded", "decision_signed", "decision_countersigned",
                 "decision_communicated", "decision_published"):
        assert AuditEntry.objects.filter(action=f"council.{step}").exists(), step
        assert Event.objects.filter(name=f"council.{step}").exists(), step
    # The draft's page lists each term with its legal basis.
    labels = {t.label: t for t in services.timeline(draft)}
    assert labels["Avizarea și adoptarea cel mai devreme la"].day == date(2025, 12, 24)
    assert labels["Convocarea trimisă cel târziu la"].day == date(2025, 12, 24)
    assert labels["Comunicarea către prefect până la"].day == date(2026, 1, 19)
    assert not labels["Comunicată prefectului la"].late
    # Made public within 5 days of the communication to the prefect: 24 January is a Saturday, so Monday 26.
    due = labels["Publicarea actului normativ până la"]
    assert due.day == date(2026, 1, 26) and "art. 198 alin. (2)" in due.basis
    # Published today, long after that day: shown as late, and the audit entry says so.
    assert labels["Publicată în Monitorul Oficial Local la"].late
    assert AuditEntry.objects.get(action="council.decision_published").data["late"] is True


def test_a_late_communication_to_the_prefect_is_made_and_shown_late(city, pki, office, council):
    """The 10 working days are the secretary general's duty, not a bar: a decision communicated after them still
    reaches the prefect and the Monitorul Oficial Local, and the circuit shows the step as late."""
    secretary = User.objects.get(email="secretar@primaria-demo.ro")
    draft = new_draft(office, normative=False, title="acordarea unui mandat special reprezentantului")
    services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0], verdict="favorable",
                            given_on=date(2025, 11, 6))
    session = services.convene(actor=office, session_date=date(2025, 11, 13), kind="extraordinara",
                               draft_ids=[draft], chair_id=council["chair"], sent_on=date(2025, 11, 7))
    decision = vote_all(council, session, draft, office, ["pentru"] * 10)
    assert decision.prefect_due_on == date(2025, 11, 27)  # the 10th working day after the session
    decision = services.sign_as_chair(actor=council["deputy"], decision_id=decision)
    decision = services.countersign(actor=secretary, decision_id=decision)
    decision = services.communicate_to_prefect(actor=office, decision_id=decision, on=date(2025, 12, 3))
    assert decision.status == Decision.Status.COMMUNICATED and decision.communicated_prefect_on == date(2025, 12, 3)
    entry = AuditEntry.objects.get(action="council.decision_communicated")
    assert entry.data["late"] is True and entry.data["due"] == "2025-11-27"
    labels = {t.label: t for t in services.timeline(draft)}
    assert labels["Comunicată prefectului la"].late and labels["Comunicarea către prefect până la"].day == date(2025, 11, 27)
    assert "Publicarea actului normativ până la" not in labels  # an individual act has no such term
    decision = services.publish(actor=office, decision_id=decision)
    assert decision.status == Decision.Status.PUBLISHED


def test_an_opinion_given_after_the_session_does_not_let_the_draft_be_voted(city, office, council):
    draft = new_draft(office, normative=False, title="aprobarea unui acord de parteneriat cu județul")
    session = services.convene(actor=office, session_date=date(2025, 11, 13), kind="extraordinara",
                               draft_ids=[draft], chair_id=council["chair"], sent_on=date(2025, 11, 7))
    services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0], verdict="favorable",
                            given_on=date(2025, 11, 14))
    with pytest.raises(DomainError) as exc:
        vote_all(council, session, draft, office, ["pentru"] * 10)
    assert "fără avizul comisiei de specialitate" in messages(exc) and not Vote.objects.exists()
    services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][1], verdict="favorable",
                            given_on=date(2025, 11, 12))
    assert vote_all(council, session, draft, office, ["pentru"] * 10).status == Decision.Status.ADOPTED


def test_proposals_only_inside_the_window(city, office, monkeypatch):
    draft = new_draft(office)
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    text = "Propun extinderea programului centrului de colectare și sâmbăta."
    for moment in (datetime(2025, 11, 9, 12, 0, tzinfo=UTC), datetime(2025, 11, 21, 8, 0, tzinfo=UTC)):
        at(monkeypatch, moment)
        with pytest.raises(DomainError):
            services.submit_proposal(draft_id=draft, name="Ana Vasile", email="ana@example.ro", text=text)
    assert not Proposal.objects.exists()
    # The last evening of the window (Bucharest time) still counts.
    at(monkeypatch, datetime(2025, 11, 20, 21, 30, tzinfo=UTC))
    services.submit_proposal(draft_id=draft, name="Ana Vasile", email="ana@example.ro", text=text)
    at(monkeypatch, datetime(2025, 11, 20, 22, 30, tzinfo=UTC))  # 00:30 on 21 November in Bucharest
    with pytest.raises(DomainError) as exc:
        services.submit_proposal(draft_id=draft, name="Ion Pop", email="ion@example.ro", text=text)
    assert "s-a încheiat la 20.11.2025" in messages(exc)
    assert Proposal.objects.count() == 1
    # A draft that is not normative has no consultation.
    plain = new_draft(office, normative=False, title="acordarea unui mandat special reprezentantului")
    with pytest.raises(DomainError) as exc:
        services.open_consultation(actor=office, draft_id=plain, announced_on=ANNOUNCED)
    assert "Doar proiectele de acte normative" in messages(exc)
    at(monkeypatch, datetime(2025, 11, 14, 10, 0, tzinfo=UTC))
    with pytest.raises(DomainError):
        services.submit_proposal(draft_id=plain, name="Ana Vasile", email="ana@example.ro", text=text)


@pytest.mark.parametrize(("majority", "choices", "adopted", "required"), [
    # 8 present of 15 (quorum 8): simple majority of those present is 5.
    (Majority.SIMPLE, ["pentru"] * 5 + ["impotriva"] * 3, True, 5),
    (Majority.SIMPLE, ["pentru"] * 4 + ["abtinere"] * 4, False, 5),
    # Absolute: more than half of the 15 in office, whoever is present.
    (Majority.ABSOLUTE, ["pentru"] * 7 + ["impotriva"] * 5, False, 8),
    (Majority.ABSOLUTE, ["pentru"] * 8 + ["impotriva"] * 4, True, 8),
    # Two thirds of 15: 10.
    (Majority.TWO_THIRDS, ["pentru"] * 9 + ["impotriva"] * 6, False, 10),
    (Majority.TWO_THIRDS, ["pentru"] * 10 + ["abtinere"] * 5, True, 10),
])
def test_majority(city, office, council, majority, choices, adopted, required):
    draft = new_draft(office, normative=False, majority=majority)
    services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0], verdict="favorable",
                            given_on=date(2025, 11, 6))
    session = services.convene(actor=office, session_date=date(2025, 11, 13), kind="extraordinara",
                               draft_ids=[draft], chair_id=council["chair"], sent_on=date(2025, 11, 7))
    decision = vote_all(council, session, draft, office, choices)
    assert (decision.status == Decision.Status.ADOPTED) is adopted
    assert decision.required == required
    line = DraftDecision.objects.get(pk=draft.register_line_id)
    assert line.outcome == (DraftDecision.Outcome.PENDING if adopted else DraftDecision.Outcome.REJECTED)
    assert (decision.number is not None) is adopted


def test_without_quorum_nothing_is_recorded(city, office, council):
    draft = new_draft(office, normative=False)
    services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0], verdict="favorable",
                            given_on=date(2025, 11, 6))
    session = services.convene(actor=office, session_date=date(2025, 11, 13), kind="extraordinara",
                               draft_ids=[draft], chair_id=council["chair"], sent_on=date(2025, 11, 7))
    with pytest.raises(DomainError) as exc:
        vote_all(council, session, draft, office, ["pentru"] * 7)
    assert "nu este legal constituită: sunt prezenți 7 din 15" in messages(exc)
    assert not Vote.objects.exists() and not Decision.objects.exists()
    # An inactive councillor does not vote.
    former = council["members"][0].__class__.objects.get(active=False)
    with pytest.raises(DomainError):
        services.record_votes(actor=office, session_id=session, draft_id=draft,
                              votes={former.pk: "pentru", **{c.pk: "pentru" for c in council["members"][:8]}})
    assert not Vote.objects.exists()
    vote_all(council, session, draft, office, ["pentru"] * 8)
    with pytest.raises(DomainError) as exc:
        vote_all(council, session, draft, office, ["pentru"] * 8)
    assert "deja înregistrat" in messages(exc)


def test_out_of_order_and_not_normative_without_consultation(city, office, council):
    draft = new_draft(office)
    # A normative draft cannot reach the agenda nor the committees before its consultation.
    with pytest.raises(DomainError) as exc:
        services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0],
                                verdict="favorable", given_on=date(2025, 11, 6))
    assert "după consultarea publică" in messages(exc)
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    with pytest.raises(DomainError) as exc:
        services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    assert "nu se mai poate deschide" in messages(exc)
    with pytest.raises(DomainError) as exc:
        services.convene(actor=office, session_date=date(2026, 1, 20), kind="ordinara", draft_ids=[draft],
                         chair_id=council["chair"], sent_on=date(2026, 1, 5))
    assert "încă în consultare publică" in messages(exc)
    # A missing referat or report is refused, nothing saved.
    count = Draft.objects.count()
    with pytest.raises(DomainError) as exc:
        new_draft(office, referat="", report="")
    assert set(exc.value.message_dict) == {"referat", "report"}
    assert Draft.objects.count() == count


def test_only_the_secretary_generals_staff_drives_the_circuit(city, office, council, users):
    for outsider in (users.ion, users.urb_specialist):
        with pytest.raises(PermissionDenied):
            new_draft(outsider)
    draft = new_draft(office)
    with pytest.raises(PermissionDenied):
        services.open_consultation(actor=users.ion, draft_id=draft, announced_on=ANNOUNCED)
    assert Draft.objects.count() == 1


def test_a_draft_takes_the_next_number_of_the_register_of_draft_decisions(city, office):
    from primaria.monitor.services import register_draft

    register_draft(actor=office, number=7, registered_on=date(2025, 10, 1), initiator="Primarul",
                   title="aprobarea unui proiect înregistrat direct în registru")
    draft = new_draft(office)
    assert draft.number == 8 and DraftDecision.objects.get(pk=draft.register_line_id).number == 8
    disposition = new_draft(office, kind=Draft.Kind.DISPOSITION)
    assert disposition.number == 1  # dispositions are numbered apart
