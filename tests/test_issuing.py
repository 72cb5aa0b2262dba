"""Issued documents: letterhead, signatures in sequence, refusal, delivery and public verification."""

import subprocess

import pytest

from primaria.documents import issuing
from primaria.documents.models import OutgoingDocument, SignatureStep, TemplateKind
from primaria.registry.models import Direction
from primaria.requests import services
from primaria.requests.models import Outcome, Status, TimelineEvent
from tests.factories import pay_fees, propose_and_sign, submitted_request
from tests.pdftools import pdfsig

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(users):
    request = submitted_request(users.ion)
    return services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)


def _pdf(document) -> bytes:
    with document.pdf.open("rb") as handle:
        return handle.read()


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_answer_is_signed_in_sequence_issued_and_delivered(users, pki, nssdb, in_review, tmp_path, mailbox,
                                                              django_capture_on_commit_callbacks):
    from primaria.signing.services import validate

    with django_capture_on_commit_callbacks(execute=True):
        resolved = propose_and_sign(in_review, users.urb_specialist)
    assert resolved.status == Status.RESOLVED and resolved.outcome == Outcome.GRANTED
    document = OutgoingDocument.objects.get(request=resolved)
    assert document.status == OutgoingDocument.Status.ISSUED
    assert [s.capacity for s in document.steps.all()] == ["Întocmit", "Arhitect-șef", "Primar"]
    assert all(s.status == SignatureStep.Status.SIGNED for s in document.steps.all())

    data = _pdf(document)
    report = validate(data)
    signatures = [s for s in report.signatures if not s.is_document_timestamp]
    assert report.ok and len(signatures) == 3 and all(s.intact and s.trusted for s in signatures)
    assert any(s.is_document_timestamp for s in report.signatures)
    # poppler, an independent validator, agrees: every signature valid, every certificate trusted.
    verdicts = pdfsig(data, nssdb, tmp_path)
    signed = [v for v in verdicts if v.get("Signature Field Name", "").startswith("Semnatura")]
    assert len(signed) == 3
    for verdict in signed:
        assert verdict["Signature Validation"] == "Signature is Valid."
        assert verdict["Certificate Validation"] == "Certificate is Trusted."

    # The letterhead, the number, and every signer's name, function and capacity are in the text.
    text = _text(data, tmp_path)
    for expected in ["PRIMĂRIA MUNICIPIULUI DEMO", "Direcția Urbanism", document.registry_entry.reference,
                     "ÎNTOCMIT", "Vlad Neagu", "ARHITECT-ȘEF", "Radu Enache", "PRIMAR", "Mihai Constantinescu",
                     document.verification_code, "Ion Popescu"]:
        assert expected in text, expected

    # The outbound entry is linked to the request's number and to the delivered file.
    entry = document.registry_entry
    assert entry.direction == Direction.OUTBOUND and entry.in_reply_to_id == resolved.registry_entry_id
    assert entry.document_id == resolved.answer_document_id
    assert resolved.answer_document.owner == resolved.applicant
    with resolved.answer_document.file.open("rb") as handle:
        assert handle.read() == data  # the applicant gets the original signed file
    # The applicant's timeline says whose signature it waited for, and the e-mail tells them it is ready.
    messages = list(resolved.timeline.filter(public=True).values_list("message", flat=True))
    assert any("urmează semnătura: Arhitect-șef (Radu Enache)" in m for m in messages)
    assert any("Soluționată" in m["subject"] and document.registry_entry.reference in m["body"]
               for m in mailbox.to("ion.popescu@example.ro"))


def test_only_the_signer_whose_turn_it_is_may_sign(users, pki, in_review):
    from django.core.exceptions import PermissionDenied

    pay_fees(in_review)
    services.propose(actor=users.urb_specialist, request_id=in_review.pk, outcome=Outcome.GRANTED)
    with pytest.raises(PermissionDenied):
        services.sign(actor=users.mayor, request_id=in_review.pk)
    with pytest.raises(PermissionDenied):
        services.sign(actor=users.urb_head, request_id=in_review.pk)


def test_a_signer_without_a_valid_certificate_is_told_so_and_nothing_changes(client, users, pki, in_review):
    from primaria.signing.models import SigningCredential

    proposed = propose_and_sign(in_review, users.urb_specialist, stop_before="Arhitect-șef")
    step = SignatureStep.objects.get(document__request=proposed, status=SignatureStep.Status.CURRENT)
    SigningCredential.objects.filter(user=step.signer).update(active=False)
    before = step.document.pdf.name
    client.force_login(step.signer)
    response = client.post(f"/birou/cereri/{proposed.public_id}/", {"action": "sign"})
    assert response.status_code == 200
    assert "nu are un certificat de semnătură electronică valabil" in response.content.decode()
    step.refresh_from_db()
    assert step.status == SignatureStep.Status.CURRENT
    assert step.document.pdf.name == before
    assert step.document.pdf.storage.exists(before)


