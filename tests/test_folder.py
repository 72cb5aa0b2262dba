"""The personal folder (dosar unic) as its owner reads it."""

from datetime import date

import pytest

from primaria.core import terms
from primaria.core.templatetags.primaria import file_size
from primaria.documents.models import Document
from primaria.requests import services
from tests.factories import answers_for, propose_and_sign, submitted_request, uploads_for


def _folder(client, user) -> str:
    client.force_login(user)
    response = client.get("/dosar/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_drafts_files_stay_with_the_draft_until_it_is_filed_then_link_to_the_request(client, users):
    from primaria.catalog.models import Service

    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    draft = services.start_draft(actor=users.ion, party=users.ion.person, service=service)
    services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(service),
                        uploads=uploads_for(service))
    titles = list(Document.objects.filter(attachments__request=draft).values_list("title", flat=True))
    assert titles
    page = _folder(client, users.ion)
    assert not any(title in page for title in titles), "a draft's files are not in the folder yet"

    filed = services.submit(actor=users.ion, request_id=draft.pk)
    page = _folder(client, users.ion)
    assert all(title in page for title in titles)
    assert f'href="/cereri/{filed.public_id}/">cererea nr. {filed.reference}</a>' in page


@pytest.mark.parametrize("size, shown", [
    (0, "0 B"), (999, "999 B"), (1000, "1 kB"), (12_345, "12 kB"), (999_499, "999 kB"),
    (1_000_000, "1,0 MB"), (1_450_000, "1,4 MB"), (12_600_000, "12,6 MB"), ("x", ""), (None, ""),
])
def test_file_sizes_read_in_kb_and_mb(size, shown):
    assert file_size(size) == shown


@pytest.mark.parametrize("start, months, end", [
    (date(2026, 12, 6), 12, date(2027, 12, 6)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 31 February: the last day of the month
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 3, 15), 24, date(2028, 3, 15)),
])
def test_a_term_in_months_ends_on_the_same_day_of_the_last_month(start, months, end):
    assert terms.add_months(start, months) == end


def test_a_certificat_de_urbanism_is_in_the_folder_with_its_type_and_twelve_months_of_validity(client, users, pki):
    request = submitted_request(users.ion, slug="certificat-de-urbanism")
    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    resolved = propose_and_sign(request, users.urb_specialist)
    answer = resolved.answer_document
    assert answer.document_type.code == "certificat_urbanism"
    assert answer.valid_until == terms.add_months(answer.issued_on, 12)
    page = _folder(client, users.ion)
    assert answer.valid_until.strftime("%d.%m.%Y") in page and "Certificat de urbanism" in page
    assert f"Răspuns la <a href=\"/cereri/{resolved.public_id}/\">" in page


def test_a_refusal_is_a_letter_without_type_or_validity(users, pki):
    request = submitted_request(users.ion, slug="certificat-de-urbanism")
    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    resolved = propose_and_sign(request, users.urb_specialist, outcome="rejected",
                                resolution="Terenul nu se află în intravilan.")
    answer = resolved.answer_document
    assert answer.document_type is None and answer.valid_until is None


def _upload(user, title="Extras de carte funciară"):
    from primaria.documents.services import store_document
    from primaria.institutions.selectors import main_institution
    from tests.factories import pdf_file

    return store_document(owner=user.person, institution=main_institution(), uploaded=pdf_file(),
                          source=Document.Source.UPLOADED, title=title, created_by=user)


def test_a_resident_removes_an_upload_nothing_needs_and_its_file_goes_with_the_outbox(client, users):
    from primaria.audit.models import AuditEntry
    from primaria.outbox import runner

    document = _upload(users.ion)
    name, storage = document.file.name, document.file.storage
    assert storage.exists(name)
    client.force_login(users.ion)
    assert f'action="/dosar/document/{document.public_id}/sterge/"' in client.get("/dosar/").content.decode()
    response = client.post(f"/dosar/document/{document.public_id}/sterge/", follow=True)
    assert "a fost șters din dosar" in response.content.decode()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert AuditEntry.objects.filter(action="documents.remove_upload", actor=users.ion).exists()
    runner.drain()
    assert not storage.exists(name)


