"""Paper requests registered at the counter follow the same lifecycle and can be claimed into an account."""

import pytest

from primaria.accounts import services as accounts
from primaria.accounts.models import PartyKind
from primaria.catalog.models import Service
from primaria.core.errors import DomainError
from primaria.documents.models import Document
from primaria.requests import services
from primaria.requests.models import Request, Status
from tests.factories import answers_for, uploads_for

pytestmark = pytest.mark.django_db

CNP = "1900722350036"


def _file(clerk, cnp=CNP, **identity):
    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    return services.file_at_counter(
        actor=clerk, service=service,
        identity={"kind": PartyKind.PERSON, "name": "Vasile Georgescu", "identifier": cnp,
                  "address": "Str. Teiului nr. 9, Municipiul Demo", **identity},
        answers=answers_for(service), uploads=uploads_for(service),
    )


def test_the_clerk_registers_a_paper_request_and_prints_the_proof(client, users, pki):
    from primaria.signing.services import validate

    request = _file(users.clerk)
    assert request.status == Status.REGISTERED and request.channel == "counter"
    assert request.registry_entry.channel == "counter" and request.registry_entry.number == 1
    assert len(request.claim_code) == 8
    assert all(a.document.source == Document.Source.COUNTER for a in request.attachments.all())
    client.force_login(users.clerk)
    proof = client.get(f"/birou/cereri/{request.public_id}/dovada.pdf")
    assert proof.status_code == 200 and proof.content.startswith(b"%PDF")
    report = validate(proof.content)  # issued automatically: sealed by the institution, not signed by a person
    assert report.ok and report.signatures[0].signer_name == "Primăria Municipiului Demo"


def test_only_the_registry_may_file_at_the_counter(users):
    with pytest.raises(Exception) as caught:
        _file(users.urb_specialist)
    assert "registratura" in str(caught.value)
    assert not Request.objects.exists()


def test_bad_identity_data_is_refused_and_nothing_saved(users):
    with pytest.raises(DomainError) as caught:
        _file(users.clerk, cnp="1900722350037", email="x@")
    assert set(caught.value.message_dict) == {"identifier", "email"}
    assert not Request.objects.exists() and not Document.objects.exists()


def test_the_person_claims_the_request_into_a_new_account(users, city):
    request = _file(users.clerk)
    user = accounts.register_person(email="vasile@example.ro", password="o-parola-lunga-2026", first_name="Vasile",
                                    last_name="Georgescu", cnp=CNP, address="Str. Teiului nr. 9, Municipiul Demo")
    with pytest.raises(DomainError):
        services.claim(actor=user, reference=str(request.registry_entry.number), claim_code="WRONG123")
    claimed = services.claim(actor=user, reference=request.reference, claim_code=request.claim_code.lower())
    assert claimed.applicant == user.person and claimed.claim_code == ""
    assert all(a.document.owner == user.person for a in claimed.attachments.all())
    # The request then follows the online lifecycle: the applicant can answer a request for completion.
    services.assign(actor=users.urb_head, request_id=claimed.pk, assignee=users.urb_specialist)
    services.ask_completion(actor=users.urb_specialist, request_id=claimed.pk, what="Atașați copia actului de proprietate.")
    services.complete(actor=user, request_id=claimed.pk, answers={}, reply="Am trimis actul.")
    assert Request.objects.get(pk=claimed.pk).status == Status.IN_REVIEW


def test_someone_with_another_cnp_cannot_claim(users):
    request = _file(users.clerk)
    with pytest.raises(DomainError) as caught:
        services.claim(actor=users.maria, reference=request.reference, claim_code=request.claim_code)
    assert "CNP-ul nu corespunde" in caught.value.messages[0]
    assert Request.objects.get(pk=request.pk).applicant.user is None


def test_a_person_with_an_account_gets_the_counter_request_in_it_directly(users):
    request = _file(users.clerk, cnp=users.ion.person.cnp)
    assert request.applicant == users.ion.person and request.claim_code == ""
