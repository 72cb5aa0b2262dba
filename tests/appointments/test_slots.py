"""The slots offered: opening hours with the long Thursday, exceptions, public holidays and the government's
days off, the booking window and the least notice, all in Europe/Bucharest."""

import datetime

import pytest

from primaria.appointments import selectors
from primaria.appointments.models import ScheduleException
from primaria.core.models import ExtraNonWorkingDay
from primaria.core.terms import forget_extra_days

from .conftest import NOW, local

MONDAY = datetime.date(2027, 5, 31)
HOLIDAY = datetime.date(2027, 6, 1)  # Ziua Copilului
WEDNESDAY = datetime.date(2027, 6, 2)
THURSDAY = datetime.date(2027, 6, 3)
FRIDAY = datetime.date(2027, 6, 4)
SATURDAY = datetime.date(2027, 6, 5)


def values(slots):
    return [s.value for s in slots]


@pytest.mark.django_db
def test_the_long_thursday_and_a_regular_day(hall, frozen):
    thursday = selectors.slots(hall.filing, hall.location, THURSDAY)
    assert values(thursday)[0] == "08:30" and values(thursday)[-1] == "18:15"
    assert len(thursday) == 40  # 8:30–18:30 in quarters of an hour
    assert thursday[0].starts_at == local(THURSDAY, 8, 30)
    assert thursday[0].starts_at.astimezone(datetime.UTC).hour == 5  # summer time: UTC+3
    assert all(s.free == 3 for s in thursday)
    friday = selectors.slots(hall.filing, hall.location, FRIDAY)
    assert values(friday)[-1] == "16:15" and len(friday) == 32
    advice = selectors.slots(hall.advice, hall.location, FRIDAY)
    assert values(advice)[:3] == ["08:30", "09:00", "09:30"] and advice[0].free == 2


@pytest.mark.django_db
def test_least_notice_hides_the_first_hours_of_today(hall, frozen):
    today = values(selectors.slots(hall.filing, hall.location, MONDAY))
    assert today[0] == "09:00"  # 07:00 + 2 hours of notice
    assert "08:45" not in today


@pytest.mark.django_db
def test_public_holiday_and_government_day_off_are_closed(hall, frozen):
    assert selectors.slots(hall.filing, hall.location, HOLIDAY) == []
    ExtraNonWorkingDay.objects.create(date=FRIDAY, reason="Punte")
    forget_extra_days()
    assert selectors.slots(hall.filing, hall.location, FRIDAY) == []
    days = [d for d, _free in selectors.open_days(hall.filing, hall.location)]
    assert HOLIDAY not in days and FRIDAY not in days and THURSDAY in days and SATURDAY not in days


@pytest.mark.django_db
def test_exceptions_close_a_day_and_open_a_saturday(hall, frozen):
    ScheduleException.objects.create(location=hall.location, date=WEDNESDAY, closed=True, reason="Inventar")
    ScheduleException.objects.create(location=hall.location, date=SATURDAY, opens=datetime.time(9),
                                     closes=datetime.time(12), reason="Zi de lucru recuperată")
    assert selectors.slots(hall.filing, hall.location, WEDNESDAY) == []
    saturday = values(selectors.slots(hall.filing, hall.location, SATURDAY))
    assert saturday[0] == "09:00" and saturday[-1] == "11:45"
    days = [d for d, _free in selectors.open_days(hall.filing, hall.location)]
    assert WEDNESDAY not in days and SATURDAY in days


@pytest.mark.django_db
def test_the_booking_window(hall, frozen):
    hall.filing.max_days_ahead = 30
    hall.filing.save()
    last = NOW.date() + datetime.timedelta(days=30)  # Wednesday 30 June 2027
    assert selectors.slots(hall.filing, hall.location, last)
    assert selectors.slots(hall.filing, hall.location, last + datetime.timedelta(days=1)) == []
    assert selectors.slots(hall.filing, hall.location, MONDAY - datetime.timedelta(days=3)) == []  # the past
    days = [d for d, _free in selectors.open_days(hall.filing, hall.location)]
    assert max(days) == last and min(days) == MONDAY
