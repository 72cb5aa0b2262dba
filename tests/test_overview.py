"""The management overview (/birou/situatie/) for the mayor and the secretary general."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from primaria.accounts.selectors import person_of
from primaria.catalog.models import Service
from primaria.institutions.models import Department
from primaria.institutions.selectors import institution_ids_of
from primaria.overview import selectors
from primaria.requests import services
from primaria.requests.models import Outcome, Request, Status
from tests.factories import pay_fees, propose_and_sign, submitted_request

pytestmark = pytest.mark.django_db

URL = reverse("overview:index")
NOMENCLATURA = "adeverinta-nomenclatura-stradala"


def _in_review(users):
    request = submitted_request(users.ion)
    return services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)


def _pending(users):
    request = _in_review(users)
    pay_fees(request)
    return services.propose(actor=users.urb_specialist, request_id=request.pk, outcome=Outcome.GRANTED)


@pytest.fixture
def situation(users, pki):
    """Requests of Direcția Urbanism in every state, one of them overdue, plus a draft and one elsewhere."""
    registered = submitted_request(users.ion)
    overdue = _in_review(users)
    Request.objects.filter(pk=overdue.pk).update(due_date=timezone.localdate() - timedelta(days=5))
    pending = _pending(users)
    resolved = propose_and_sign(_in_review(users), users.urb_specialist)
    # Handled in exactly three days.
    Request.objects.filter(pk=resolved.pk).update(submitted_at=F("resolved_at") - timedelta(days=3))
    withdrawn = services.withdraw(actor=users.ion, request_id=submitted_request(users.ion).pk, reason="Nu mai am nevoie.")
    # A draft is not a filed request: it counts nowhere.
    services.start_draft(actor=users.ion, party=person_of(users.ion), service=Service.objects.get(slug=NOMENCLATURA))
    # A request of the subordinate institution (ADP), which the mayor of the city hall does not belong to.
    adp = submitted_request(users.maria, slug="toaletare-arbori")
    return {"registered": registered, "overdue": overdue, "pending": pending, "resolved": resolved,
            "withdrawn": withdrawn, "adp": adp}


def _urbanism():
    return Service.objects.get(slug=NOMENCLATURA).department


@pytest.mark.parametrize("who", ["mayor", "secretary"])
def test_mayor_and_secretary_see_the_right_numbers(client, users, situation, who):
    client.force_login(getattr(users, who))
    response = client.get(URL)
    assert response.status_code == 200
    headline = response.context["headline"]
    assert headline.open == 3  # registered, in review (overdue), pending approval
    assert headline.overdue == 1
    assert headline.resolved_this_month == 1
    assert headline.average_days == 3.0
    assert (headline.filed, headline.online, headline.counter) == (5, 5, 0)
    assert (headline.online_share, headline.counter_share) == (100, 0)
    html = response.content.decode()
    assert "Situația cererilor" in html and "Cu termenul depășit" in html and "Soluționate luna aceasta" in html
    assert "3,0 zile" in html
    assert '<th scope="col">' in html and "<caption>" in html


@pytest.mark.parametrize("who", ["ion", "urb_specialist", "urb_head"])
def test_residents_and_other_officials_get_404(client, users, who):
    client.force_login(getattr(users, who))
    assert client.get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client, city):
    response = client.get(URL)
    assert response.status_code == 302


def test_overdue_list_holds_the_overdue_request(client, users, situation):
    client.force_login(users.mayor)
    response = client.get(URL)
    overdue = response.context["overdue"]
    assert [r.pk for r in overdue] == [situation["overdue"].pk]
    assert overdue[0].late.days == 5
    html = response.content.decode()
    link = reverse("office:request", args=[situation["overdue"].public_id])
    assert f'href="{link}"' in html
    assert situation["overdue"].reference in html
    # A paused request is not overdue even past its term.
    Request.objects.filter(pk=situation["overdue"].pk).update(paused_on=timezone.localdate() - timedelta(days=6))
    assert list(selectors.overdue_requests(users.mayor)) == []
    assert selectors.headline(institution_ids_of(users.mayor)).overdue == 0


def test_numbers_by_department_and_status(client, users, situation):
    # Move the registered request to another department of the city hall, as if redirected.
    fiscal = Department.objects.get(institution=_urbanism().institution, code="itl")
    Request.objects.filter(pk=situation["registered"].pk).update(department=fiscal)
    client.force_login(users.secretary)
    table = client.get(URL).context["table"]
    statuses = [value for value, _label in table.statuses]
    assert Status.DRAFT not in statuses
    rows = {row.department_id: dict(zip(statuses, row.counts, strict=True)) | {"total": row.total}
            for row in table.rows}
    assert set(rows) == {_urbanism().pk, fiscal.pk}
    assert rows[_urbanism().pk] == {
        Status.REGISTERED: 0, Status.IN_REVIEW: 1, Status.AWAITING_APPLICANT: 0, Status.PENDING_APPROVAL: 1,
        Status.RESOLVED: 1, Status.WITHDRAWN: 1, "total": 4,
    }
    assert rows[fiscal.pk][Status.REGISTERED] == 1 and rows[fiscal.pk]["total"] == 1
    assert dict(zip(statuses, table.totals, strict=True)) == {
        Status.REGISTERED: 1, Status.IN_REVIEW: 1, Status.AWAITING_APPLICANT: 0, Status.PENDING_APPROVAL: 1,
        Status.RESOLVED: 1, Status.WITHDRAWN: 1,
    }
    assert table.total == 5


def test_open_list_filters_by_department_and_status(client, users, situation):
    fiscal = Department.objects.get(institution=_urbanism().institution, code="itl")
    Request.objects.filter(pk=situation["registered"].pk).update(department=fiscal)
    client.force_login(users.mayor)

    page = client.get(URL).context["page"]
    assert {r.pk for r in page} == {situation[k].pk for k in ("registered", "overdue", "pending")}

    page = client.get(URL, {"compartiment": _urbanism().pk}).context["page"]
    assert {r.pk for r in page} == {situation["overdue"].pk, situation["pending"].pk}

    page = client.get(URL, {"compartiment": fiscal.pk}).context["page"]
    assert [r.pk for r in page] == [situation["registered"].pk]

    page = client.get(URL, {"compartiment": _urbanism().pk, "stare": Status.PENDING_APPROVAL}).context["page"]
    assert [r.pk for r in page] == [situation["pending"].pk]

    # A closed status or a department of another institution is not a way to see more.
    adp_department = situation["adp"].department
    page = client.get(URL, {"stare": Status.RESOLVED, "compartiment": adp_department.pk}).context["page"]
    assert page.paginator.count == 3


def test_open_list_ages_and_order(client, users, situation):
    now = timezone.now()
    Request.objects.filter(pk=situation["pending"].pk).update(
        submitted_at=now - timedelta(days=40), status_changed_at=now - timedelta(days=2, hours=1))
    Request.objects.filter(pk=situation["registered"].pk).update(
        submitted_at=now - timedelta(days=10), status_changed_at=now - timedelta(days=10))
    client.force_login(users.mayor)

    rows = list(client.get(URL).context["page"])
    assert [r.pk for r in rows][:2] == [situation["pending"].pk, situation["registered"].pk]
    assert (rows[0].age.days, rows[0].in_state.days) == (40, 2)

    rows = list(client.get(URL, {"ordine": "stare"}).context["page"])
    assert rows[0].pk == situation["registered"].pk
    rows = list(client.get(URL, {"ordine": "vechime-noi"}).context["page"])
    assert rows[-1].pk == situation["pending"].pk


def test_open_list_is_paginated_by_50(client, users, situation):
    base = Request.objects.get(pk=situation["registered"].pk)
    skip = {"id", "public_id", "registry_entry_id", "outbound_entry_id"}
    fields = {f.attname: getattr(base, f.attname) for f in Request._meta.concrete_fields if f.attname not in skip}
    Request.objects.bulk_create([Request(**fields) for _ in range(50)])
    client.force_login(users.mayor)
    first = client.get(URL).context["page"]
    assert first.paginator.count == 53 and len(first) == 50 and first.paginator.num_pages == 2
    response = client.get(URL, {"pagina": 2, "compartiment": _urbanism().pk})
    assert len(response.context["page"]) == 3
    assert "pagina=1" in response.content.decode() and "pagina=2&amp;pagina" not in response.content.decode()


def test_empty_overview(client, users):
    client.force_login(users.mayor)
    response = client.get(URL)
    assert response.status_code == 200
    headline = response.context["headline"]
    assert (headline.open, headline.overdue, headline.average_days, headline.online_share) == (0, 0, None, None)
    assert "Nicio cerere nu are termenul depășit." in response.content.decode()


def test_the_periodic_job_keeps_the_figures_fresh_for_the_page(client, users, situation):
    from django.core.cache import cache

    from primaria.overview.tasks import refresh_overview_figures

    cache.clear()
    refresh_overview_figures.call_local()
    cached = cache.get("overview:figures:" + ",".join(str(i) for i in sorted(institution_ids_of(users.mayor))))
    assert cached["headline"].open == selectors.headline(institution_ids_of(users.mayor)).open
    client.force_login(users.mayor)
    response = client.get(URL)
    assert response.context["headline"] is not None
    assert response.context["at"] == cached["at"]


def test_requests_closed_before_today_are_added_up_once_a_day(users, situation, django_assert_num_queries):
    closed = [situation["resolved"].pk, situation["withdrawn"].pk]
    Request.objects.filter(pk__in=closed).update(status_changed_at=F("status_changed_at") - timedelta(days=2))
    ids = institution_ids_of(users.mayor)
    with django_assert_num_queries(3):  # the requests closed before today (headline, table), then the others
        first = selectors.headline(ids)
    with django_assert_num_queries(1):  # later in the day: only the others
        again = selectors.headline(ids)
    assert first == again
    assert (first.filed, first.open, first.overdue, first.average_days) == (5, 3, 1, 3.0)
    table = selectors.by_department_and_status(ids)
    counts = dict(zip([value for value, _label in table.statuses], table.rows[0].counts, strict=True))
    assert counts[Status.RESOLVED] == 1 and counts[Status.WITHDRAWN] == 1 and table.total == 5
