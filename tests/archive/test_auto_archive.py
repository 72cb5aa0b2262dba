"""Closed requests are archived automatically, into the unit their nomenclator entry names, with the
metadata of Legea 135/2007."""

import hashlib

import pytest
from django.utils import timezone

from primaria.archive import services
from primaria.archive.models import ArchiveDocument, ArchiveUnit
from primaria.archive.selectors import search
from primaria.audit.models import AuditEntry
from primaria.outbox import services as outbox
from primaria.outbox.models import Delivery
from primaria.requests import services as requests
from tests.factories import propose_and_sign, submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolve(users, pki, run_on_commit):
    """A request taken to its end: assigned, answered, signed by every signer and issued."""

    def resolve():
        request = submitted_request(users.ion)
        requests.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
        with run_on_commit():
            return propose_and_sign(request, users.urb_specialist,
                                    resolution="Adresa imobilului este strada Florilor nr. 3.")

    return resolve


def test_a_resolved_request_is_archived_with_its_documents(users, nomenclator, resolve):
    request = resolve()
    documents = list(ArchiveDocument.objects.filter(request=request).order_by("pk"))
    kinds = [d.doc_type for d in documents]
    assert kinds[0] == "Fișa cererii" and kinds[-1] == "Răspuns" and len(documents) == 2 + request.attachments.count()
    unit = documents[0].unit
    # adeverinta-nomenclatura-stradala has no entry of its own: the urbanism department's default entry
    assert unit.entry.index == "II/3" and unit.year == timezone.localdate().year and unit.retention_years == 5
    assert unit.kind == "dosar" and ArchiveUnit.objects.get(pk=unit.pk).page_count == sum(d.page_count for d in documents)
    answer = documents[-1]
    assert answer.document == request.answer_document and answer.sha256 == request.answer_document.sha256
    assert answer.issuer == "Primăria Municipiului Demo – Direcția Urbanism"
    assert answer.holder == "Primăria Municipiului Demo – Direcția Urbanism"
    assert answer.registration == request.reference and request.reference in answer.keywords
    assert answer.retention_years == 5 and answer.identifier.startswith("PMD-ARH-") and answer.archived_at
    summary = documents[0]
    with summary.original.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == summary.sha256
    assert request.service.name in summary.pages.get(number=1).text
    # Searchable through the application, by the words of the answer and of the summary sheet.
    found = {(r.document.pk, r.page) for r in search(user=users.urb_head, text='"strada Florilor"').results}
    assert (answer.pk, 1) in found
    assert AuditEntry.objects.filter(action="archive.request.archive", object_id=str(request.pk)).count() == 1


def test_archiving_twice_adds_nothing(users, nomenclator, resolve, run_on_commit):
    request = resolve()
    count = ArchiveDocument.objects.count()
    with run_on_commit():
        services.archive_request_later(request)
    runs = Delivery.objects.filter(handler="archive.request", event__subject_id=str(request.pk))
    assert [d.status for d in runs] == [Delivery.Status.DONE, Delivery.Status.DONE]  # asked again and run...
    assert ArchiveDocument.objects.count() == count  # ...adding nothing


def test_a_withdrawn_request_is_archived_too(users, nomenclator, run_on_commit):
    request = submitted_request(users.ion)
    with run_on_commit():
        requests.withdraw(actor=users.ion, request_id=request.pk, reason="Nu mai am nevoie.")
    documents = ArchiveDocument.objects.filter(request=request)
    assert documents.count() == 1 + request.attachments.count()
    assert "Retrasă" in documents.first().keywords


def _archiving(request) -> Delivery:
    return Delivery.objects.get(handler="archive.request", event__name="request.issue",
                                event__subject_id=str(request.pk))


def test_without_a_fitting_entry_the_request_waits_then_is_archived_when_the_nomenclator_has_one(
        users, city, resolve, run_on_commit):
    request = resolve()
    job = _archiving(request)
    assert job.status == Delivery.Status.PENDING and job.waiting and job.attempts == 0
    assert "nomenclator" in job.last_error
    assert not ArchiveDocument.objects.exists()
    with run_on_commit():
        services.save_entry(actor=users.secretary, institution=city, data={
            "department": request.department_id, "index": "II/9", "title": "Corespondență urbanism",
            "retention_years": "10", "default_for_department": True, "active": True,
        })
    job.refresh_from_db()
    assert job.status == Delivery.Status.DONE
    assert ArchiveDocument.objects.filter(request=request, unit__entry__index="II/9", retention_years=10).exists()


def test_a_waiting_archiving_is_retried_from_the_admin_once_the_entry_exists(users, city, resolve, admin_client,
                                                                             run_on_commit):
    """The entry is created outside the archive pages (its retry did not run): the admin's "retry" does it."""
    from primaria.archive.models import NomenclatorEntry

    request = resolve()
    job = _archiving(request)
    with run_on_commit():
        runner_run = outbox.retry([job])  # the admin retries too early: it waits again, attempts untouched
    job.refresh_from_db()
    assert runner_run == 1 and job.waiting and job.attempts == 0
    entry = NomenclatorEntry.objects.create(institution=city, department=request.department, index="II/9",
                                            title="Corespondență urbanism", retention_years=10,
                                            default_for_department=True)
    assert entry.pk and not ArchiveDocument.objects.exists()
    with run_on_commit():
        response = admin_client.post("/admin/outbox/delivery/", {"action": "retry", "_selected_action": [job.pk]})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Delivery.Status.DONE
    assert ArchiveDocument.objects.filter(request=request, unit__entry__index="II/9").exists()


def test_open_requests_are_not_archived(users, nomenclator):
    request = submitted_request(users.ion)
    assert services.archive_request(request.pk) == []


def test_a_failure_in_archiving_never_breaks_the_request(users, nomenclator, run_on_commit, monkeypatch):
    monkeypatch.setattr(services, "archive_request", lambda *a, **k: 1 / 0)
    request = submitted_request(users.ion)
    with run_on_commit():
        requests.withdraw(actor=users.ion, request_id=request.pk, reason="")
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_the_demo_city_command_gives_every_service_a_place_in_the_filing_plan(db):
    """`make run` loads the city with `load_demo_city`: no service's resolved requests may wait for an entry."""
    from io import StringIO
    from types import SimpleNamespace

    from django.core.management import call_command

    from primaria.archive.services import entry_for_request
    from primaria.catalog.models import Service

    call_command("load_demo_city", "--quiet", stdout=StringIO())
    services = list(Service.objects.all())
    assert services
    homeless = [s.name for s in services
                if entry_for_request(SimpleNamespace(institution_id=s.institution_id, service_id=s.pk,
                                                     department_id=s.department_id)) is None]
    assert homeless == []
