"""The department inbox: what a row shows, filters, and rows that follow every change at once."""

from datetime import timedelta

import pytest

from primaria.requests import services
from primaria.requests.models import Request
from tests.factories import submitted_request, waiting_for_an_opinion

pytestmark = pytest.mark.django_db


def rows(client, query=""):
    page = client.get("/birou/" + query).content.decode()
    return page[page.index("<tbody>"):page.index("</tbody>")]


def test_rows_show_the_request_and_follow_each_change(client, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = submitted_request(users.ion)
        second = submitted_request(users.maria)
    client.force_login(users.urb_head)
    before = rows(client)
    assert before.index(first.reference) < before.index(second.reference), "by due date, then as filed"
    assert "Ion Popescu" in before and "Adeverință de nomenclatură stradală" in before and "Înregistrată" in before
    assert f'href="/birou/cereri/{first.public_id}/"' in before

    with django_capture_on_commit_callbacks(execute=True):
        services.assign(actor=users.urb_head, request_id=first.pk, assignee=users.urb_specialist)
    after = rows(client)
    assert "Vlad Neagu" in after and "În analiză" in after, "the cached rows are rendered again when they change"
    assert first.reference not in rows(client, "?responsabil=none") and second.reference in rows(client, "?responsabil=none")

    late_one = Request.objects.get(pk=second.pk)
    late_one.due_date -= timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        late_one.save(update_fields=["due_date"])
    late = rows(client)
    assert late.index(second.reference) < late.index(first.reference) and "depășit" in late


def test_an_opinion_asked_of_another_department_puts_the_request_in_its_inbox(client, users, committed):
    from primaria.workflow.models import WorkflowTask

    request = waiting_for_an_opinion(users, committed)
    assert WorkflowTask.objects.get(request=request, step_id="aviz_itl", status="ready").elsewhere
    client.force_login(users.itl_specialist)
    assert request.reference in rows(client)
