"""Officials are reminded before a term ends; overdue requests escalate to the head of department."""

from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from primaria.requests import services
from primaria.requests.models import TimelineEvent
from primaria.requests.tasks import remind_and_escalate
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


def _at(day):
    """Move the clock: both `now` and `localdate` as the scheduled job sees them."""
    moment = timezone.make_aware(datetime.combine(day, time(9, 5)))
    return mock.patch.multiple("django.utils.timezone", now=mock.Mock(return_value=moment),
                               localdate=mock.Mock(return_value=day))


@pytest.fixture
def assigned(users):
    request = submitted_request(users.ion)
    return services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)


def test_the_job_reminds_the_assignee_once_before_the_term_ends(users, assigned, mailbox,
                                                                 django_capture_on_commit_callbacks):
    due = assigned.due_date
    with _at(due - timedelta(days=20)), django_capture_on_commit_callbacks(execute=True):
        assert remind_and_escalate.call_local() == {"reminded": 0, "escalated": 0}
    with _at(due - timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        assert remind_and_escalate.call_local() == {"reminded": 1, "escalated": 0}
        assert remind_and_escalate.call_local() == {"reminded": 0, "escalated": 0}  # once per due date
    [message] = mailbox.to("urb.specialist@primaria-demo.ro")
    assert message["subject"] == f"Termen aproape: cererea nr. {assigned.reference}"
    assert f"{due:%d.%m.%Y}" in message["body"]
    assert not mailbox.to("ion.popescu@example.ro")  # the applicant is not bothered with internal reminders


def test_an_overdue_request_escalates_to_the_head_under_an_advanced_clock(users, assigned, mailbox,
                                                                          django_capture_on_commit_callbacks):
    late = assigned.due_date + timedelta(days=3)
    with _at(late), django_capture_on_commit_callbacks(execute=True):
        result = remind_and_escalate.call_local()
    assert result["escalated"] == 1
    [message] = mailbox.to("urb.sef@primaria-demo.ro")
    assert message["subject"] == f"Termen depășit: cererea nr. {assigned.reference}"
    assert "Responsabil: Vlad Neagu." in message["body"]
    event = TimelineEvent.objects.filter(request=assigned, action="escalate").get()
    assert not event.public and "semnalată șefului compartimentului (Radu Enache)" in event.message
    with _at(late + timedelta(days=1)):
        assert remind_and_escalate.call_local()["escalated"] == 0  # escalated once for this due date


def test_a_paused_request_is_neither_reminded_nor_escalated(users, assigned):
    services.ask_completion(actor=users.urb_specialist, request_id=assigned.pk, what="Atașați planul de situație.")
    with _at(assigned.due_date + timedelta(days=10)):
        assert remind_and_escalate.call_local() == {"reminded": 0, "escalated": 0}
