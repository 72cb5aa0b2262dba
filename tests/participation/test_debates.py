"""Public debates (Legea nr. 52/2003, art. 7 alin. (9)–(10)): announced at least 3 calendar days before and held within
10 days of the announcement, refused in Romanian otherwise with nothing saved; a written request registered in the
register; speakers and proposals only while the debate takes them; the pages, the documents checked on upload, the
minute after the debate, and the office pages only for the secretary general's staff."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from primaria.core.errors import DomainError
from primaria.council import services as council
from primaria.participation import services, terms
from primaria.participation.models import Debate, DebateProposal, DebateRequest
from primaria.registry.models import RegistryEntry
from tests.factories import pdf_file

ANNOUNCED = date(2025, 11, 10)  # a Monday


def at(monkeypatch, moment: datetime):
    monkeypatch.setattr(services, "_now", lambda: moment)


def local(day: date, hour=17):
    from django.utils import timezone

    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def announce(office, **overrides):
    values = {"title": "bugetul local al municipiului pe anul 2026", "subject": Debate.Subject.BUDGET,
              "starts_at": local(date(2025, 11, 14)), "place": "Sala de ședințe, Piața Unirii nr. 1",
              "agenda": "1. Prezentarea proiectului de buget.\n2. Intervențiile celor înscriși.",
              "announced_on": ANNOUNCED}
    values.update(overrides)
    return services.announce_debate(actor=office, **values)


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_the_debate_is_announced_at_least_three_calendar_days_before(city, office, monkeypatch):
    at(monkeypatch, datetime(2025, 11, 10, 9, 0, tzinfo=UTC))
    assert terms.earliest_debate(ANNOUNCED).day == date(2025, 11, 13)
    with pytest.raises(DomainError) as refused:
        announce(office, starts_at=local(date(2025, 11, 12)))
    text = messages(refused)
    assert "cel puțin 3 zile calendaristice" in text and "13.11.2025" in text and "art. 7 alin. (9)" in text
    assert not Debate.objects.exists()
    # Held later than 10 days after the announcement: refused too (art. 7 alin. (10)).
    with pytest.raises(DomainError) as late:
        announce(office, starts_at=local(date(2025, 11, 21)))
    assert "cel târziu la 20.11.2025" in messages(late)
    # A place or an online link; an online link must be a web address.
    with pytest.raises(DomainError) as nowhere:
        announce(office, place="", online_url="")
    assert "locul dezbaterii" in messages(nowhere)
    debate = announce(office, starts_at=local(date(2025, 11, 13)), online_url="https://live.example.ro/")
    assert debate.proposals_until == date(2025, 11, 13)
    labels = {t.basis for t in services.debate_terms(debate)}
    assert terms.BASIS_NOTICE in labels


def test_only_the_secretary_generals_staff_announce(city, users, monkeypatch):
    at(monkeypatch, datetime(2025, 11, 10, 9, 0, tzinfo=UTC))
    with pytest.raises(PermissionDenied):
        announce(users.ion)


def test_a_written_request_is_registered_and_leads_to_the_debate(city, office, monkeypatch):
    at(monkeypatch, datetime(2025, 11, 10, 9, 0, tzinfo=UTC))
    with pytest.raises(DomainError) as refused:
        services.register_debate_request(actor=office, requester="", requester_kind="x", subject="scurt")
    assert set(refused.value.message_dict) >= {"requester", "requester_kind", "subject"}
    request = services.register_debate_request(
        actor=office, requester="Asociația Locuitorilor din Cartierul Nord", requester_kind="asociatie",
        subject="Cerem dezbaterea publică a proiectului de buget pe anul 2026.", received_on=ANNOUNCED)
    entry = RegistryEntry.objects.get(pk=request.registry_entry_id)
    assert entry.direction == "in" and "dezbateri publice" in entry.summary
    debate = announce(office, request_id=request.pk)
    assert debate.request == request
    with pytest.raises(DomainError) as twice:
        announce(office, request_id=request.pk)
    assert "deja" in messages(twice)
    assert DebateRequest.objects.count() == 1


def test_proposals_only_inside_the_window_of_a_standalone_debate(city, office, monkeypatch, client):
    at(monkeypatch, datetime(2025, 11, 10, 9, 0, tzinfo=UTC))
    debate = announce(office)  # proposals until Friday 14 November
    at(monkeypatch, datetime(2025, 11, 9, 12, 0, tzinfo=UTC))
    with pytest.raises(DomainError) as early:
        services.submit_proposal(debate_id=debate, text="Mai multe fonduri pentru parcuri.", name="Ana Pop",
                                 email="ana@example.ro")
    assert "începând cu 10.11.2025" in messages(early)
    at(monkeypatch, datetime(2025, 11, 12, 12, 0, tzinfo=UTC))
    proposal = services.submit_proposal(debate_id=debate, text="Mai multe fonduri pentru parcuri.", name="Ana Pop",
                                        email="ana@example.ro")
    assert proposal.number == 1
    at(monkeypatch, datetime(2025, 11, 15, 9, 0, tzinfo=UTC))
    with pytest.raises(DomainError) as late:
        services.submit_proposal(debate_id=debate, text="O propunere trimisă după termen.", name="Dan Ene",
                                 email="dan@example.ro")
    assert "Termenul pentru propuneri s-a încheiat la 14.11.2025" in messages(late)
    assert "nu a fost înregistrată" in messages(late)
    assert DebateProposal.objects.count() == 1
    # The page (today, long after the window) refuses with the same Romanian message, nothing saved, no 500.
    page = client.post(f"/dezbateri-publice/{debate.pk}/", {"form": "proposal", "name": "Dan Ene",
                                                            "email": "dan@example.ro", "text": "Încă o propunere."})
    assert page.status_code == 400
    assert "Termenul pentru propuneri s-a încheiat" in page.content.decode()
    assert DebateProposal.objects.count() == 1


def test_a_debate_on_a_draft_sends_proposals_to_its_consultation(city, office, users, client):
    draft = council.create_draft(
        actor=office, title="aprobarea Regulamentului privind gestionarea deșeurilor municipale",
        initiator="Primarul Municipiului Demo", normative=True,
        body="Art. 1. Se aprobă Regulamentul privind gestionarea deșeurilor, prevăzut în anexă.",
        referat="Referat de aprobare: regulamentul pune în aplicare OUG nr. 92/2021.",
        report="Raportul Direcției de utilități publice: proiectul este legal și oportun.")
    council.open_consultation(actor=office, draft_id=draft)
    from django.utils import timezone

    today = timezone.localdate()
    client.force_login(office)
    form = {"title": "Dezbaterea regulamentului de salubrizare", "subject": "proiect", "draft": str(draft.pk),
            "date": (today + timedelta(days=4)).isoformat(), "time": "17:00",
            "place": "Sala mare", "agenda": "1. Prezentarea proiectului.\n2. Intervenții."}
    bad = client.post("/birou/dezbateri/dezbatere-noua/", {
        **form, "documents": SimpleUploadedFile("proiect.pdf", b"nu este un pdf", content_type="application/pdf")})
    assert bad.status_code == 400 and not Debate.objects.exists()
    made = client.post("/birou/dezbateri/dezbatere-noua/", {
        **form, "documents": pdf_file("proiect.pdf", "Proiectul de regulament")})
    assert made.status_code == 302, made.content.decode()[:3000]
    debate = Debate.objects.get()
    assert debate.draft == draft and debate.documents.count() == 1
    client.logout()
    page = client.get(f"/dezbateri-publice/{debate.pk}/").content.decode()
    assert f"/consultare-publica/{draft.pk}/" in page and "art. 7 alin. (9)" in page
    assert client.get(f"/dezbateri-publice/{debate.pk}/documente/{debate.documents.get().pk}/").status_code == 200
    assert f"/dezbateri-publice/{debate.pk}/" in client.get(f"/consultare-publica/{draft.pk}/").content.decode()
    assert 'href="/dezbateri-publice/"' in client.get("/").content.decode()
    with pytest.raises(DomainError) as elsewhere:
        services.submit_proposal(debate_id=debate, text="O propunere pentru proiect.", name="Ana Pop",
                                 email="ana@example.ro")
    assert "consultării publice" in messages(elsewhere)
    # Residents register to speak until the debate starts.
    speaker = services.register_speaker(debate_id=debate, topic="colectarea selectivă", name="Ana Pop",
                                        email="ana@example.ro")
    assert speaker.number == 1
    # The office pages are for the secretary general's staff only.
    client.force_login(users.ion)
    assert client.get("/birou/dezbateri/").status_code == 403


def test_the_minute_is_published_after_the_debate(city, office, monkeypatch, client):
    at(monkeypatch, datetime(2025, 11, 10, 9, 0, tzinfo=UTC))
    debate = announce(office)
    with pytest.raises(DomainError) as early:
        services.publish_minutes(actor=office, debate_id=debate, minutes="Au participat 20 de persoane.")
    assert "după desfășurarea" in messages(early)
    at(monkeypatch, datetime(2025, 11, 15, 9, 0, tzinfo=UTC))
    services.publish_minutes(actor=office, debate_id=debate, minutes="Au participat 20 de persoane; 3 propuneri.",
                             recording_url="https://video.example.ro/dezbatere")
    page = client.get(f"/dezbateri-publice/{debate.pk}/").content.decode()
    assert "Au participat 20 de persoane" in page and "https://video.example.ro/dezbatere" in page


def test_the_demo_announces_a_debate_for_the_draft_and_has_a_confirmed_subscriber(city, client):
    from primaria.council.demo import load_demo_council
    from primaria.participation.demo import DEMO_SUBSCRIBER, load_demo_participation
    from primaria.participation.models import Subscription

    load_demo_council()
    load_demo_participation()
    load_demo_participation()  # loading again adds nothing
    debate = Debate.objects.get()
    assert debate.draft is not None and debate.documents.count() == 1
    assert services.terms.notice_given(debate.announced_on, debate.starts_at.date()) >= terms.NOTICE_DAYS
    assert Subscription.objects.filter(email=DEMO_SUBSCRIBER, status="confirmed").count() == 3
    assert debate.title in client.get("/dezbateri-publice/").content.decode()


def test_the_office_registers_a_request_and_announces_the_debate_it_requires(city, office, client):
    client.force_login(office)
    assert client.get("/birou/dezbateri/").status_code == 200
    bad = client.post("/birou/dezbateri/cerere-noua/", {"requester": "", "subject": ""})
    assert bad.status_code == 400 and "Scrieți denumirea asociației" in bad.content.decode()
    made = client.post("/birou/dezbateri/cerere-noua/", {
        "requester": "Consiliul Județean Demo", "requester_kind": "autoritate",
        "subject": "Solicităm dezbaterea publică a planului urbanistic zonal Nord."})
    request = DebateRequest.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"?request={request.pk}")
    form = client.get(made["Location"]).content.decode()
    assert "Consiliul Județean Demo" in form and "art. 7 alin. (10)" in form
    too_soon = client.post("/birou/dezbateri/dezbatere-noua/", {
        "title": "Planul urbanistic zonal Nord", "subject": "urbanism", "request": str(request.pk),
        "date": timezone_today().isoformat(), "time": "18:00", "place": "Sala mare",
        "agenda": "1. Prezentarea planului.\n2. Intervenții."})
    assert too_soon.status_code == 400 and "cel puțin 3 zile calendaristice" in too_soon.content.decode()
    assert not Debate.objects.exists()
    client.post("/birou/dezbateri/dezbatere-noua/", {
        "title": "Planul urbanistic zonal Nord", "subject": "urbanism", "request": str(request.pk),
        "date": (timezone_today() + timedelta(days=3)).isoformat(), "time": "18:00", "place": "Sala mare",
        "agenda": "1. Prezentarea planului.\n2. Intervenții."})
    debate = Debate.objects.get()
    assert debate.request == request
    page = client.get(f"/birou/dezbateri/dezbateri/{debate.pk}/").content.decode()
    assert "Minuta se publică după dezbatere" in page


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_the_api_lists_debates_and_refuses_a_proposal_outside_the_window(city, office, client, monkeypatch):
    at(monkeypatch, datetime(2025, 11, 10, 9, 0, tzinfo=UTC))
    debate = announce(office)
    listed = client.get("/api/v1/debates/").json()
    rows = listed["results"] if isinstance(listed, dict) and "results" in listed else listed
    assert [d["id"] for d in rows] == [debate.pk]
    assert any("art. 7 alin. (9)" in t["basis"] for t in client.get(f"/api/v1/debates/{debate.pk}/").json()["terms"])
    at(monkeypatch, datetime(2025, 11, 20, 9, 0, tzinfo=UTC))
    late = client.post(f"/api/v1/debates/{debate.pk}/proposals/", {"name": "Ana Pop", "email": "ana@example.ro",
                                                                     "text": "Mai multe fonduri pentru parcuri."},
                       content_type="application/json")
    assert late.status_code == 400 and "Termenul pentru propuneri s-a încheiat" in late.content.decode()
    assert not DebateProposal.objects.exists()
    topic = client.get("/api/v1/newsletter-topics/").json()
    topics = topic["results"] if isinstance(topic, dict) and "results" in topic else topic
    made = client.post("/api/v1/newsletter-topics/subscribe/", {"email": "ana@example.ro", "agree": True,
                                                                 "topics": [topics[0]["id"]]},
                       content_type="application/json")
    assert made.status_code == 202


@pytest.mark.parametrize("body", [
    {"email": "ana@example.ro", "agree": True, "topics": [5, None]},
    {"email": "ana@example.ro", "agree": True, "topics": "toate"},
    [{"email": "ana@example.ro"}],
])
def test_a_malformed_subscription_through_the_api_is_refused_in_romanian(city, client, body):
    answer = client.post("/api/v1/newsletter-topics/subscribe/", body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()
