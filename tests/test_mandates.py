"""Acting for a company: a claim with a proof, checked by the registry, grants rights only while verified."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from primaria.accounts import services
from primaria.accounts.models import Party, PartyKind, Representation, RepresentationStatus, User
from primaria.accounts.selectors import can_act_for, companies_of, parties_of
from primaria.audit.models import AuditEntry
from primaria.catalog.models import Service
from primaria.core.errors import DomainError
from primaria.documents.models import Document
from primaria.requests import services as requests
from primaria.requests.models import Request, Status
from tests.factories import pdf_file, png_file, submitted_request

pytestmark = pytest.mark.django_db

DEMO_CUI = "18547290"  # Demo Construct SRL, represented by Ion Popescu (demo data)
NEW_CUI = "30123455"
COMPANY_SERVICE = "acord-orar-functionare"


def fresh(user) -> User:
    """The user as the next request loads them (no list of parties kept from before)."""
    return User.objects.get(pk=user.pk)


def claim(client, cui=DEMO_CUI, **overrides):
    data = {"cui": cui, "name": "Demo Construct SRL", "address": "Calea Aradului nr. 88, Municipiul Demo",
            "capacity": "Administrator", "proof_kind": "certificat_constatator", "proof": pdf_file("certificat.pdf")}
    data.update(overrides)
    return client.post("/cont/profil/", {k: v for k, v in data.items() if v is not None})


def ask(user, cui=NEW_CUI, name="Floare SRL", **overrides) -> Representation:
    data = {"cui": cui, "name": name, "address": "Str. Mare nr. 1, Municipiul Demo", "capacity": "Împuternicit",
            "proof_kind": "imputernicire_notariala", "proof": pdf_file("imputernicire.pdf", text="Împuternicire")}
    data.update(overrides)
    return services.request_representation(actor=user, **data)


def demo_company() -> Party:
    return Party.objects.get(kind=PartyKind.COMPANY, cui=DEMO_CUI)


@pytest.fixture
def company_request(users):
    """A request Ion filed for Demo Construct SRL, the company he represents."""
    return submitted_request(users.ion, slug=COMPANY_SERVICE, party=demo_company())


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(fresh(user))
    return client


def assert_no_rights(user, company, company_request, client):
    """Nothing of the company is open to the user: pages, domain functions and the API."""
    user = fresh(user)
    assert company.pk not in [p.pk for p in parties_of(user)]
    assert not can_act_for(user, company)
    assert company not in companies_of(user)
    client.force_login(user)
    # The company's request: not shown, not listed, cannot be withdrawn.
    assert client.get(f"/cereri/{company_request.public_id}/").status_code == 404
    response = client.post(f"/cereri/{company_request.public_id}/", {"action": "withdraw", "reason": "Nu mai e nevoie."})
    assert response.status_code == 404
    assert company_request.reference not in client.get("/cereri/").content.decode()
    with pytest.raises(PermissionDenied):
        requests.withdraw(actor=user, request_id=company_request.pk, reason="x")
    assert Request.objects.get(pk=company_request.pk).status == Status.REGISTERED
    # Not selectable as the acting party, so nothing can be filed for it.
    response = client.post("/cont/actionez-pentru/", {"party": str(company.public_id)}, follow=True)
    assert "Nu puteți acționa în numele acestui solicitant." in response.content.decode()
    assert f'value="{company.public_id}"' not in client.get("/cereri/").content.decode()
    with pytest.raises(PermissionDenied):
        requests.start_draft(actor=user, party=company, service=Service.objects.get(slug=COMPANY_SERVICE))
    # The API follows the same rules.
    rest = api(user)
    assert rest.get(f"/api/v1/requests/{company_request.public_id}/").status_code == 404
    assert rest.post(f"/api/v1/requests/{company_request.public_id}/withdraw/", {"reason": "x"},
                     format="json").status_code == 404
    listed = [r["public_id"] for r in rest.get("/api/v1/requests/").json()["results"]]
    assert str(company_request.public_id) not in listed
    filed = Request.objects.filter(applicant=company, filed_by=user).count()
    response = rest.post("/api/v1/requests/", {"service": COMPANY_SERVICE, "party": str(company.public_id)}, format="json")
    assert response.status_code == 400 and "party" in response.json()
    assert Request.objects.filter(applicant=company, filed_by=user).count() == filed


def assert_rights(user, company, company_request, client):
    user = fresh(user)
    assert company.pk in [p.pk for p in parties_of(user)] and can_act_for(user, company)
    client.force_login(user)
    assert client.get(f"/cereri/{company_request.public_id}/").status_code == 200
    client.post("/cont/actionez-pentru/", {"party": str(company.public_id)})
    assert f"Cererile firmei {company.name}" in client.get("/cereri/").content.decode()
    rest = api(user)
    assert rest.get(f"/api/v1/requests/{company_request.public_id}/").status_code == 200
    response = rest.post("/api/v1/requests/", {"service": COMPANY_SERVICE, "party": str(company.public_id)}, format="json")
    assert response.status_code == 201 and response.json()["applicant"]["public_id"] == str(company.public_id)


# --- the defect: declaring a company was enough to act for it ----------------------------------------


def test_adding_a_company_by_its_cui_no_longer_gives_access_to_it(client, users, company_request):
    client.force_login(users.maria)
    response = claim(client)  # Maria names Ion's company, with some file as "proof"
    assert response.status_code == 302
    company = demo_company()
    assert company.name == "Demo Construct SRL"
    assert_no_rights(users.maria, company, company_request, client)
    page = client.get("/cont/profil/").content.decode()
    assert "Demo Construct SRL" in page and "în verificare" in page
    assert "1–2 zile lucrătoare" in page


# --- pending ----------------------------------------------------------------------------------------------


def test_a_pending_claim_is_stored_with_its_proof_and_announced(client, users, mailbox,
                                                                 django_capture_on_commit_callbacks):
    client.force_login(users.maria)
    with django_capture_on_commit_callbacks(execute=True):
        response = claim(client, cui=NEW_CUI, name="Floare SRL", proof_kind="imputernicire_notariala",
                         valid_until=(timezone.localdate() + timedelta(days=90)).isoformat(),
                         proof=png_file("procura.png"))
    assert response.status_code == 302
    representation = Representation.objects.get(user=users.maria, company__cui=NEW_CUI)
    assert representation.status == RepresentationStatus.PENDING and representation.decided_by is None
    assert representation.proof_kind == "imputernicire_notariala"
    assert representation.valid_until == timezone.localdate() + timedelta(days=90)
    assert representation.proof.mime == "image/png" and representation.proof.owner == users.maria.person
    assert AuditEntry.objects.filter(action="accounts.request_representation", object_id=str(representation.pk),
                                     actor=users.maria).exists()
    [message] = mailbox.to("maria.ionescu@example.ro")
    assert message["subject"] == "Am primit cererea de a reprezenta firma Floare SRL"
    assert "1–2 zile lucrătoare" in message["body"]
    # The company is not offered as the acting party and no company e-mail is taken over while pending.
    assert representation.company.email == ""
    assert "Floare SRL (firmă)" not in client.get("/cereri/").content.decode()


def test_one_open_claim_per_person_and_company(users):
    ask(users.maria)
    with pytest.raises(DomainError) as caught:
        ask(users.maria)
    assert "în verificare" in caught.value.message_dict["cui"][0]
    assert Representation.objects.filter(user=users.maria, company__cui=NEW_CUI).count() == 1
    with pytest.raises(DomainError) as caught:
        ask(users.ion, cui=DEMO_CUI, name="Demo Construct SRL")
    assert caught.value.message_dict["cui"] == ["Reprezentați deja această firmă."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Representation.objects.create(user=users.ion, company=demo_company(), status=RepresentationStatus.PENDING)


# --- verified ---------------------------------------------------------------------------------------------


def test_a_verified_claim_grants_the_company(client, users, company_request, mailbox,
                                             django_capture_on_commit_callbacks):
    client.force_login(users.maria)
    claim(client)
    representation = Representation.objects.get(user=users.maria, status=RepresentationStatus.PENDING,
                                                 company__cui=DEMO_CUI)
    client.force_login(users.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/birou/mandate/{representation.pk}/aproba/", {"valid_until": "", "note": "Verificat ONRC."})
    assert response.status_code == 302
    representation.refresh_from_db()
    assert representation.status == RepresentationStatus.VERIFIED
    assert representation.decided_by == users.clerk and representation.decided_at is not None
    assert AuditEntry.objects.filter(action="accounts.verify_representation", actor=users.clerk,
                                     object_id=str(representation.pk)).exists()
    assert [m for m in mailbox.to("maria.ionescu@example.ro")
            if m["subject"] == "Puteți acționa în numele firmei Demo Construct SRL"]
    assert_rights(users.maria, demo_company(), company_request, client)
    assert "verificată" in client.get("/cont/profil/").content.decode()


def test_the_clerk_sets_the_end_of_a_limited_mandate(users):
    representation = ask(users.maria)
    last_day = timezone.localdate() + timedelta(days=30)
    services.verify_representation(actor=users.clerk, representation_id=representation.pk,
                                   valid_until=last_day.strftime("%d.%m.%Y"))
    assert Representation.objects.get(pk=representation.pk).valid_until == last_day
    other = ask(users.ion)
    with pytest.raises(DomainError) as caught:
        services.verify_representation(actor=users.clerk, representation_id=other.pk, valid_until="31.02.2027")
    assert "valid_until" in caught.value.message_dict
    assert Representation.objects.get(pk=other.pk).status == RepresentationStatus.PENDING


# --- refused ----------------------------------------------------------------------------------------------


def test_a_refused_claim_grants_nothing_shows_the_reason_and_can_be_asked_again(
        client, users, company_request, mailbox, django_capture_on_commit_callbacks):
    client.force_login(users.maria)
    claim(client)
    representation = Representation.objects.get(user=users.maria, company__cui=DEMO_CUI)
    reason = "Certificatul constatator nu vă menționează ca administrator al firmei."
    client.force_login(users.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/birou/mandate/{representation.pk}/respinge/", {"reason": reason})
    assert response.status_code == 302
    representation.refresh_from_db()
    assert representation.status == RepresentationStatus.REFUSED and representation.refusal_reason == reason
    assert representation.decided_by == users.clerk
    [message] = [m for m in mailbox.to("maria.ionescu@example.ro") if "a fost respinsă" in m["subject"]]
    assert reason in message["body"]
    assert_no_rights(users.maria, demo_company(), company_request, client)
    page = client.get("/cont/profil/").content.decode()
    assert "respinsă" in page and reason in page
    # A new claim, with another proof, waits for the registry again.
    assert claim(client, proof=pdf_file("alt-certificat.pdf", text="Alt certificat")).status_code == 302
    statuses = sorted(Representation.objects.filter(user=users.maria, company__cui=DEMO_CUI)
                      .values_list("status", flat=True))
    assert statuses == [RepresentationStatus.PENDING, RepresentationStatus.REFUSED]
    assert_no_rights(users.maria, demo_company(), company_request, client)


@pytest.mark.parametrize("reason", ["", "   ", "Nu.", "  scurt   "])
def test_a_refusal_needs_a_reason(client, users, reason):
    representation = ask(users.maria)
    client.force_login(users.clerk)
    response = client.post(f"/birou/mandate/{representation.pk}/respinge/", {"reason": reason})
    assert response.status_code == 200
    assert "cel puțin 10 caractere" in response.content.decode()
    with pytest.raises(DomainError):
        services.refuse_representation(actor=users.clerk, representation_id=representation.pk, reason=reason)
    assert Representation.objects.get(pk=representation.pk).status == RepresentationStatus.PENDING
    assert not AuditEntry.objects.filter(action="accounts.refuse_representation").exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Representation.objects.filter(pk=representation.pk).update(status=RepresentationStatus.REFUSED)


def test_a_decided_claim_cannot_be_decided_again(users):
    representation = ask(users.maria)
    services.refuse_representation(actor=users.clerk, representation_id=representation.pk,
                                   reason="Documentul nu este lizibil.")
    with pytest.raises(DomainError):
        services.verify_representation(actor=users.secretary, representation_id=representation.pk)
    assert Representation.objects.get(pk=representation.pk).status == RepresentationStatus.REFUSED
    assert not can_act_for(fresh(users.maria), representation.company)


# --- revoked and expired ----------------------------------------------------------------------------------


def test_a_revoked_mandate_grants_nothing_from_the_next_request_on(client, users, company_request, mailbox,
                                                                   django_capture_on_commit_callbacks):
    representation = ask(users.maria, cui=DEMO_CUI, name="Demo Construct SRL")
    services.verify_representation(actor=users.clerk, representation_id=representation.pk)
    company = demo_company()
    client.force_login(users.maria)
    client.post("/cont/actionez-pentru/", {"party": str(company.public_id)})
    assert "Cererile firmei Demo Construct SRL" in client.get("/cereri/").content.decode()
    with pytest.raises(DomainError):  # the registry says why
        services.revoke_representation(actor=users.clerk, representation_id=representation.pk, reason="Revocat")
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_representation(actor=users.clerk, representation_id=representation.pk,
                                       reason="Firma a comunicat încetarea mandatului.")
    page = client.get("/cereri/").content.decode()  # the session still names the company: the person is back
    assert "Cererile firmei" not in page and "Cererile mele" in page
    assert_no_rights(users.maria, company, company_request, client)
    [message] = [m for m in mailbox.to("maria.ionescu@example.ro") if "Nu mai puteți acționa" in m["subject"]]
    assert "încetarea mandatului" in message["body"]
    assert AuditEntry.objects.filter(action="accounts.revoke_representation", actor=users.clerk).exists()
    # Ion still represents it.
    assert can_act_for(fresh(users.ion), company)


def test_the_person_gives_up_a_mandate(client, users, company_request):
    representation = Representation.objects.get(user=users.ion, company__cui=DEMO_CUI)
    client.force_login(users.maria)
    assert client.post(f"/cont/reprezentari/{representation.pk}/revoca/").status_code == 404  # not hers
    client.force_login(users.ion)
    assert client.get(f"/cereri/{company_request.public_id}/").status_code == 200
    response = client.post(f"/cont/reprezentari/{representation.pk}/revoca/", follow=True)
    assert "Nu mai reprezentați firma Demo Construct SRL." in response.content.decode()
    representation.refresh_from_db()
    assert representation.status == RepresentationStatus.REVOKED and representation.revoked_by == users.ion
    assert client.get(f"/cereri/{company_request.public_id}/").status_code == 404
    assert "revocată" in client.get("/cont/profil/").content.decode()
    with pytest.raises(DomainError):  # only a verified mandate is revoked
        services.revoke_representation(actor=users.ion, representation_id=representation.pk)


def test_an_expired_mandate_grants_nothing_from_the_next_day_and_can_be_asked_again(
        client, users, company_request, monkeypatch):
    representation = ask(users.maria, cui=DEMO_CUI, name="Demo Construct SRL")
    today = timezone.localdate()
    services.verify_representation(actor=users.clerk, representation_id=representation.pk, valid_until=today)
    company = demo_company()
    assert_rights(users.maria, company, company_request, client)  # the last day counts
    maria = fresh(users.maria)
    assert can_act_for(maria, company)  # her list of parties is now loaded on this object

    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert not can_act_for(maria, company), "a list loaded yesterday no longer grants the company"
    page = client.get("/cereri/").content.decode()
    assert "Cererile firmei" not in page and "Cererile mele" in page
    assert_no_rights(users.maria, company, company_request, client)
    assert "expirată" in client.get("/cont/profil/").content.decode()
    # A new proof may be sent; the ended mandate is closed so that the new one can be checked.
    renewed = ask(users.maria, cui=DEMO_CUI, name="Demo Construct SRL")
    assert renewed.status == RepresentationStatus.PENDING
    assert Representation.objects.get(pk=representation.pk).status == RepresentationStatus.REVOKED


# --- who decides --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["urb_specialist", "urb_head", "reg_head", "reg_specialist", "mayor", "deputy",
                                 "adp_clerk", "ion", "admin"])
def test_only_the_registry_or_the_secretary_general_decides(client, users, who):
    representation = ask(users.maria)
    actor = getattr(users, who)
    for decide in (
        lambda: services.verify_representation(actor=actor, representation_id=representation.pk),
        lambda: services.refuse_representation(actor=actor, representation_id=representation.pk,
                                               reason="Motiv suficient de lung."),
    ):
        with pytest.raises(PermissionDenied):
            decide()
    client.force_login(actor)
    assert client.get("/birou/mandate/").status_code == 404
    assert client.get(f"/birou/mandate/{representation.pk}/dovada/").status_code == 404
    assert client.post(f"/birou/mandate/{representation.pk}/aproba/").status_code == 404
    assert 'href="/birou/mandate/"' not in client.get("/").content.decode()
    assert Representation.objects.get(pk=representation.pk).status == RepresentationStatus.PENDING
    assert not can_act_for(fresh(users.maria), representation.company)


@pytest.mark.parametrize("who", ["clerk", "secretary"])
def test_a_registry_clerk_and_the_secretary_general_see_the_queue(client, users, who):
    representation = ask(users.maria)
    client.force_login(getattr(users, who))
    assert 'href="/birou/mandate/"' in client.get("/birou/").content.decode()
    assert client.get("/birou/mandate/").status_code == 200
    services.verify_representation(actor=getattr(users, who), representation_id=representation.pk)
    assert can_act_for(fresh(users.maria), representation.company)


def test_a_clerk_does_not_decide_on_their_own_claim(client, users):
    clerk = users.clerk
    Party.objects.create(kind=PartyKind.PERSON, name="Elena Dumitrescu", cnp="2850512350010", user=clerk,
                         email=clerk.email, address="Str. Teilor nr. 3, Municipiul Demo")
    representation = ask(fresh(clerk))
    with pytest.raises(PermissionDenied):
        services.verify_representation(actor=clerk, representation_id=representation.pk)
    with pytest.raises(PermissionDenied):
        services.refuse_representation(actor=clerk, representation_id=representation.pk, reason="Motiv suficient de lung.")
    client.force_login(clerk)
    response = client.post(f"/birou/mandate/{representation.pk}/aproba/", follow=True)
    assert "Nu puteți verifica propria cerere" in response.content.decode()
    assert Representation.objects.get(pk=representation.pk).status == RepresentationStatus.PENDING
    services.verify_representation(actor=users.secretary, representation_id=representation.pk)
    assert Representation.objects.get(pk=representation.pk).decided_by == users.secretary


# --- the registry's queue ------------------------------------------------------------------------------------


def test_the_queue_lists_pending_claims_oldest_first_with_their_proof(client, users):
    first = ask(users.maria)
    second = ask(users.ion, cui="33645216", name="Livada SRL")
    decided = ask(users.ion, cui="27951083", name="Firma Decisă SRL")
    services.refuse_representation(actor=users.clerk, representation_id=decided.pk, reason="Documentul nu este lizibil.")
    client.force_login(users.clerk)
    page = client.get("/birou/mandate/").content.decode()
    # The demo's own claim (Grădina Verde SRL) is the oldest.
    assert (page.index("Grădina Verde SRL – CUI 45123674") < page.index("Floare SRL – CUI 30123455")
            < page.index("Livada SRL – CUI 33645216"))
    assert "Firma Decisă SRL" not in page
    assert "Maria Ionescu" in page and "Împuternicire notarială" in page
    assert f'href="/birou/mandate/{first.pk}/dovada/"' in page and f'action="/birou/mandate/{second.pk}/respinge/"' in page
    response = client.get(f"/birou/mandate/{first.pk}/dovada/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="documents.download", actor=users.clerk,
                                     object_id=str(first.proof_id)).exists()


def test_the_registry_revokes_a_company_mandate_found_by_cui(client, users, company_request):
    client.force_login(users.clerk)
    page = client.get("/birou/mandate/", {"cui": f"RO{DEMO_CUI}"}).content.decode()
    representation = Representation.objects.get(user=users.ion, company__cui=DEMO_CUI)
    assert "Ion Popescu" in page and f'action="/birou/mandate/{representation.pk}/revoca/"' in page
    short = client.post(f"/birou/mandate/{representation.pk}/revoca/", {"reason": "", "cui": DEMO_CUI})
    assert short.status_code == 200 and "cel puțin 10 caractere" in short.content.decode()
    assert "Ion Popescu" in short.content.decode()
    response = client.post(f"/birou/mandate/{representation.pk}/revoca/",
                           {"reason": "Administratorul a fost înlocuit (certificat ONRC).", "cui": DEMO_CUI})
    assert response.status_code == 302 and response["Location"] == f"/birou/mandate/?cui={DEMO_CUI}"
    assert Representation.objects.get(pk=representation.pk).status == RepresentationStatus.REVOKED
    client.force_login(users.ion)
    assert client.get(f"/cereri/{company_request.public_id}/").status_code == 404
    bad = client.get("/cont/profil/")
    assert "Administratorul a fost înlocuit" in bad.content.decode()


def test_a_resident_cannot_download_a_proof_through_the_queue(client, users):
    representation = ask(users.maria)
    client.force_login(users.ion)
    assert client.get(f"/birou/mandate/{representation.pk}/dovada/").status_code == 404
    client.logout()
    assert client.get(f"/birou/mandate/{representation.pk}/dovada/").status_code == 302  # to the sign-in page


# --- bad input keeps nothing ---------------------------------------------------------------------------------


def _stored_files(settings) -> list:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("overrides, field, message", [
    ({"proof": SimpleUploadedFile("certificat.pdf", b"nu este un PDF, doar text", content_type="application/pdf")},
     "proof", "nu este de un tip acceptat"),
    ({"proof": SimpleUploadedFile("gol.pdf", b"", content_type="application/pdf")}, "proof", "este gol"),
    ({"proof": None}, "proof", "Încărcați documentul"),
    ({"proof_kind": "altceva"}, "proof_kind", "Alegeți ce document"),
    ({"valid_until": "mâine"}, "valid_until", "zz.ll.aaaa"),
    ({"valid_until": "1.1.99999999999999999999"}, "valid_until", "zz.ll.aaaa"),
    ({"valid_until": "2020-01-31"}, "valid_until", "data de sfârșit a trecut"),
    ({"name": "F" * 201}, "name", "cel mult 200"),
    ({"address": "Str. " * 80}, "address", "cel mult 300"),
    ({"registration_code": "J" * 41}, "registration_code", "cel mult 40"),
    ({"cui": "30123456"}, "cui", "CUI-ul nu este valid"),
])
def test_bad_input_keeps_nothing(client, users, settings, overrides, field, message):
    documents, parties = Document.objects.count(), Party.objects.count()
    files = _stored_files(settings)
    client.force_login(users.maria)
    response = claim(client, **{"cui": NEW_CUI, "name": "Floare SRL", **overrides})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'href="#f-{field}"' in response.content.decode()  # the error summary links to the field
    with pytest.raises(DomainError) as caught:
        ask(users.maria, **{k: v for k, v in overrides.items()})
    assert field in caught.value.message_dict
    assert not Representation.objects.filter(user=users.maria, company__cui=NEW_CUI).exists()
    assert Document.objects.count() == documents and Party.objects.count() == parties
    assert not AuditEntry.objects.filter(action="accounts.request_representation").exists()
    assert _stored_files(settings) == files


def test_a_file_that_fails_after_the_checks_leaves_no_file_and_no_row(users, settings, monkeypatch):
    """Should storing fail late (the database refuses the row), the file already written is removed too."""
    from primaria.accounts.models import Representation as Model

    def broken_create(*args, **kwargs):
        raise IntegrityError("simulated")

    files = _stored_files(settings)
    monkeypatch.setattr(Model.objects, "create", broken_create)
    with pytest.raises(IntegrityError):
        ask(users.maria)
    assert not Party.objects.filter(cui=NEW_CUI).exists()
    assert not Document.objects.filter(title__contains="Floare SRL").exists()
    assert _stored_files(settings) == files


# --- demo data ---------------------------------------------------------------------------------------------


def test_the_demo_city_has_a_verified_and_a_pending_representation(users):
    from primaria.demo.loader import load_demo_city

    ions = Representation.objects.get(user=users.ion, company__cui=DEMO_CUI)
    assert ions.status == RepresentationStatus.VERIFIED and ions.decided_by == users.clerk
    assert ions.proof is None and "Date demonstrative" in ions.note
    pending = Representation.objects.get(user=users.maria, company__kind=PartyKind.COMPANY)
    assert pending.status == RepresentationStatus.PENDING and pending.company.name == "Grădina Verde SRL"
    assert not can_act_for(fresh(users.maria), pending.company)
    # Maria also files for her mother, under a notarial power limited to the tax services.
    mother = Representation.objects.get(user=users.maria, company__kind=PartyKind.PERSON)
    assert mother.status == RepresentationStatus.VERIFIED and mother.company.name == "Elena Ionescu"
    assert sorted(mother.services.values_list("slug", flat=True)) == [
        "certificat-de-atestare-fiscala", "declaratie-fiscala-cladiri", "scutire-reducere-impozit"]
    assert can_act_for(fresh(users.maria), mother.company)
    load_demo_city()  # idempotent
    assert Representation.objects.filter(user=users.ion).count() == 1
    assert Representation.objects.filter(user=users.maria).count() == 2


# --- the data migration -----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_representations_granted_before_verification_existed_are_kept_as_verified():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from primaria.institutions.models import Institution

    # The installation's own city hall, which the mandates made before city halls were told apart are given to.
    city_hall = Institution.objects.create(code="PVECHE", name="Primăria Veche", address="Str. Veche nr. 1")
    before = [("accounts", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        user = old.get_model("accounts", "User").objects.create(email="vechi@example.ro", password="!")
        company = old.get_model("accounts", "Party")
        kept = company.objects.create(kind="company", cui="30123455", name="Activă SRL")
        dropped = company.objects.create(kind="company", cui="33645216", name="Dezactivată SRL")
        old_representation = old.get_model("accounts", "Representation")
        old_representation.objects.create(user=user, company=kept, active=True)
        old_representation.objects.create(user=user, company=dropped, active=False)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(Representation.objects.values_list("company__cui", "status")) == {
        "30123455": RepresentationStatus.VERIFIED, "33645216": RepresentationStatus.REVOKED}
    assert set(Representation.objects.values_list("city_hall_id", flat=True)) == {city_hall.pk}
    user = User.objects.get(email="vechi@example.ro")
    assert [p.cui for p in companies_of(user, city_hall)] == ["30123455"]
