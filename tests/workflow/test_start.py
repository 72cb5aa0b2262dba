"""A request's process starts in a worker after filing, from the filing's event; a start that was lost (the
queue down, the worker killed) is made good by the outbox's sweep, once."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from primaria.outbox import services as outbox
from primaria.outbox.models import Delivery
from primaria.outbox.tasks import sweep_deliveries
from primaria.workflow.models import ProcessInstance, WorkflowTask
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


def test_filing_records_the_start_of_the_process_with_the_filing(users):
    with mock.patch.object(outbox, "wake"):  # no worker runs
        request = submitted_request(users.ion)
    start = Delivery.objects.get(handler="workflow.start", event__subject_id=str(request.pk))
    assert start.event.name == "request.submit" and start.status == Delivery.Status.PENDING
    assert not ProcessInstance.objects.filter(request=request).exists(), "not started in the filing request"


def test_the_sweep_starts_a_process_whose_start_was_lost_and_only_once(users, django_capture_on_commit_callbacks):
    with mock.patch.object(outbox, "wake"):  # the nudge after commit is lost
        request = submitted_request(users.ion)
    start = Delivery.objects.get(handler="workflow.start", event__subject_id=str(request.pk))
    assert sweep_deliveries.call_local() == 0, "within the grace period the nudge may still arrive"
    Delivery.objects.filter(pk=start.pk).update(available_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_deliveries.call_local() >= 1
    start.refresh_from_db()
    assert start.status == Delivery.Status.DONE and start.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        outbox.retry([start])  # an admin's retry of a done delivery changes nothing
        sweep_deliveries.call_local()
    assert ProcessInstance.objects.filter(request=request).count() == 1
    assert WorkflowTask.objects.filter(request=request, status="ready").values_list("step_id", flat=True).get() \
        == "verificare"
