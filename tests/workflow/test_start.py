"""A request's process starts in a worker after filing; a start that was lost is made good by the sweep."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from primaria.workflow import services
from primaria.workflow.models import ProcessDefinition, ProcessInstance, WorkflowTask
from primaria.workflow.tasks import start_missing_processes
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


def later(minutes):
    moment = timezone.now() + timedelta(minutes=minutes)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_filing_queues_the_start_of_the_process(users, django_capture_on_commit_callbacks):
    with mock.patch("primaria.workflow.tasks.start_process") as queued, \
            django_capture_on_commit_callbacks(execute=True):
        request = submitted_request(users.ion)
    queued.assert_called_once_with(request.pk)
    assert not ProcessInstance.objects.filter(request=request).exists(), "not started in the filing request"


def test_the_sweep_starts_a_process_whose_start_was_lost(users):
    with mock.patch("primaria.workflow.tasks.start_process"):  # the queued start never runs
        request = submitted_request(users.ion)
    assert services.requests_missing_a_process() == [], "within the grace period the queued start may still run"
    with later(3):
        assert services.requests_missing_a_process() == [request.pk]
        assert start_missing_processes.call_local() == {"started": 1}
        assert start_missing_processes.call_local() == {"started": 0}
    assert WorkflowTask.objects.filter(request=request, status="ready").values_list("step_id", flat=True).get() \
        == "verificare"


def test_requests_filed_before_the_process_existed_are_left_alone(users):
    with mock.patch("primaria.workflow.tasks.start_process"):
        request = submitted_request(users.ion)
    ProcessDefinition.objects.filter(service=request.service).update(published_at=timezone.now() + timedelta(minutes=1))
    with later(3):
        assert services.requests_missing_a_process() == []
