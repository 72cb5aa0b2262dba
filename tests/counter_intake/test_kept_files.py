"""The counter form shows every error at once and keeps the scanned files that passed the check."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from primaria.accounts.models import Party
from primaria.catalog.models import Service
from primaria.documents.models import Document
from primaria.institutions.models import Position, Role
from primaria.requests import staging
from primaria.requests.models import Request, StagedUpload
from primaria.requests.services import _attachment_slots
from tests.factories import answers_for, pdf_file

pytestmark = pytest.mark.django_db

URL = "/birou/ghiseu/"
SLUG = "declaratie-fiscala-mijloace-transport"
CNP = "1900722350036"


def _service():
    return Service.objects.get(slug=SLUG)


def _slots(service):
    return [key for key, slot in _attachment_slots(service).items() if slot["required"]]


def _form(service, *, cnp=CNP, drop_answer=None, files=None, extra=None):
    data = {"service": service.pk, "kind": "person", "name": "Vasile Georgescu", "identifier": cnp,
            "address": "Str. Teiului nr. 9, Municipiul Demo"}
    for name, value in answers_for(service).items():
        if name != drop_answer:
            data[f"q_{name}"] = value
    for key, file in (files or {}).items():
        data[f"u_{key}"] = file
    data.update(extra or {})
    return data


def _tokens(html):
    return dict(re.findall(r'name="t_([\w]+)" value="([^"]+)"', html))


def _first_failing_submit(client, service):
    """A missing answer, an invalid CNP, one bad file and two good ones."""
    bad, good1, good2 = _slots(service)
    missing = next(f for f in service.fields.all() if f.required and f.kind != "file")
    files = {bad: SimpleUploadedFile("stricat.pdf", b"nu este un pdf", content_type="application/pdf"),
             good1: pdf_file("act-proprietate.pdf", text="Act"), good2: pdf_file("carte-identitate.pdf", text="CI")}
    response = client.post(URL, _form(service, cnp="1900722350037", drop_answer=missing.name, files=files))
    return response, missing, (bad, good1, good2)


def test_every_error_at_once_and_good_files_are_kept(client, users):
    service = _service()
    client.force_login(users.clerk)
    response, missing, (bad, good1, good2) = _first_failing_submit(client, service)
    assert response.status_code == 200
    errors = response.context["errors"]
    assert {"identifier", missing.name, bad} <= set(errors)
    assert good1 not in errors and good2 not in errors
    html = response.content.decode()
    for key in ("identifier", missing.name, bad):  # in the summary, linked to the field, and next to the field
        assert f'href="#f-{key}"' in html and f'id="err-{key}"' in html
    assert "Fișier păstrat: <strong>act-proprietate.pdf</strong>" in html
    assert "Fișier păstrat: <strong>carte-identitate.pdf</strong>" in html and "înlocuiește" in html
    assert set(_tokens(html)) == {good1, good2}  # the bad file is not kept
    # Nothing of the request is saved; only the two checked files wait, stored once.
    assert not Request.objects.exists() and not Document.objects.exists()
    assert not Party.objects.filter(cnp__in=[CNP, "1900722350037"]).exists()
    kept = StagedUpload.objects.all()
    assert sorted(kept.values_list("slot", flat=True)) == sorted([good1, good2])
    assert all(Document._meta.get_field("file").storage.exists(s.file_name) for s in kept)


def test_resubmitting_without_choosing_again_files_with_the_kept_files(client, users):
    service = _service()
    client.force_login(users.clerk)
    response, _missing, (bad, good1, good2) = _first_failing_submit(client, service)
    tokens = _tokens(response.content.decode())
    kept = {s.slot: s for s in StagedUpload.objects.all()}
    extra = {f"t_{key}": token for key, token in tokens.items()}
    done = client.post(URL, _form(service, files={bad: pdf_file("buna.pdf", text="Bun")}, extra=extra))
    assert done.status_code == 302 and "/birou/ghiseu/" in done["Location"]
    request = Request.objects.get()
    documents = {a.required_document_id and f"doc_{a.required_document_id}": a.document for a in request.attachments.all()}
    assert set(documents) == {bad, good1, good2}
    for key in (good1, good2):  # the kept file became the document as it was: same id, same stored file
        assert documents[key].public_id == kept[key].document_id
        assert documents[key].file.name == kept[key].file_name and documents[key].owner == request.applicant
    assert documents[good1].original_name == "act-proprietate.pdf"
    assert not StagedUpload.objects.exists()
    assert Document.objects.count() == 3
    # The same tokens cannot be used again.
    again = client.post(URL, _form(service, extra=extra))
    assert again.status_code == 200 and staging.REFUSED in again.content.decode()
    assert Request.objects.count() == 1


def test_the_replace_box_drops_the_kept_file(client, users):
    service = _service()
    client.force_login(users.clerk)
    response, _missing, (_bad, good1, _good2) = _first_failing_submit(client, service)
    tokens = _tokens(response.content.decode())
    again = client.post(URL, _form(service, extra={f"t_{good1}": tokens[good1], f"r_{good1}": "1"}))
    assert good1 in again.context["errors"] and good1 not in _tokens(again.content.decode())


def test_another_clerks_token_is_refused(client, users):
    service = _service()
    client.force_login(users.clerk)
    response, _missing, (bad, good1, good2) = _first_failing_submit(client, service)
    tokens = _tokens(response.content.decode())
    other = users.reg_specialist
    clerk_position = Position.objects.filter(user=users.clerk, role=Role.REGISTRY_CLERK).first()
    Position.objects.create(user=other, department=clerk_position.department, role=Role.REGISTRY_CLERK,
                            function="Registratură")
    client.force_login(other)
    extra = {f"t_{key}": token for key, token in tokens.items()}
    refused = client.post(URL, _form(service, files={bad: pdf_file("buna.pdf", text="Bun")}, extra=extra))
    assert refused.status_code == 200
    assert refused.context["errors"][good1] == staging.REFUSED and refused.context["errors"][good2] == staging.REFUSED
    assert not Request.objects.exists() and good1 not in _tokens(refused.content.decode())
    # A token re-signed for the other clerk still names a file that clerk never kept.
    forged = signing.dumps({"s": str(StagedUpload.objects.get(slot=good1).public_id), "u": other.pk},
                           salt=staging.SALT)
    with pytest.raises(ValidationError) as caught:
        staging.resolve(forged, clerk=other, institution=service.institution, key=good1)
    assert staging.REFUSED in str(caught.value)


def test_tampered_and_expired_tokens_are_refused(client, users, monkeypatch):
    service = _service()
    client.force_login(users.clerk)
    response, _missing, (bad, good1, good2) = _first_failing_submit(client, service)
    tokens = _tokens(response.content.decode())
    tampered = client.post(URL, _form(service, extra={f"t_{good1}": tokens[good1][:-2] + "xx"}))
    assert tampered.context["errors"][good1] == staging.REFUSED
    # A token past its two hours: the signature itself has expired.
    later = timezone.now().timestamp() + staging.MAX_AGE + 60
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    with pytest.raises(ValidationError) as caught:
        staging.resolve(tokens[good2], clerk=users.clerk, institution=service.institution, key=good2)
    assert caught.value.messages == [staging.REFUSED]
    monkeypatch.undo()
    # A kept file older than two hours is refused too, even if the job has not removed it yet.
    StagedUpload.objects.update(created_at=timezone.now() - timedelta(seconds=staging.MAX_AGE + 60))
    expired = client.post(URL, _form(service, extra={f"t_{good2}": tokens[good2]}))
    assert expired.context["errors"][good2] == staging.REFUSED
    assert not Request.objects.exists()


def test_the_cleanup_job_removes_abandoned_files_and_rows(client, users):
    from primaria.requests.tasks import remove_abandoned_counter_uploads

    service = _service()
    client.force_login(users.clerk)
    _first_failing_submit(client, service)
    storage = Document._meta.get_field("file").storage
    old = list(StagedUpload.objects.all())
    assert len(old) == 2
    StagedUpload.objects.filter(pk=old[0].pk).update(created_at=timezone.now() - timedelta(hours=3))
    remove_abandoned_counter_uploads.call_local()
    assert list(StagedUpload.objects.values_list("pk", flat=True)) == [old[1].pk]  # the recent one stays
    assert not storage.exists(old[0].file_name) and storage.exists(old[1].file_name)


def test_kept_files_are_not_reachable_by_url(client, users):
    service = _service()
    client.force_login(users.clerk)
    response, _missing, _slots_ = _first_failing_submit(client, service)
    html = response.content.decode()
    for staged in StagedUpload.objects.all():
        assert staged.file_name not in html and str(staged.document_id) not in html and str(staged.public_id) not in html
        assert client.get(f"/media/{staged.file_name}").status_code == 404


def test_answers_and_missing_documents_are_reported_together(client, users):
    service = _service()
    client.force_login(users.clerk)
    missing = next(f for f in service.fields.all() if f.required and f.kind != "file")
    bad, good1, good2 = _slots(service)
    response = client.post(URL, _form(service, drop_answer=missing.name, files={good1: pdf_file("a.pdf", text="A")}))
    assert response.status_code == 200
    assert {missing.name, bad, good2} <= set(response.context["errors"]) and good1 not in response.context["errors"]
    assert not Request.objects.exists() and not Document.objects.exists()
    assert not Party.objects.filter(cnp=CNP).exists()
    assert list(StagedUpload.objects.values_list("slot", flat=True)) == [good1]
