"""Mandates in full: a scope, a validity period, revocation by either side, for a company or for a person, the
evidence kept in both folders, and every filing recording who acted, for whom, under which mandate and after
which log-in."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone

from primaria.accounts import LoginContext, login_context
from primaria.accounts import services as accounts
from primaria.accounts.models import Party, PartyKind, Representation, RepresentationStatus
from primaria.catalog.models import Service
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.documents.models import Document
from primaria.notifications.models import Notification
from primaria.notifications.services import render
from primaria.requests import services as requests
from primaria.requests.models import Request, Status
from tests.factories import answers_for, pdf_file, submitted_request, uploads_for, verified_representation
from tests.test_mandates import COMPANY_SERVICE, NEW_CUI, api, fresh

pytestmark = pytest.mark.django_db

PASSWORD = "Demo-2026!"
ION_CNP = "1800101350018"
PERSON_SERVICE = "adeverinta-nomenclatura-stradala"
TAX_SERVICE = "certificat-de-atestare-fiscala"


def today():
    return timezone.localdate()


def company_mandate(user, *, cui=NEW_CUI, name="Floare SRL", **overrides):
    data = {"cui": cui, "name": name, "address": "Str. Mare nr. 1, Municipiul Demo", "capacity": "Împuternicit",
            "proof_kind": "imputernicire_notariala", "proof": pdf_file("procura.pdf", text="Procura")}
    data.update(overrides)
    return accounts.request_representation(actor=user, **data)


def person_mandate(user, *, cnp=ION_CNP, name="Ion Popescu", **overrides):
    data = {"kind": PartyKind.PERSON, "cnp": cnp, "name": name, "capacity": "Împuternicit",
            "proof_kind": "imputernicire_notariala", "proof": pdf_file("procura.pdf", text="Procura notariala")}
    data.update(overrides)
    return accounts.request_representation(actor=user, **data)


def in_state(state, users) -> Representation:
    """Maria's mandate for Floare SRL, brought to `state` as the registry and the people would."""
    if state == "not_yet_valid":
        mandate = company_mandate(users.maria, valid_from=(today() + timedelta(days=5)).isoformat())
    elif state == "expired":
        mandate = company_mandate(users.maria, valid_until=(today() + timedelta(days=3)).isoformat())
    else:
        mandate = company_mandate(users.maria)
    if state == "pending":
        return mandate
    if state == "refused":
        return accounts.refuse_representation(actor=users.clerk, representation_id=mandate.pk,
                                              reason="Procura nu poartă semnătura notarului.")
    accounts.verify_representation(actor=users.clerk, representation_id=mandate.pk)
    if state == "expired":
        # Time passes: the last day of the mandate was yesterday.
        Representation.objects.filter(pk=mandate.pk).update(valid_until=today() - timedelta(days=1))
    if state == "revoked":
        accounts.revoke_representation(actor=users.maria, representation_id=mandate.pk)
    return Representation.objects.get(pk=mandate.pk)


@pytest.fixture
def floare_request(users):
    """A request of Floare SRL, filed by another of its representatives (Ion)."""
    company = Party.objects.create(kind=PartyKind.COMPANY, cui=NEW_CUI, name="Floare SRL",
                                   address="Str. Mare nr. 1, Municipiul Demo")
    verified_representation(users.ion, company, decided_by=users.clerk)
    return submitted_request(users.ion, slug=COMPANY_SERVICE, party=company)


# --- the table: each state of a mandate and what it opens ---------------------------------------------------------


