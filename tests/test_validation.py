"""Bad input gets a clear Romanian message and nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from primaria.accounts.models import Party, User
from primaria.accounts.selectors import person_of
from primaria.catalog.models import FieldKind, FormField, Service
from primaria.core.errors import DomainError
from primaria.documents.models import Document
from primaria.requests import services
from primaria.requests.models import Request, Status
from tests.factories import answers_for, pdf_file, uploads_for

pytestmark = pytest.mark.django_db

SLUG = "adeverinta-nomenclatura-stradala"


@pytest.fixture
def service(city):
    """The demo service with one field of every identifier kind added, as an admin would configure it."""
    service = Service.objects.get(slug=SLUG)
    for order, (name, kind) in enumerate([("cnp_x", FieldKind.CNP), ("cui_x", FieldKind.CUI), ("iban_x", FieldKind.IBAN),
                                          ("email_x", FieldKind.EMAIL), ("tel_x", FieldKind.PHONE)], start=50):
        FormField.objects.create(service=service, order=order, name=name, label=name, kind=kind, required=True)
    return service


@pytest.fixture
def draft(users, service):
    return services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)


def _save(user, draft, **answers):
    base = answers_for(draft.service)
    base.update(answers)
    return services.save_draft(actor=user, request_id=draft.pk, answers=base)


@pytest.mark.parametrize("field,value,message", [
    ("cnp_x", "1800101350019", "CNP-ul nu este valid: cifra de control nu se potrivește."),
    ("cnp_x", "18001013500", "CNP-ul trebuie să aibă exact 13 cifre."),
    ("cnp_x", "1801301350018", "CNP-ul nu corespunde unei date de naștere sau unui județ valid."),
    ("cui_x", "18547291", "CUI-ul nu este valid: cifra de control nu se potrivește."),
    ("iban_x", "RO49AAAA1B31007593840001", "IBAN-ul nu este valid: cifrele de control nu se potrivesc."),
    ("iban_x", "RO49AAAA1B3100759384", "IBAN-ul nu are lungimea corectă (în România are 24 de caractere)."),
    ("email_x", "ion.popescu@", "Adresa de e-mail nu este validă (exemplu: nume@exemplu.ro)."),
    ("tel_x", "12345", "Numărul de telefon nu este valid (exemplu: 0722 123 456 sau +40 256 123 456)."),
])
def test_invalid_identifiers_are_refused_in_romanian_and_nothing_is_saved(users, draft, field, value, message):
    with pytest.raises(DomainError) as caught:
        _save(users.ion, draft, **{field: value})
    assert caught.value.message_dict == {field: [message]}
    draft.refresh_from_db()
    assert draft.data == {}


def test_missing_required_fields_block_submission_with_a_message_per_field(users, draft):
    with pytest.raises(DomainError) as caught:
        services.submit(actor=users.ion, request_id=draft.pk)
    errors = caught.value.message_dict
    required = [f for f in draft.service.fields.all() if f.required and f.kind != FieldKind.FILE]
    for field in required:
        assert errors[field.name] == [f"Completați câmpul „{field.label}”."]
    assert any(key.startswith("doc_") and "Atașați documentul" in msgs[0] for key, msgs in errors.items())
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.registry_entry is None


def test_a_file_of_the_wrong_type_by_content_is_refused_and_nothing_is_kept(users, draft):
    fake = SimpleUploadedFile("buletin.pdf", b"Acesta nu este un PDF, doar text.\n" * 20, content_type="application/pdf")
    slot = f"doc_{draft.service.required_documents.first().pk}"
    good_answers = answers_for(draft.service)
    with pytest.raises(DomainError) as caught:
        services.save_draft(actor=users.ion, request_id=draft.pk, answers=good_answers, uploads={slot: fake})
    assert "nu este de un tip acceptat" in caught.value.message_dict[slot][0]
    assert "după conținut" in caught.value.message_dict[slot][0]
    draft.refresh_from_db()
    assert draft.data == {} and not draft.attachments.exists() and not Document.objects.exists()


def test_an_oversized_file_is_refused_and_no_file_is_left_behind(users, draft, settings, tmp_path):
    settings.PRIMARIA_MAX_UPLOAD_MB = 1
    slots = list(uploads_for(draft.service))
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10), content_type="application/pdf")
    uploads = {slots[0]: pdf_file("ok.pdf"), slots[-1]: big} if len(slots) > 1 else {slots[0]: big}
    with pytest.raises(DomainError) as caught:
        services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(draft.service), uploads=uploads)
    assert "dimensiunea maximă acceptată este 1 MB" in caught.value.message_dict[slots[-1]][0]
    assert not Document.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_signup_with_invalid_cnp_and_email_saves_nothing(client, city):
    response = client.post("/cont/inregistrare/", {
        "first_name": "Ana", "last_name": "Pop", "cnp": "1234567890123", "email": "ana@", "address": "Str. X nr. 1",
        "password": "o-parola-lunga-2026",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Există o problemă" in page
    assert "CNP-ul nu este valid" in page or "CNP-ul nu corespunde" in page
    assert "Adresa de e-mail nu este validă" in page
    assert not User.objects.filter(first_name="Ana").exists()
    assert not Party.objects.filter(name="Ana Pop").exists()


def test_urgent_is_refused_where_the_service_offers_none(users, city):
    service = Service.objects.get(slug="certificat-de-urbanism")
    draft = services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    with pytest.raises(DomainError) as caught:
        services.save_draft(actor=users.ion, request_id=draft.pk, answers={}, urgent=True)
    assert caught.value.message_dict["urgent"] == ["Acest serviciu nu are regim de urgență."]
    assert Request.objects.get(pk=draft.pk).urgent is False


def test_the_filing_page_shows_the_error_summary_and_keeps_nothing(client, users, draft):
    client.force_login(users.ion)
    response = client.post(f"/cereri/{draft.public_id}/completare/", {"cnp_x": "1800101350019", "action": "continue"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Există o problemă" in page and 'href="#f-cnp_x"' in page
    assert "CNP-ul nu este valid: cifra de control nu se potrivește." in page
    draft.refresh_from_db()
    assert draft.data == {}
