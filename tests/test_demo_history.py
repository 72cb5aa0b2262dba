"""The demo city's year of history (`manage.py load_demo_city`): numbered like a real register, realistic
handling, the open requests running their processes, and the overview and the dashboard showing it."""

from datetime import timedelta

import pytest
from django.db.models import Count, F, Max, Min
from django.urls import reverse
from django.utils import timezone

from primaria.demo.history import HISTORY_SOURCE, load_history
from primaria.registry.models import RegisterCounter, RegistryEntry
from primaria.requests.models import OPEN_STATUSES, Request
from primaria.workflow.models import ProcessInstance
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db

COUNT = 900


@pytest.fixture
def history(city):
    return load_history(requests=COUNT, residents=120)


def test_the_register_is_numbered_1_to_n_per_year_in_the_order_of_registration(history):
    assert history["requests"] == COUNT
    entries = RegistryEntry.objects.filter(annexes=HISTORY_SOURCE)
    for (institution, year), rows in _by_key(entries).items():
        numbers = [n for _at, n in sorted(rows)]
        assert numbers == list(range(1, len(numbers) + 1)), (institution, year)
        assert RegisterCounter.objects.get(institution_id=institution, year=year).last_number == len(numbers)


def _by_key(entries):
    grouped = {}
    for institution, year, at, number in entries.values_list("institution_id", "year", "registered_at", "number"):
        grouped.setdefault((institution, year), []).append((at, number))
    return grouped


def test_the_next_filing_takes_the_next_number_of_the_year(users, history):
    last = RegistryEntry.objects.filter(
        institution__code="PMD", year=timezone.localdate().year).aggregate(n=Max("number"))["n"]
    assert submitted_request(users.ion).registry_entry.number == last + 1


def test_a_year_of_realistic_work(history):
    past = Request.objects.filter(registry_entry__annexes=HISTORY_SOURCE)
    first, last = past.aggregate(a=Min("submitted_at"), b=Max("submitted_at")).values()
    assert timezone.now() - first > timedelta(days=350) and timezone.now() - last < timedelta(days=3)
    months = past.dates("submitted_at", "month")
    assert len(months) >= 12
    statuses = dict(past.values_list("status").annotate(n=Count("pk")))
    assert statuses["resolved"] > 0.85 * COUNT and 0 < statuses.get("withdrawn", 0) < 0.06 * COUNT
    assert 0 < sum(statuses.get(s, 0) for s in OPEN_STATUSES) < 0.15 * COUNT
    resolved = past.filter(status="resolved")
    late = resolved.filter(resolved_at__date__gt=F("due_date")).count()
    assert 0.02 * resolved.count() < late < 0.2 * resolved.count()
    assert resolved.filter(outcome="rejected").exists() and resolved.filter(outcome="granted").exists()
    ordered = list(past.order_by("submitted_at").values_list("channel", flat=True))
    first_half, second_half = ordered[:len(ordered) // 2], ordered[len(ordered) // 2:]
    assert first_half.count("counter") > second_half.count("counter") > 0  # residents move online
    for request in past.filter(status="resolved")[:20]:
        assert [e.action for e in request.timeline.order_by("at", "pk")] == ["submit", "assign", "approve"]


def test_the_open_requests_run_their_process_and_open_in_the_office(client, users, history):
    still_open = Request.objects.filter(registry_entry__annexes=HISTORY_SOURCE, status__in=OPEN_STATUSES)
    assert still_open.exists()
    assert ProcessInstance.objects.filter(request__in=still_open).count() == still_open.count()
    request = still_open.filter(department__code="urb").first() or still_open.first()
    client.force_login(users.secretary)
    assert client.get(reverse("office:request", args=[request.public_id])).status_code == 200
    assert client.get(reverse("office:inbox")).status_code == 200


def test_the_dashboard_and_the_overview_show_the_year(client, users, history):
    client.force_login(users.mayor)
    dashboard = client.get(reverse("overview:dashboard")).context
    filed = dashboard["filed"]["totals"]
    assert sum(1 for n in filed if n) >= 11 and dashboard["filed"]["total"] > 0.9 * COUNT * 0.8
    assert dashboard["handling"] and dashboard["on_time"]["rate"] < 100
    overview = client.get(reverse("overview:index")).context
    assert overview["headline"].open == sum(s["count"] for s in dashboard["open_by_status"])


def test_loaded_once(history):
    assert load_history(requests=50, residents=5) == {"skipped": True}
    assert Request.objects.filter(registry_entry__annexes=HISTORY_SOURCE).count() == COUNT