def test_what_a_request_the_register_or_the_institution_holds_stays_in_the_folder(client, users):
    filed = submitted_request(users.ion)
    attached = filed.attachments.first().document
    client.force_login(users.ion)
    page = client.get("/dosar/").content.decode()
    assert f"/dosar/document/{attached.public_id}/sterge/" not in page
    response = client.post(f"/dosar/document/{attached.public_id}/sterge/", follow=True)
    assert "rămâne în dosar" in response.content.decode()
    assert Document.objects.filter(pk=attached.pk).exists()


def test_nobody_else_removes_a_residents_upload(client, users):
    document = _upload(users.ion)
    client.force_login(users.maria)
    assert client.post(f"/dosar/document/{document.public_id}/sterge/").status_code == 404
    client.force_login(users.urb_specialist)
    assert client.post(f"/dosar/document/{document.public_id}/sterge/").status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_resident_throws_away_a_draft_with_the_files_only_it_needed(client, users):
    from primaria.audit.models import AuditEntry
    from primaria.catalog.models import Service
    from primaria.outbox import runner
    from primaria.requests.models import Request, TimelineEvent

    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    draft = services.start_draft(actor=users.ion, party=users.ion.person, service=service)
    services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(service),
                        uploads=uploads_for(service))
    files = [(d.file.storage, d.file.name) for d in Document.objects.filter(attachments__request=draft)]
    assert files and all(storage.exists(name) for storage, name in files)
    client.force_login(users.ion)
    assert f'action="/cereri/{draft.public_id}/sterge/"' in client.get("/cereri/").content.decode()
    page = client.post(f"/cereri/{draft.public_id}/sterge/", follow=True).content.decode()
    assert "Ciorna a fost ștearsă" in page
    assert not Request.objects.filter(pk=draft.pk).exists()
    assert not TimelineEvent.objects.filter(request_id=draft.pk).exists()
    assert not Document.objects.filter(owner=users.ion.person, attachments__isnull=True,
                                       source=Document.Source.UPLOADED).exists()
    assert AuditEntry.objects.filter(action="request.discard", actor=users.ion).exists()
    runner.drain()
    assert not any(storage.exists(name) for storage, name in files)


def test_a_filed_request_or_someone_elses_draft_cannot_be_thrown_away(client, users):
    from primaria.catalog.models import Service
    from primaria.core.models import DeletionForbidden
    from primaria.requests.models import Request

    filed = submitted_request(users.ion)
    client.force_login(users.ion)
    page = client.post(f"/cereri/{filed.public_id}/sterge/", follow=True).content.decode()
    assert "Ciorna a fost ștearsă" not in page
    assert Request.objects.filter(pk=filed.pk).exists()
    with pytest.raises(DeletionForbidden):
        Request.objects.filter(pk=filed.pk).delete()

    draft = services.start_draft(actor=users.ion, party=users.ion.person,
                                 service=Service.objects.get(slug="adeverinta-nomenclatura-stradala"))
    client.force_login(users.maria)
    assert client.post(f"/cereri/{draft.public_id}/sterge/").status_code == 404
    assert Request.objects.filter(pk=draft.pk).exists()


def test_a_file_a_draft_shares_with_a_filed_request_stays(users):
    from primaria.requests.models import Request

    filed = submitted_request(users.ion)
    reused = filed.attachments.first()
    draft = services.start_draft(actor=users.ion, party=users.ion.person, service=filed.service)
    services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(filed.service), uploads={},
                        reuse={(reused.field_name or f"doc_{reused.required_document_id}"): str(reused.document.public_id)})
    services.discard_draft(actor=users.ion, request_id=draft.pk)
    assert not Request.objects.filter(pk=draft.pk).exists()
    assert Document.objects.filter(pk=reused.document_id).exists()