def test_a_refusal_returns_the_document_with_the_reason_in_the_timeline(users, pki, in_review):
    pending = propose_and_sign(in_review, users.urb_specialist, stop_before="Primar")
    first = OutgoingDocument.objects.get(request=pending)
    number = first.registry_entry.number
    returned = services.refuse(actor=users.mayor, request_id=pending.pk, reason="Lipsește avizul de la cadastru.")
    assert returned.status == Status.IN_REVIEW
    event = TimelineEvent.objects.filter(request=returned).latest("pk")
    assert event.action == "refuse" and "Lipsește avizul de la cadastru." in event.message
    first.refresh_from_db()
    assert first.status == OutgoingDocument.Status.REFUSED
    assert first.steps.get(capacity="Primar").reason == "Lipsește avizul de la cadastru."
    # The redrafted answer keeps the registration number and starts the sequence again.
    resolved = propose_and_sign(returned, users.urb_specialist)
    second = OutgoingDocument.objects.exclude(pk=first.pk).get(request=resolved)
    assert second.registry_entry.number == number and second.version == 2
    first.refresh_from_db()
    assert first.status == OutgoingDocument.Status.SUPERSEDED


def test_a_rejection_carries_its_reasons_in_the_issued_document(users, pki, in_review, tmp_path):
    resolved = propose_and_sign(in_review, users.urb_specialist, outcome=Outcome.REJECTED,
                                resolution="Strada nu figurează în nomenclatorul stradal aprobat.")
    assert resolved.outcome == Outcome.REJECTED
    text = _text(_pdf(OutgoingDocument.objects.get(request=resolved)), tmp_path)
    assert "nu poate fi admisă" in text and "Strada nu figurează în nomenclatorul stradal" in text


def test_verification_page_confirms_the_original_and_catches_a_changed_byte(client, users, pki, in_review):
    resolved = propose_and_sign(in_review, users.urb_specialist)
    document = OutgoingDocument.objects.get(request=resolved)
    page = client.get(f"/verificare/{document.verification_code}/").content.decode()
    assert "Document autentic." in page and document.registry_entry.reference in page
    assert "Radu Enache" in page and "Arhitect-șef" in page

    from django.core.files.uploadedfile import SimpleUploadedFile

    original = _pdf(document)
    ok = client.post(f"/verificare/{document.verification_code}/",
                     {"file": SimpleUploadedFile("a.pdf", original, content_type="application/pdf")})
    assert "Fișierul este autentic și nemodificat" in ok.content.decode()

    tampered = bytearray(original)
    position = original.index(b"stream") + 40  # inside the first revision, covered by every signature
    tampered[position] ^= 0x01
    bad = client.post(f"/verificare/{document.verification_code}/",
                      {"file": SimpleUploadedFile("a.pdf", bytes(tampered), content_type="application/pdf")})
    assert "Fișierul a fost modificat după semnare" in bad.content.decode()
    assert client.get("/verificare/PMD-XXXX-XXXX/").status_code == 404
    assert client.get("/verificare/", {"cod": document.verification_code.lower()}).status_code == 302


def test_an_internal_document_is_registered_and_signed_by_each_in_turn(client, users, pki):
    from primaria.institutions.models import Department

    department = Department.objects.get(code="urb")
    document = issuing.draft_internal(
        actor=users.urb_specialist, department=department, kind=TemplateKind.SPECIALIST_REPORT,
        title="Raport de specialitate privind PUZ Zona Nord", body_text="Propunem aprobarea PUZ Zona Nord, " * 3,
        signer_ids=[users.urb_specialist.pk, users.urb_head.pk, users.secretary.pk],
    )
    assert document.registry_entry.direction == Direction.INTERNAL
    client.force_login(users.urb_head)
    assert "Raport de specialitate privind PUZ" not in client.get("/birou/de-semnat/").content.decode()
    issuing.sign_internal(actor=users.urb_specialist, document_id=document.pk)
    assert "Raport de specialitate privind PUZ" in client.get("/birou/de-semnat/").content.decode()
    response = client.post(f"/birou/documente/{document.public_id}/", {"action": "sign"})
    assert response.status_code == 302
    client.force_login(users.secretary)
    client.post(f"/birou/documente/{document.public_id}/", {"action": "sign"})
    document.refresh_from_db()
    assert document.status == OutgoingDocument.Status.ISSUED
    capacities = [s.capacity for s in document.steps.all()]
    assert capacities == ["Întocmit", "Arhitect-șef", "Secretar general al UAT"]


def test_internal_documents_refuse_bad_input_in_romanian(users, pki):
    from primaria.core.errors import DomainError
    from primaria.institutions.models import Department

    with pytest.raises(DomainError) as caught:
        issuing.draft_internal(actor=users.urb_specialist, department=Department.objects.get(code="urb"), kind="",
                               title="", body_text="scurt", signer_ids=[])
    assert set(caught.value.message_dict) == {"kind", "title", "body_text", "signers"}
    assert not OutgoingDocument.objects.exists()
