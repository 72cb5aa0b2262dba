"""The dashboard with charts (/birou/situatie/tablou/) for the mayor and the secretary general."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from primaria.accounts.models import PartyKind
from primaria.catalog.models import Service
from primaria.documents.models import Document
from primaria.institutions.selectors import institution_ids_of
from primaria.overview import charts, selectors
from primaria.requests import services
from primaria.requests.models import Request, Status
from tests.factories import answers_for, propose_and_sign, submitted_request, uploads_for

pytestmark = pytest.mark.django_db

URL = reverse("overview:dashboard")
NOMENCLATURA = "adeverinta-nomenclatura-stradala"
FISCAL = "certificat-de-atestare-fiscala"
DURATIONS = [1, 2, 3, 4, 10]  # days, for the five resolved requests
ANSWER_PAGES = 3
UPLOAD_PAGES = 2


def _month(back, day=10, hour=12):
    """An instant in the month `back` months before the current one (local time)."""
    first = selectors._month_start(timezone.localdate(), back)
    return timezone.make_aware(datetime.combine(first.replace(day=day), time(hour)))


def _assigned(users, slug=NOMENCLATURA):
    request = submitted_request(users.ion, slug=slug)
    service = Service.objects.get(slug=slug)
    head, specialist = ((users.urb_head, users.urb_specialist) if service.department.code != "itl"
                        else (users.itl_head, users.itl_specialist))
    return services.assign(actor=head, request_id=request.pk, assignee=specialist)


@pytest.fixture
def dataset(users, pki):
    """A known set of requests spread over the last months.

    Last month (back=1): five Urbanism requests resolved on the 20th after 1, 2, 3, 4 and 10 days (the
    last one a day after its term), one online request and one counter request of the tax office.
    Two and three months ago: one Urbanism request each, still open (the older one overdue by 5 days).
    Thirteen months ago: one request outside the window.
    """
    today = timezone.localdate()
    resolved = []
    for days in DURATIONS:
        request = propose_and_sign(_assigned(users), users.urb_specialist)
        at = _month(1, day=20)
        Request.objects.filter(pk=request.pk).update(
            resolved_at=at, submitted_at=at - timedelta(days=days),
            due_date=(at.date() if days < 10 else at.date() - timedelta(days=1)))
        resolved.append(request)
    Document.objects.filter(answered_requests__in=resolved).update(pages=ANSWER_PAGES)

    overdue = _assigned(users)
    Request.objects.filter(pk=overdue.pk).update(submitted_at=_month(2), due_date=today - timedelta(days=5))
    registered = submitted_request(users.ion)
    Request.objects.filter(pk=registered.pk).update(submitted_at=_month(3))

    fiscal_online = submitted_request(users.ion, slug=FISCAL)
    service = Service.objects.get(slug=FISCAL)
    counter = services.file_at_counter(
        actor=users.clerk, service=service,
        identity={"kind": PartyKind.PERSON, "name": "Vasile Georgescu", "identifier": "1900722350036",
                  "address": "Str. Teiului nr. 9, Municipiul Demo"},
        answers=answers_for(service), uploads=uploads_for(service))
    Request.objects.filter(pk__in=[fiscal_online.pk, counter.pk]).update(submitted_at=_month(1, day=5))

    old = submitted_request(users.ion)
    Request.objects.filter(pk=old.pk).update(submitted_at=_month(13))

    # Every document attached by an applicant has two pages (and those scanned at the counter too).
    Document.objects.filter(attachments__isnull=False).update(pages=UPLOAD_PAGES)
    # A draft counts nowhere, nor does a request of the subordinate institution the mayor is not part of.
    services.start_draft(actor=users.ion, party=users.ion.person, service=Service.objects.get(slug=NOMENCLATURA))
    submitted_request(users.maria, slug="toaletare-arbori")
    return {"resolved": resolved, "overdue": overdue, "registered": registered, "fiscal_online": fiscal_online,
            "counter": counter, "old": old, "urbanism": Service.objects.get(slug=NOMENCLATURA).department,
            "fiscal": service.department}


def _uploaded_pages(requests):
    return UPLOAD_PAGES * sum(r.attachments.filter(document__source=Document.Source.UPLOADED).count()
                              for r in requests)


def test_figures_are_exact_for_a_known_data_set(client, users, dataset):
    client.force_login(users.mayor)
    response = client.get(URL)
    assert response.status_code == 200
    data = response.context
    months = data["months"]
    assert len(months) == 12 and months[-1] == timezone.localdate().replace(day=1)

    # 1. Filed per month and department (drafts, the other institution and older months left out).
    filed = {d["id"]: d["counts"] for d in data["filed"]["departments"]}
    urbanism, fiscal = dataset["urbanism"].pk, dataset["fiscal"].pk
    assert set(filed) == {urbanism, fiscal}
    assert filed[urbanism][-2:] == [5, 0] and filed[urbanism][-3] == 1 and filed[urbanism][-4] == 1
    assert sum(filed[urbanism]) == 7
    assert filed[fiscal] == [0] * 10 + [2, 0]
    assert data["filed"]["totals"][-2] == 7 and data["filed"]["total"] == 9
    statuses = {s["status"]: s["count"] for s in data["open_by_status"]}
    assert statuses == {Status.REGISTERED: 4, Status.IN_REVIEW: 1, Status.AWAITING_APPLICANT: 0,
                        Status.PENDING_APPROVAL: 0}

    # 2. Handling time: 1, 2, 3, 4, 10 days → average 4.0; p90 at position 0.9 × 4 = 3.6 → 4 + 0.6 × 6 = 7.6.
    [service] = data["handling"]
    assert (service["name"], service["count"]) == (Service.objects.get(slug=NOMENCLATURA).name, 5)
    assert (service["average_days"], service["p90_days"]) == (4.0, 7.6)

    # 3. On time: four of five resolved on or before their term.
    on_time = data["on_time"]
    assert [(d["id"], d["resolved"], d["on_time"], d["rate"]) for d in on_time["departments"]] == [
        (urbanism, 5, 4, 80.0)]
    assert on_time["rate"] == 80.0

    # 4. The overdue request.
    assert [(i["public_id"], i["late_days"]) for i in data["overdue"]["items"]] == [
        (dataset["overdue"].public_id, 5)]
    assert data["overdue"]["total"] == 1

    # 5. Online and counter: last month 6 online and 1 at the counter.
    last = data["channels"][-2]
    assert (last["online"], last["counter"], last["total"]) == (6, 1, 7)
    assert (last["online_share"], last["counter_share"]) == (85.7, 14.3)
    assert data["channels"][-4]["online_share"] == 100.0 and data["channels"][0]["online_share"] is None

    # 6. Paper: uploads of the online requests in the month filed, answers in the month resolved.
    paper = data["paper"]
    last_month_uploads = _uploaded_pages([*dataset["resolved"], dataset["fiscal_online"]])
    assert last_month_uploads > 0
    assert (paper["months"][-2]["uploaded"], paper["months"][-2]["issued"]) == (last_month_uploads, 5 * ANSWER_PAGES)
    assert paper["months"][-3]["uploaded"] == _uploaded_pages([dataset["overdue"]])
    window = _uploaded_pages([*dataset["resolved"], dataset["fiscal_online"], dataset["overdue"],
                              dataset["registered"]]) + 5 * ANSWER_PAGES
    assert paper["window_total"] == window
    assert paper["all_time"] == window + _uploaded_pages([dataset["old"]])
    assert paper["all_time_issued"] == 5 * ANSWER_PAGES

    html = response.content.decode()
    assert f"{charts.ro_number(paper['all_time'])}</strong> pagini care nu au mai fost tipărite" in html
    assert "7,6" in html and "80,0%" in html and "85,7%" in html
    link = reverse("office:request", args=[dataset["overdue"].public_id])
    assert f'href="{link}"' in html


def test_p90_on_each_database_matches_percentile_cont(users, dataset):
    """Many durations, so the percentile falls between two values: the same figure on both databases."""
    resolved = Request.objects.filter(pk__in=[r.pk for r in dataset["resolved"]])
    base = resolved.first()
    skip = {"id", "public_id", "registry_entry_id", "outbound_entry_id"}
    fields = {f.attname: getattr(base, f.attname) for f in Request._meta.concrete_fields if f.attname not in skip}
    Request.objects.bulk_create([Request(**fields) for _ in range(16)])
    # 21 resolved requests in all: 5 with 1..10 days, 16 more with 0.5, 1.0, ... 8.0 days.
    extra = Request.objects.filter(service=base.service, status=Status.RESOLVED).exclude(pk__in=resolved)
    for n, request in enumerate(extra.order_by("pk"), start=1):
        Request.objects.filter(pk=request.pk).update(submitted_at=F("resolved_at") - timedelta(hours=12 * n))
    durations = sorted([float(d) for d in DURATIONS] + [0.5 * n for n in range(1, 17)])
    position = 0.9 * (len(durations) - 1)
    low = int(position)
    expected = durations[low] + (durations[low + 1] - durations[low]) * (position - low)
    [row] = selectors.handling_by_service(institution_ids_of(users.mayor), selectors._window(timezone.now())[1])
    assert row["count"] == 21
    assert row["p90_days"] == round(expected, 1)
    assert row["average_days"] == round(sum(durations) / len(durations), 1)
    # The fallback gives the same value where PostgreSQL computes it itself.
    qs = Request.objects.filter(service=base.service, status=Status.RESOLVED)
    by_offset = selectors._percentile_by_offset(qs, qs.count(), 0.9)
    assert round(by_offset.total_seconds() / 86400, 6) == round(expected, 6)


def test_p90_is_computed_by_the_database(users, dataset, django_assert_max_num_queries):
    ids = institution_ids_of(users.mayor)
    start = selectors._window(timezone.now())[1]
    # PostgreSQL: one GROUP BY query with percentile_cont; elsewhere one more (OFFSET … LIMIT 2) per service.
    expected = 1 if connection.vendor == "postgresql" else 2
    with django_assert_max_num_queries(expected) as captured:
        selectors.handling_by_service(ids, start)
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    if connection.vendor == "postgresql":
        assert "percentile_cont(0.9) WITHIN GROUP" in sql
    else:
        assert re.search(r"LIMIT 2 OFFSET 3", sql)


@pytest.mark.parametrize("who", ["ion", "urb_specialist", "urb_head", "clerk"])
def test_residents_and_other_officials_get_404(client, users, who):
    client.force_login(getattr(users, who))
    assert client.get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client, city):
    assert client.get(URL).status_code == 302


def test_charts_are_accessible_svg_with_data_tables(client, users, dataset):
    client.force_login(users.secretary)
    html = client.get(URL).content.decode()
    svgs = re.findall(r"<svg [^>]*>.*?</svg>", html, flags=re.S)
    # The six charts of the requests, and the money collected per day: the data set's fees were paid at filing.
    assert len(svgs) == 7 and 'id="grafic-incasari"' in html
    for svg in svgs:
        chart_id = re.search(r'id="([^"]+)"', svg).group(1)
        assert 'role="img"' in svg
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
        assert re.search(rf'<title id="{chart_id}-title">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{chart_id}-desc">[^<]+</desc>', svg)
        assert "<rect" in svg or "<circle" in svg
    assert html.count("<summary>Datele graficului</summary>") == 7
    assert "<script" not in html
    # Romanian month names and number format on the axes and in the tables.
    assert selectors.month_label(selectors._month_start(timezone.localdate(), 1)) in html
    assert '<table id="date-depuse">' in html and "<caption>" in html


def test_overview_links_to_the_dashboard(client, users):
    client.force_login(users.mayor)
    assert f'href="{URL}"' in client.get(reverse("overview:index")).content.decode()


def test_empty_dashboard(client, users):
    client.force_login(users.mayor)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["filed"]["total"] == 0 and response.context["handling"] == []
    html = response.content.decode()
    assert "Nicio cerere nu are termenul depășit." in html
    assert "<strong>0</strong> pagini care nu au mai fost tipărite" in html


def test_the_periodic_job_fills_the_cache_and_the_page_uses_it(client, users, dataset):
    from primaria.overview.tasks import refresh_overview_figures

    ids = sorted(institution_ids_of(users.mayor))
    key = "overview:dashboard:" + ",".join(str(i) for i in ids)
    cache.clear()
    refresh_overview_figures.call_local()
    cached = cache.get(key)
    assert cached is not None and cached["filed"]["total"] == 9
    # The page shows what the job computed, even after the data changed (until the next run).
    submitted_request(users.ion)
    client.force_login(users.mayor)
    response = client.get(URL)
    assert response.context["at"] == cached["at"]
    assert response.context["filed"]["total"] == 9
    # The job runs every minute but recomputes the dashboard only once it is 5 minutes old.
    refresh_overview_figures.call_local()
    assert client.get(URL).context["filed"]["total"] == 9
    cache.set(key, {**cached, "at": cached["at"] - selectors.DASHBOARD_REFRESH}, 60)
    refresh_overview_figures.call_local()
    assert client.get(URL).context["filed"]["total"] == 10


def test_romanian_number_format_and_axis_steps():
    assert charts.ro_number(1234567) == "1.234.567"
    assert charts.ro_number(3.25, 1) == "3,2" or charts.ro_number(3.25, 1) == "3,3"
    assert charts.ro_number(4600000.5, 1) == "4.600.000,5"
    assert charts.ro_number(None) == "—"
    assert charts.nice_max(7) == (8, 2) and charts.nice_max(93) == (100, 20) and charts.nice_max(0)[0] == 1
    svg = charts.column_chart("t", title="T", desc="D", categories=["ian. 25"], stacked=True,
                              series=[charts.Series("A", [1200]), charts.Series("B", [300])])
    assert "1.500" in svg or "1.600" in svg


def test_the_overview_and_the_dashboard_show_the_same_figures(client, users, dataset):
    """One source: after a change, the dashboard's open-per-status and overdue figures are the overview's, of
    the same minute, even while the dashboard's monthly charts wait for their five-minute refresh."""
    from primaria.overview.tasks import refresh_overview_figures

    cache.clear()
    refresh_overview_figures.call_local()
    # Changes after the last run of the job: a new request, and one more request past its term.
    submitted_request(users.ion)
    Request.objects.filter(pk=dataset["registered"].pk).update(due_date=timezone.localdate() - timedelta(days=2))
    refresh_overview_figures.call_local()  # the overview's figures every minute, the dashboard's not yet
    client.force_login(users.mayor)
    overview = client.get(reverse("overview:index")).context
    dashboard = client.get(URL).context
    table, headline = overview["table"], overview["headline"]
    column = {value: i for i, (value, _label) in enumerate(table.statuses)}
    assert {s["status"]: s["count"] for s in dashboard["open_by_status"]} == {
        s["status"]: table.totals[column[s["status"]]] for s in dashboard["open_by_status"]}
    assert sum(s["count"] for s in dashboard["open_by_status"]) == headline.open == 6
    assert dashboard["overdue"]["total"] == headline.overdue == 2
    assert [i["public_id"] for i in dashboard["overdue"]["items"]] == [dataset["overdue"].public_id,
                                                                       dataset["registered"].public_id]
    assert dashboard["filed"]["total"] == 9  # the monthly charts: still the last five-minute run
