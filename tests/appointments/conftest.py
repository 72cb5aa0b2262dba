import datetime
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

BUCHAREST = ZoneInfo("Europe/Bucharest")
# Monday 31 May 2027, 07:00 in Bucharest: 1 June (Tuesday) is a public holiday, 3 June a long Thursday.
NOW = datetime.datetime(2027, 5, 31, 7, 0, tzinfo=BUCHAREST)


def local(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BUCHAREST)


@contextmanager
def at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC)):
        yield


@pytest.fixture
def frozen():
    with at(NOW):
        yield NOW


@pytest.fixture
def hall(city):
    from primaria.appointments.models import AppointmentService, Location

    class Hall:
        location = Location.objects.get(institution__code="PMD", slug="registratura")
        filing = AppointmentService.objects.get(institution__code="PMD", slug="depunere-documente")  # 15 min, 3 counters
        advice = AppointmentService.objects.get(institution__code="PMD", slug="consiliere-cereri")  # 30 min, 2 counters

    return Hall