@pytest.mark.parametrize("state, opens", [
    ("pending", False),
    ("active", True),
    ("not_yet_valid", False),
    ("expired", False),
    ("revoked", False),
    ("refused", False),
])
def test_what_each_state_of_a_mandate_opens(client, users, floare_request, state, opens):
    mandate = in_state(state, users)
    company = floare_request.applicant
    maria = fresh(users.maria)
    client.force_login(maria)

    # Acting in the selector ("Acționați în numele").
    page = client.post("/cont/actionez-pentru/", {"party": str(company.public_id)}, follow=True).content.decode()
    assert ("Acționați acum în numele: Floare SRL." in page) is opens
    assert ("Nu puteți acționa în numele acestui solicitant." in page) is not opens
    assert rules.can(maria, company, "act_for") is opens
    # Seeing the company's requests: the list and a request's page.
    assert (floare_request.reference in client.get("/cereri/").content.decode()) is opens
    assert client.get(f"/cereri/{floare_request.public_id}/").status_code == (200 if opens else 404)
    assert rules.can(maria, floare_request, "view") is opens
    # Filing for the company.
    service = Service.objects.get(slug=COMPANY_SERVICE)
    if opens:
        draft = requests.start_draft(actor=maria, party=company, service=service)
        requests.save_draft(actor=maria, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
        filed = requests.submit(actor=maria, request_id=draft.pk)
        assert filed.status == Status.REGISTERED and filed.filed_by == maria and filed.mandate == mandate
    else:
        with pytest.raises(PermissionDenied):
            requests.start_draft(actor=maria, party=company, service=service)
        assert not Request.objects.filter(applicant=company, filed_by=maria).exists()
    # Withdrawing the company's request.
    assert rules.can(maria, floare_request, "withdraw") is opens
    response = client.post(f"/cereri/{floare_request.public_id}/", {"action": "withdraw", "reason": "Nu mai e nevoie."})
    assert response.status_code == (302 if opens else 404)
    expected = Status.WITHDRAWN if opens else Status.REGISTERED
    assert Request.objects.get(pk=floare_request.pk).status == expected


def test_a_mandate_stops_at_once_when_its_last_day_passes(users, floare_request, monkeypatch):
    """The validity is read with the city's date on every check, also on a user whose parties were already read."""
    mandate = in_state("active", users)
    Representation.objects.filter(pk=mandate.pk).update(valid_until=today())
    maria = fresh(users.maria)
    assert rules.can(maria, floare_request, "view")
    tomorrow = today() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert not rules.can(maria, floare_request, "view")  # the same user object, its list of parties kept
    with pytest.raises(PermissionDenied):
        requests.withdraw(actor=maria, request_id=floare_request.pk, reason="x")
    assert Representation.objects.get(pk=mandate.pk).status_label == "expirată"


def test_a_revocation_stops_a_filing_in_progress(users, floare_request):
    mandate = in_state("active", users)
    maria = fresh(users.maria)
    service = Service.objects.get(slug=COMPANY_SERVICE)
    draft = requests.start_draft(actor=maria, party=floare_request.applicant, service=service)
    requests.save_draft(actor=maria, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
    accounts.revoke_representation(actor=users.ion, representation_id=mandate.pk)  # another representative
    with pytest.raises(PermissionDenied):
        requests.submit(actor=fresh(users.maria), request_id=draft.pk)
    assert Request.objects.get(pk=draft.pk).status == Status.DRAFT
    mandate.refresh_from_db()
    assert mandate.status == RepresentationStatus.REVOKED and mandate.revoked_by == users.ion
    assert "reprezentant al firmei Floare SRL" in mandate.revocation_reason


def test_another_representative_of_the_company_revokes_from_its_folder(client, users, floare_request):
    mandate = in_state("active", users)
    company = floare_request.applicant
    client.force_login(users.ion)
    client.post("/cont/actionez-pentru/", {"party": str(company.public_id)})
    folder = client.get("/dosar/").content.decode()
    assert "Maria Ionescu" in folder and f"Revocă mandatul nr. {mandate.pk}" in folder
    assert str(mandate.proof.public_id) in folder  # the evidence, in the company's folder
    assert client.get(f"/dosar/document/{mandate.proof.public_id}/").status_code == 200
    response = client.post(f"/cont/reprezentari/{mandate.pk}/revoca/", {"next": "/dosar/"})
    assert response.status_code == 302 and response["Location"] == "/dosar/"
    assert Representation.objects.get(pk=mandate.pk).status == RepresentationStatus.REVOKED
    assert not rules.can(fresh(users.maria), floare_request, "view")
    # A representative limited to some services may not revoke the others.
    limited = company_mandate(users.maria, services=[COMPANY_SERVICE])
    accounts.verify_representation(actor=users.clerk, representation_id=limited.pk)
    ions = Representation.objects.get(user=users.ion, company=company)
    assert not rules.can(fresh(users.maria), ions, "revoke")
    with pytest.raises(PermissionDenied):
        accounts.revoke_representation(actor=fresh(users.maria), representation_id=ions.pk)


# --- scope -------------------------------------------------------------------------------------------------------


def test_a_service_outside_the_scope_is_refused_everywhere(client, users, floare_request):
    inside = Service.objects.get(slug=COMPANY_SERVICE)
    outside = Service.objects.filter(for_companies=True, active=True).exclude(pk=inside.pk).order_by("pk").first()
    mandate = company_mandate(users.maria, services=[inside.slug])
    accounts.verify_representation(actor=users.clerk, representation_id=mandate.pk)
    assert list(mandate.services.all()) == [inside]
    company = floare_request.applicant
    other = submitted_request(users.ion, slug=outside.slug, party=company)
    maria = fresh(users.maria)
    message = f"nu cuprinde serviciul „{outside.name}”"

    # The domain function.
    with pytest.raises(PermissionDenied, match=message):
        requests.start_draft(actor=maria, party=company, service=outside)
    assert requests.start_draft(actor=maria, party=company, service=inside).applicant == company
    # The selector, asked for a service.
    client.force_login(maria)
    page = client.post("/cont/actionez-pentru/", {"party": str(company.public_id), "service": outside.slug},
                       follow=True).content.decode()
    assert message in page
    page = client.post("/cont/actionez-pentru/", {"party": str(company.public_id), "service": inside.slug},
                       follow=True).content.decode()
    assert "Acționați acum în numele: Floare SRL." in page
    # The catalog says so before the button is pressed.
    assert message in client.get(f"/servicii/{outside.slug}/").content.decode()
    page = client.get(f"/servicii/{inside.slug}/").content.decode()
    assert message not in page and f"Depuneți cererea în numele firmei <strong>Floare SRL</strong> (mandat nr. {mandate.pk})" in page
    # The page that starts a request, for the party chosen.
    drafts = Request.objects.filter(applicant=company, service=outside).count()
    page = client.post(f"/cereri/noua/{outside.slug}/", follow=True).content.decode()
    assert message in page
    assert Request.objects.filter(applicant=company, service=outside).count() == drafts
    # Only the requests of the services in scope are seen.
    listing = client.get("/cereri/").content.decode()
    assert floare_request.reference in listing and other.reference not in listing
    assert client.get(f"/cereri/{other.public_id}/").status_code == 404
    with pytest.raises(PermissionDenied, match=message):
        requests.withdraw(actor=maria, request_id=other.pk, reason="x")
    # The company's folder: the documents of the requests in scope, not the others.
    inside_documents = [a.document for a in floare_request.attachments.all()]
    outside_documents = [a.document for a in other.attachments.all()]
    assert inside_documents and outside_documents
    folder = client.get("/dosar/").content.decode()
    assert all(str(d.public_id) in folder for d in inside_documents)
    assert not any(str(d.public_id) in folder for d in outside_documents)
    assert client.get(f"/dosar/document/{outside_documents[0].public_id}/").status_code == 404
    assert client.get(f"/dosar/document/{inside_documents[0].public_id}/").status_code == 200
    # The API.
    response = api(maria).post("/api/v1/requests/", {"service": outside.slug, "party": str(company.public_id)},
                               format="json")
    assert response.status_code == 400 and message in response.json()["service"][0]
    assert api(maria).get(f"/api/v1/requests/{other.public_id}/").status_code == 404


def test_a_scope_names_catalog_services_only(users):
    with pytest.raises(DomainError) as error:
        company_mandate(users.maria, services=["nu-exista"])
    assert "serviciile din catalog" in error.value.message_dict["services"][0]
    assert not Representation.objects.filter(user=users.maria, company__cui=NEW_CUI).exists()


# --- person for person -------------------------------------------------------------------------------------------


def test_a_person_mandate_is_verified_seen_and_revoked_by_the_represented_person(client, users):
    own = submitted_request(users.ion, slug=PERSON_SERVICE)
    mandate = person_mandate(users.maria, capacity="Avocat", proof_kind="imputernicire_avocatiala")
    ion_party = own.applicant
    assert mandate.company == ion_party and mandate.for_person  # the account's party, not a copy of it
    assert not rules.can(fresh(users.maria), own, "view")  # pending: nothing yet

    client.force_login(users.clerk)
    queue = client.get("/birou/mandate/").content.decode()
    assert "Ion Popescu – persoană fizică" in queue and "Împuternicire avocațială" in queue
    client.post(f"/birou/mandate/{mandate.pk}/aproba/", {"valid_until": "", "note": ""})
    mandate.refresh_from_db()
    assert mandate.status == RepresentationStatus.VERIFIED
    assert rules.can(fresh(users.maria), own, "view")
    # Ion hears of it: a mandate he did not give he would revoke.
    told = Notification.objects.get(template="representation_for_you", recipient=users.ion)
    assert told.address == users.ion.email and told.object_id == str(mandate.pk)
    render(told)
    subject, body = told.subject, told.body
    assert subject == "Maria Ionescu poate depune cereri în numele dumneavoastră"
    assert "în calitate de Avocat, pentru toate serviciile" in body and f"mandat nr. {mandate.pk}" in body
    told = Notification.objects.get(template="representation_verified", recipient=users.maria)
    render(told)
    subject, body = told.subject, told.body
    assert subject == "Puteți acționa în numele lui Ion Popescu" and "urmări cererile lui Ion Popescu" in body

    # Ion sees who represents him, with the evidence, in his account and in his folder.
    client.force_login(users.ion)
    profile = client.get("/cont/profil/").content.decode()
    assert "Cine vă reprezintă" in profile and "Maria Ionescu" in profile and "Avocat" in profile
    folder = client.get("/dosar/").content.decode()
    assert f"/dosar/{mandate.proof.public_id}/" in folder or str(mandate.proof.public_id) in folder
    assert rules.can(fresh(users.ion), mandate.proof, "download")
    # Ion revokes it; it stops at once.
    response = client.post(f"/cont/reprezentari/{mandate.pk}/revoca/", {"reason": ""}, follow=True)
    assert "Ați revocat mandatul lui Maria Ionescu" in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.status == RepresentationStatus.REVOKED and mandate.revoked_by == users.ion
    assert mandate.revocation_reason == "Mandat revocat de persoana reprezentată."
    maria = fresh(users.maria)
    assert not rules.can(maria, own, "view")
    with pytest.raises(PermissionDenied):
        requests.start_draft(actor=maria, party=ion_party, service=Service.objects.get(slug=PERSON_SERVICE))
    # The evidence stays in both folders.
    assert rules.can(fresh(users.ion), mandate.proof, "download") and rules.can(maria, mandate.proof, "download")


def test_only_either_side_or_the_registry_revokes(client, users):
    mandate = person_mandate(users.maria)
    accounts.verify_representation(actor=users.clerk, representation_id=mandate.pk)
    stranger = users.urb_specialist
    assert not rules.can(stranger, mandate, "revoke")
    with pytest.raises(PermissionDenied):
        accounts.revoke_representation(actor=stranger, representation_id=mandate.pk)
    client.force_login(stranger)
    assert client.post(f"/cont/reprezentari/{mandate.pk}/revoca/").status_code == 404
    assert Representation.objects.get(pk=mandate.pk).status == RepresentationStatus.VERIFIED
    with pytest.raises(DomainError):  # the registry gives a reason
        accounts.revoke_representation(actor=users.clerk, representation_id=mandate.pk, reason="")
    accounts.revoke_representation(actor=users.clerk, representation_id=mandate.pk,
                                   reason="Procura a fost revocată la notar.")
    assert Representation.objects.get(pk=mandate.pk).status == RepresentationStatus.REVOKED


def test_a_person_mandate_needs_a_person_proof_and_a_valid_cnp(users):
    with pytest.raises(DomainError) as error:
        person_mandate(users.maria, cnp="1800101350019", proof_kind="certificat_constatator")
    assert set(error.value.message_dict) >= {"cnp", "proof_kind"}
    with pytest.raises(DomainError) as error:
        person_mandate(users.ion)  # himself
    assert "fără mandat" in error.value.message_dict["cnp"][0]
    with pytest.raises(DomainError) as error:
        person_mandate(users.maria, valid_from="2030-05-10", valid_until="2030-05-01")
    assert "înaintea datei de început" in error.value.message_dict["valid_until"][0]
    assert not Representation.objects.filter(user=users.maria, company__kind=PartyKind.PERSON,
                                             company__cnp=ION_CNP).exists()


def test_a_person_without_an_account_is_represented_by_cnp(client, users):
    mandate = person_mandate(users.ion, cnp="1650312350011", name="Gheorghe Popescu",
                             proof_kind="hotarare_tutela", capacity="Tutore")
    accounts.verify_representation(actor=users.clerk, representation_id=mandate.pk)
    father = mandate.company
    assert father.user is None and father.kind == PartyKind.PERSON and father.name == "Gheorghe Popescu"
    client.force_login(users.ion)
    page = client.post("/cont/actionez-pentru/", {"party": str(father.public_id)}, follow=True).content.decode()
    assert "Acționați acum în numele: Gheorghe Popescu." in page
    folder = client.get("/dosar/").content.decode()
    assert "Hotărâre judecătorească de instituire a tutelei sau curatelei" in folder


# --- every filing records who acted, for whom, under which mandate, after which log-in --------------------------


def test_the_filing_records_who_acted_for_whom_and_how_they_logged_in(client, users):
    mandate = person_mandate(users.maria)
    accounts.verify_representation(actor=users.clerk, representation_id=mandate.pk)
    ion_party = Party.objects.get(user=users.ion)
    # Maria signs in with her password, through the log-in page.
    response = client.post("/cont/intrare/", {"username": users.maria.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["primaria_login"] == {"method": "password", "loa": "scăzut"}
    client.post("/cont/actionez-pentru/", {"party": str(ion_party.public_id)})
    service = Service.objects.get(slug=PERSON_SERVICE)
    assert client.post(f"/cereri/noua/{service.slug}/").status_code == 302
    draft = Request.objects.get(applicant=ion_party, service=service, status=Status.DRAFT)
    assert draft.filed_by == users.maria and draft.login_method == "password"
    requests.save_draft(actor=fresh(users.maria), request_id=draft.pk, answers=answers_for(service),
                        uploads=uploads_for(service))
    response = client.post(f"/cereri/{draft.public_id}/verificare/")
    assert response.status_code == 302, response.content.decode()[:500]
    filed = Request.objects.get(pk=draft.pk)
    assert filed.status == Status.REGISTERED
    assert filed.filed_by == users.maria and filed.applicant == ion_party and filed.mandate == mandate
    assert (filed.login_method, filed.assurance_level) == ("password", "scăzut")
    line = filed.timeline.get(action="submit").message
    assert line.startswith(f"Depusă de Maria Ionescu în numele lui Ion Popescu (mandat nr. {mandate.pk}). "
                           f"Cererea a fost înregistrată cu nr. {filed.reference}")
    # Ion's timeline says so too.
    client.force_login(users.ion)
    assert f"Depusă de Maria Ionescu în numele lui Ion Popescu (mandat nr. {mandate.pk})" in \
        client.get(f"/cereri/{filed.public_id}/").content.decode()
    # And the registry sees who filed it, under which mandate, after which log-in.
    client.force_login(users.clerk)
    page = client.get(f"/birou/cereri/{filed.public_id}/").content.decode()
    assert (f"Depusă de <strong>Maria Ionescu</strong> în numele solicitantului, cu mandatul nr. {mandate.pk}"
            in page) and "Autentificare: password, nivel de încredere scăzut." in page


def test_a_filing_for_oneself_says_nothing_of_a_mandate(users):
    filed = submitted_request(users.ion, slug=PERSON_SERVICE)
    assert filed.filed_by == users.ion and filed.mandate is None
    assert (filed.login_method, filed.assurance_level) == ("", "")
    assert not filed.timeline.get(action="submit").message.startswith("Depusă de")


def test_the_api_records_the_filing_under_the_mandate(users):
    mandate = company_mandate(users.maria)
    accounts.verify_representation(actor=users.clerk, representation_id=mandate.pk)
    company = mandate.company
    service = Service.objects.get(slug=COMPANY_SERVICE)
    rest = api(users.maria)
    response = rest.post("/api/v1/requests/", {"service": service.slug, "party": str(company.public_id)},
                         format="json")
    assert response.status_code == 201
    draft = Request.objects.get(public_id=response.json()["public_id"])
    requests.save_draft(actor=fresh(users.maria), request_id=draft.pk, answers=answers_for(service),
                        uploads=uploads_for(service))
    response = rest.post(f"/api/v1/requests/{draft.public_id}/submit/", format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["filed_by"] == "Maria Ionescu" and body["mandate"] == str(mandate.pk)
    filed = Request.objects.get(pk=draft.pk)
    assert filed.filed_by == users.maria and filed.mandate == mandate
    timeline = rest.get(f"/api/v1/requests/{draft.public_id}/timeline/").json()
    assert any(f"Depusă de Maria Ionescu în numele Floare SRL (mandat nr. {mandate.pk})" in e["message"]
               for e in timeline)


def test_the_mandate_request_records_the_login_too(client, users):
    client.post("/cont/intrare/", {"username": users.maria.email, "password": PASSWORD})
    response = client.post("/cont/profil/", {
        "kind": "person", "cnp": ION_CNP, "name": "Ion Popescu", "capacity": "Împuternicit",
        "proof_kind": "imputernicire_notariala", "services": [TAX_SERVICE],
        "valid_until": (today() + timedelta(days=30)).isoformat(), "proof": pdf_file("procura.pdf"),
    })
    assert response.status_code == 302
    mandate = Representation.objects.get(user=users.maria, company__cnp=ION_CNP)
    assert (mandate.login_method, mandate.assurance_level) == ("password", "scăzut")
    assert [s.slug for s in mandate.services.all()] == [TAX_SERVICE]
    assert mandate.status == RepresentationStatus.PENDING
    assert Document.objects.get(pk=mandate.proof_id).owner == Party.objects.get(user=users.maria)


def test_login_context_reads_the_session():
    request = RequestFactory().get("/")
    assert login_context(request) == LoginContext("", "")
    request.session = {"primaria_login": {"method": "roeid", "loa": "substanțial"}}
    assert login_context(request) == LoginContext("roeid", "substanțial")
    request.session = {"primaria_login": "stricat"}
    assert login_context(request) == LoginContext("", "")
