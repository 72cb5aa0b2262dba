"""The certificat de atestare fiscală: issued at once, sealed, without debts; filed for the tax office with them."""

from datetime import date, timedelta

from django.utils import timezone

from primaria.accounts.models import Party
from primaria.documents.models import Document, DocumentType
from primaria.documents.services import store_generated
from primaria.outbox.models import Event
from primaria.registry.models import RegistryEntry
from primaria.requests.models import Request
from primaria.taxes import certificate, services
from tests.factories import pdf_bytes
from tests.pdftools import pdftotext


def _maria_with_a_house(users):
    maria = Party.objects.get(user=users.maria)
    # Acquired this year: on the register, taxed only from next year, so nothing is owed yet.
    services.add_item(actor=None, party=maria, kind="cladire", label="Str. Florilor nr. 9, Municipiul Demo",
                      identifier="DEMO-9009", attrs={"use": "rezidentiala", "area": "80", "zone": "A", "rank": "II"},
                      starts_on=date(timezone.localdate().year, 6, 1), source="test")
    return maria


def test_without_debts_the_certificate_is_issued_sealed_for_30_days(client, users, city, pki, tmp_path):
    from primaria.signing.services import validate

    maria = _maria_with_a_house(users)
    assert not certificate.overdue_debts(maria, timezone.localdate())
    client.force_login(users.maria)
    page = client.get("/taxe/").content.decode()
    assert "Cer certificatul de atestare fiscală" in page and "Dezbatere succesorală" in page
    response = client.post("/taxe/certificat/", {"scop": "Dezbatere succesorală"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "a fost emis" in page

    document = Document.objects.get(owner=maria, document_type__code="certificat_atestare_fiscala")
    today = timezone.localdate()
    assert document.source == Document.Source.ISSUED and document.issued_on == today
    assert document.valid_until == today + timedelta(days=30)
    assert f"/dosar/document/{document.public_id}/" in page
    entry = RegistryEntry.objects.get(document=document)
    assert entry.direction == "out" and entry.recipient == maria.name
    pdf = document.file.open("rb").read()
    text = " ".join(pdftotext(pdf, tmp_path).split())
    assert "CERTIFICAT DE ATESTARE FISCALĂ" in text and maria.name in text
    assert "nu figurează cu obligații fiscale restante" in text
    assert "Str. Florilor nr. 9" in text and "Dezbatere succesorală" in text
    assert f"până la {document.valid_until:%d.%m.%Y}" in text
    assert f"Nr. {entry.reference}" in text
    report = validate(pdf)
    assert report.ok, report.message_ro
    assert Event.objects.filter(name="taxes.certificate_issued", payload__document_id=document.pk).exists()
    assert not Request.objects.filter(applicant=maria, service__slug=certificate.SERVICE_SLUG).exists()


def test_with_debts_nothing_is_issued_and_the_request_is_registered(client, users, city, pki):
    ion = Party.objects.get(user=users.ion)
    overdue = certificate.overdue_debts(ion, timezone.localdate())
    assert overdue and overdue.total > 0
    client.force_login(users.ion)
    # No identity document in the folder yet: the request is prepared and the resident completes it.
    response = client.post("/taxe/certificat/", {"scop": "Obținere credit"})
    draft = Request.objects.get(applicant=ion, service__slug=certificate.SERVICE_SLUG)
    assert draft.status == "draft" and draft.registry_entry_id is None
    assert response.status_code == 302 and response["Location"] == f"/cereri/{draft.public_id}/completare/"
    # With a valid identity document in the folder, the same draft is filed and registered at once.
    store_generated(owner=ion, institution=draft.institution, data=pdf_bytes("Carte de identitate"),
                    title="Carte de identitate", source=Document.Source.UPLOADED,
                    document_type=DocumentType.objects.get(code="act_identitate"))
    response = client.post("/taxe/certificat/", {"scop": "Obținere credit"}, follow=True)
    page = response.content.decode()
    assert not Document.objects.filter(owner=ion, document_type__code="certificat_atestare_fiscala").exists()
    filed = Request.objects.get(applicant=ion, service__slug=certificate.SERVICE_SLUG)
    assert filed.pk == draft.pk
    assert filed.registry_entry_id is not None and filed.status == "registered"
    assert filed.data["scop"] == "Obținere credit" and filed.data["cod_fiscal"] == ion.cnp
    assert filed.department.code.lower() == "itl"
    assert "obligații restante" in page and filed.registry_entry.reference in page


def test_a_purpose_not_offered_is_refused_and_nothing_saved(client, users, city):
    maria = _maria_with_a_house(users)
    client.force_login(users.maria)
    page = client.post("/taxe/certificat/", {"scop": "oricare"}, follow=True).content.decode()
    assert "Alegeți scopul pentru care cereți certificatul." in page
    assert not Document.objects.filter(owner=maria, document_type__code="certificat_atestare_fiscala").exists()
