import pytest


@pytest.fixture
def closed_request(users):
    """closed_request(user=None, slug=…): a request filed online and closed with its answer issued, as far as the
    survey is concerned (status resolved, the `request.issue` event recorded); the signatures are tested elsewhere."""
    from django.db import transaction
    from django.utils import timezone

    from primaria.outbox.services import record as record_event
    from primaria.requests.models import Outcome, Request, Status
    from tests.factories import submitted_request

    def make(user=None, slug="adeverinta-nomenclatura-stradala"):
        request = submitted_request(user or users.ion, slug=slug)
        with transaction.atomic():
            Request.objects.filter(pk=request.pk).update(status=Status.RESOLVED, outcome=Outcome.GRANTED,
                                                         resolved_at=timezone.now())
            record_event("request.issue", request, request_id=request.pk, action="issue", status=Status.RESOLVED)
        return Request.objects.get(pk=request.pk)

    return make


def drain():
    from primaria.outbox import runner

    runner.drain()


def path_of(link: str) -> str:
    return link[link.index("/chestionar/"):]
