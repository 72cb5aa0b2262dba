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


def test_an_inbox_with_opinions_asked_merges_both_in_due_date_order_across_pages(client, users, committed,
                                                                                 monkeypatch):
    from django.db import transaction

    from primaria.catalog.models import Service
    from primaria.institutions.models import Position
    from primaria.requests import selectors

    asked = waiting_for_an_opinion(users, committed)
    department = Position.objects.get(user=users.itl_specialist, active=True).department
    service = Service.objects.filter(department=department, active=True).order_by("pk").first()
    own = [committed(submitted_request, users.maria, slug=service.slug) for _ in range(3)]
    # Due dates that put the request asked of them between their own ones.
    base = asked.due_date
    for offset, request in zip((-2, 1, 3), own, strict=True):
        with transaction.atomic():
            Request.objects.filter(pk=request.pk).update(due_date=base + timedelta(days=offset))
            selectors.INBOX.changed()
    expected = [str(pk) for pk in selectors.inbox(users.itl_specialist).values_list("public_id", flat=True)]
    assert str(asked.public_id) in expected and len(expected) == 4
    assert expected.index(str(asked.public_id)) == 1

    monkeypatch.setattr(selectors, "INBOX_PAGE_SIZE", 3)
    seen = []
    for page in (1, 2):
        count, number, values = selectors.inbox_listing(users.itl_specialist, page=page)
        assert count == 4 and number == page
        seen += [str(v["public_id"]) for v in values]
    assert seen == expected
