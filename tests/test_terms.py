"""Legal terms on the Romanian working-day calendar, and the pause while the applicant completes."""

from datetime import date
from unittest import mock

import pytest

from primaria.core import terms
from primaria.core.models import ExtraNonWorkingDay
from primaria.requests import services
from primaria.requests.models import Request
from tests.factories import submitted_request


@pytest.fixture(autouse=True)
def fresh_extra_days():
    """Extra non-working days are cached for 5 minutes; a day created in a rolled-back test must not leak."""
    terms.forget_extra_days()
    yield
    terms.forget_extra_days()


@pytest.mark.django_db
@pytest.mark.parametrize("start,days,unit,expected", [
    (date(2026, 11, 23), 30, terms.CALENDAR, date(2026, 12, 23)),   # Wednesday, plain
    (date(2026, 11, 27), 1, terms.CALENDAR, date(2026, 12, 2)),    # 28 Sat → 30 Nov Sf. Andrei, 1 Dec → 2 Dec
    (date(2026, 12, 18), 7, terms.CALENDAR, date(2026, 12, 28)),   # 25 Dec Christmas → 26 Sat, 27 Sun → Mon 28
    (date(2026, 12, 31), 2, terms.WORKING, date(2027, 1, 5)),     # 1 Jan Fri holiday, weekend → Mon 4, Tue 5
    (date(2027, 1, 5), 1, terms.WORKING, date(2027, 1, 8)),       # 6 Jan Boboteaza, 7 Jan Sf. Ioan → Fri 8
    (date(2027, 4, 29), 1, terms.WORKING, date(2027, 5, 4)),      # Orthodox Good Friday 30 Apr, 1 May, Easter Monday 3 May
    (date(2026, 1, 22), 1, terms.WORKING, date(2026, 1, 23)),     # Friday 23 Jan; 24 Jan is a Saturday in 2026
])
def test_terms_skip_weekends_and_public_holidays(start, days, unit, expected):
    assert terms.add_term(start, days, unit) == expected


@pytest.mark.django_db
def test_an_extra_non_working_day_declared_by_the_government_is_skipped():
    assert terms.add_term(date(2026, 11, 23), 1, terms.WORKING) == date(2026, 11, 24)
    ExtraNonWorkingDay.objects.create(date=date(2026, 11, 24), reason="Zi liberă acordată prin HG")
    terms.forget_extra_days()
    assert terms.add_term(date(2026, 11, 23), 1, terms.WORKING) == date(2026, 11, 25)


@pytest.mark.django_db
def test_the_term_pauses_while_the_applicant_completes_and_resumes_after(users):
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 2)):
        request = submitted_request(users.ion)
    assert request.due_date == date(2026, 12, 2)  # 30 days, 2 Dec is a working day
    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 12)):
        services.ask_completion(actor=users.urb_specialist, request_id=request.pk, what="Atașați planul de situație.")
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 22)):
        services.complete(actor=users.ion, request_id=request.pk, answers={}, reply="Gata.")
    request = Request.objects.get(pk=request.pk)
    # 20 days were left on 12 Nov; counted again from 22 Nov they end on 12 Dec, a Saturday → Monday 14 Dec.
    assert request.paused_on is None
    assert request.due_date == date(2026, 12, 14)
