import pytest

from primaria.registry.models import RegistryEntry
from primaria.requests import services
from primaria.requests.models import Outcome, Status
from tests.factories import pdf_file, propose_and_sign, submitted_request

pytestmark = pytest.mark.django_db


def test_full_lifecycle_through_the_domain(users, pki, mailbox, django_capture_on_commit_callbacks):
    ion = users.ion
    with django_capture_on_commit_callbacks(execute=True):
        request = submitted_request(ion)
    assert request.status == Status.REGISTERED
    assert request.registry_entry.number == 1
    assert request.due_date is not None
    head, specialist = users.urb_head, users.urb_specialist
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(actor=head, request_id=request.pk, assignee=specialist)
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_completion(actor=specialist, request_id=request.pk, what="Vă rugăm să atașați planul de situație.")
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPLICANT and request.paused_on is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.complete(actor=ion, request_id=request.pk, answers={}, reply="Am atașat planul.",
                      uploads={"file": pdf_file("plan.pdf")})
    with django_capture_on_commit_callbacks(execute=True):
        request = propose_and_sign(request, specialist)
    assert request.status == Status.RESOLVED and request.outcome == Outcome.GRANTED
    outbound = RegistryEntry.objects.get(pk=request.outbound_entry_id)
    assert outbound.number == 2 and outbound.in_reply_to_id == request.registry_entry_id
    assert request.answer_document.owner == request.applicant
    subjects = [m["subject"] for m in mailbox.to("ion.popescu@example.ro")]
    assert len(subjects) >= 5
    assert any("Soluționată" in s for s in subjects)
