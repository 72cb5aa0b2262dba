"""Time limits of process steps: counted in working time, stopped while the applicant completes the request,
reminded before they end and escalated when they pass, by the scheduled job under an advanced clock."""

from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from primaria.core import terms
from primaria.core.models import ExtraNonWorkingDay
from primaria.requests import services as request_services
from primaria.requests.models import TimelineEvent
from primaria.workflow import services
from primaria.workflow.models import WorkflowTask
from primaria.workflow.tasks import remind_and_escalate_steps
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db

CU = "certificat-de-urbanism"


def local(day: date, hour=9, minute=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def clock(moment: datetime):
    """Move the clock for the domain and the scheduled job: `now` and `localdate`."""
    return mock.patch.multiple("django.utils.timezone", now=mock.Mock(return_value=moment),
                               localdate=mock.Mock(return_value=timezone.localtime(moment).date()))


# --- working time --------------------------------------------------------------------------------------

D, H = timedelta(days=1), timedelta(hours=1)

WORKING_TIME = [
    # start (local), limit, due (local), why
    (local(date(2026, 11, 25), 10), 2 * D, local(date(2026, 11, 27), 10), "Wednesday + 2 days: Friday"),
    (local(date(2026, 11, 26), 15), 2 * D, local(date(2026, 12, 2), 15),
     "Thursday + 2 days: Friday, then the weekend, 30 November and 1 December do not count"),
    (local(date(2026, 12, 24), 10), D, local(date(2026, 12, 28), 10), "Christmas and the weekend"),
    (local(date(2026, 12, 31), 12), D, local(date(2027, 1, 4), 12), "1-2 January and the weekend"),
    (local(date(2027, 1, 22), 9), D, local(date(2027, 1, 25), 9), "24 January falls on a Sunday in 2027"),
    (local(date(2026, 1, 23), 9), D, local(date(2026, 1, 26), 9), "24 January 2026 is a Saturday"),
    (local(date(2026, 4, 8), 12), 2 * D, local(date(2026, 4, 14), 12),
     "Orthodox Good Friday (10 April), Easter and Easter Monday (13 April)"),
    (local(date(2026, 4, 30), 16), D, local(date(2026, 5, 4), 16), "1 May and the weekend"),
    (local(date(2026, 5, 29), 8), D, local(date(2026, 6, 2), 8), "Pentecost Monday and 1 June (the same day in 2026)"),
    (local(date(2026, 8, 14), 11), D, local(date(2026, 8, 17), 11), "15 August is a Saturday in 2026"),
    (local(date(2026, 11, 27), 20), 8 * H, local(date(2026, 12, 2), 4),
     "hours count on working days too: 4 on Friday evening, 4 after the holidays"),
    (local(date(2026, 11, 28), 10), 4 * H, local(date(2026, 12, 2), 4), "started on a Saturday: counts from Wednesday"),
    (local(date(2026, 10, 23), 12), D, local(date(2026, 10, 26), 12), "across the end of summer time (25 October)"),
    (local(date(2026, 3, 27), 12), D, local(date(2026, 3, 30), 12), "across the start of summer time (29 March)"),
]


@pytest.mark.parametrize("start, limit, due, why", WORKING_TIME, ids=[row[3] for row in WORKING_TIME])
def test_working_time_table(start, limit, due, why):
    assert terms.add_working_time(start, limit) == due, why
    assert terms.working_time_between(start, due) == limit, why


def test_extra_non_working_days_count_too():
    ExtraNonWorkingDay.objects.create(date=date(2026, 12, 4), reason="Punte declarată de Guvern")
    terms.forget_extra_days()
    try:
        assert terms.add_working_time(local(date(2026, 12, 3), 9), D) == local(date(2026, 12, 7), 9)
    finally:
        terms.forget_extra_days()


# --- a request's steps -----------------------------------------------------------------------------------

FILED = local(date(2026, 12, 2), 9)  # a Wednesday: the documents check (P2D) is due on Friday at 9:00


@pytest.fixture
def filed(users, committed):
    with clock(FILED):
        return committed(submitted_request, users.ion, slug=CU)


def check_step(request) -> WorkflowTask:
    return WorkflowTask.objects.get(request=request, step_id="verificare")


def run_job(moment, django_capture_on_commit_callbacks):
    with clock(moment), django_capture_on_commit_callbacks(execute=True):
        return remind_and_escalate_steps.call_local()


def test_a_step_is_due_after_its_time_limit_in_working_time(filed):
    assert check_step(filed).due_at == local(date(2026, 12, 4), 9)


def test_the_steps_clock_stops_while_the_applicant_completes_the_request(users, filed, committed,
                                                                        django_capture_on_commit_callbacks):
    with clock(local(date(2026, 12, 3), 8)):
        committed(request_services.assign, actor=users.urb_head, request_id=filed.pk, assignee=users.urb_specialist)
    with clock(local(date(2026, 12, 3), 9)):  # one working day of the step left
        committed(request_services.ask_completion, actor=users.urb_specialist, request_id=filed.pk,
                  what="Atașați planul de situație la scara 1:500.")
    task = check_step(filed)
    assert task.paused_at == local(date(2026, 12, 3), 9) and not task.is_overdue
    # Long past the step's original due date nothing is reminded or escalated: the step is suspended.
    assert run_job(local(date(2026, 12, 7), 12), django_capture_on_commit_callbacks) == {"reminded": 0, "escalated": 0}

    with clock(local(date(2026, 12, 8), 9)):  # the applicant answers on Tuesday
        committed(request_services.complete, actor=users.ion, request_id=filed.pk, answers={},
                  reply="Am atașat planul de situație.")
    task = check_step(filed)
    assert task.paused_at is None
    assert task.due_at == local(date(2026, 12, 9), 9), "the one working day left runs again from Tuesday"
    line = TimelineEvent.objects.filter(request=filed, action="note_step").last()
    assert not line.public and "Verificarea documentelor – până la 09.12.2026, 09:00" in line.message


def test_the_job_reminds_then_escalates_a_late_step_once(users, filed, committed, mailbox,
                                                          django_capture_on_commit_callbacks):
    with clock(FILED):
        committed(request_services.assign, actor=users.urb_head, request_id=filed.pk, assignee=users.urb_specialist)
    # A quarter of the two days is left from Thursday 21:00 on.
    assert run_job(local(date(2026, 12, 3), 20), django_capture_on_commit_callbacks) == {"reminded": 0, "escalated": 0}
    assert run_job(local(date(2026, 12, 3), 21, 15), django_capture_on_commit_callbacks) == {"reminded": 1,
                                                                                               "escalated": 0}
    assert run_job(local(date(2026, 12, 3), 22), django_capture_on_commit_callbacks) == {"reminded": 0, "escalated": 0}
    [reminder] = mailbox.to("urb.specialist@primaria-demo.ro")
    assert reminder["subject"] == f"Termen aproape: Verificarea documentelor, cererea nr. {filed.reference}"
    assert "trebuie încheiat până la 04.12.2026, 09:00" in reminder["body"]

    assert run_job(local(date(2026, 12, 4), 10), django_capture_on_commit_callbacks) == {"reminded": 0, "escalated": 1}
    assert run_job(local(date(2026, 12, 7), 10), django_capture_on_commit_callbacks) == {"reminded": 0, "escalated": 0}
    [escalation] = mailbox.to("urb.sef@primaria-demo.ro")
    assert escalation["subject"] == f"Termen depășit: Verificarea documentelor, cererea nr. {filed.reference}"
    assert "a expirat la 04.12.2026, 09:00" in escalation["body"] and "Responsabil: Vlad Neagu." in escalation["body"]
    assert not [m for m in mailbox.to("ion.popescu@example.ro") if "Termen" in m["subject"]], "internal matters"
    task = check_step(filed)
    assert task.escalated_at == local(date(2026, 12, 4), 10)
    lines = [e.message for e in TimelineEvent.objects.filter(request=filed, action="note_step", public=False)]
    assert any("Memento: termenul pasului „Verificarea documentelor” expiră la 04.12.2026, 09:00; anunțați: Vlad Neagu."
               == m for m in lines)
    assert any("semnalat: Radu Enache" in m for m in lines)


def test_a_queue_step_nobody_took_is_for_the_head_and_a_heads_step_escalates_to_the_secretary(
        users, filed, committed, mailbox, django_capture_on_commit_callbacks):
    task = check_step(filed)
    assert services.responsible_for(task) == [users.urb_head], "unassigned: the head shares out the queue"
    WorkflowTask.objects.filter(pk=task.pk).update(rule="role:head", role="head")
    assert run_job(local(date(2026, 12, 4), 10), django_capture_on_commit_callbacks)["escalated"] == 1
    assert not mailbox.to("urb.sef@primaria-demo.ro"), "the head is the one late"
    [message] = mailbox.to("secretar@primaria-demo.ro")
    assert "Responsabil: Radu Enache." in message["body"]


def test_the_signature_step_is_the_current_signers(users, committed, pki):
    from tests.factories import propose_and_sign

    request = committed(submitted_request, users.ion, slug=CU)
    committed(request_services.assign, actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    request = committed(propose_and_sign, request, users.urb_specialist, stop_before="Primar")
    task = WorkflowTask.objects.get(request=request, step_id="semnare", status="ready")
    assert services.responsible_for(task) == [users.mayor]


def test_the_overview_lists_overdue_steps(client, users, filed):
    WorkflowTask.objects.filter(pk=check_step(filed).pk).update(due_at=timezone.now() - timedelta(hours=30))
    client.force_login(users.mayor)
    page = client.get("/birou/situatie/").content.decode()
    section = page[page.index('id="tabel-pasi-depasiti"'):page.index('id="unde-sunt"')]
    assert filed.reference in section and "Verificarea documentelor" in section
    assert "coada compartimentului" in section and "încă nu" in section
