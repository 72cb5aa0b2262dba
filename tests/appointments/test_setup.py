"""The registry head's page: the weekly programme, dates that differ, counters and the rules of services.
A change never strands a resident who already booked."""

import datetime

import pytest

from primaria.appointments import selectors, services
from primaria.appointments.models import Counter, ScheduleException
from primaria.audit.models import AuditEntry

from .conftest import NOW, at

THURSDAY = datetime.date(2027, 6, 3)
FRIDAY = datetime.date(2027, 6, 4)
URL = "/birou/programari/program/"


@pytest.mark.django_db
def test_the_head_closes_a_day_and_opens_a_saturday(hall, users, client):
    client.force_login(users.reg_head)
    with at(NOW):
        assert client.get(URL).status_code == 200
        response = client.post(URL, {"form": "exception", "date": FRIDAY.isoformat(), "kind": "closed",
                                     "reason": "Inventar anual"})
        assert response.status_code == 302
        assert selectors.slots(hall.filing, hall.location, FRIDAY) == []
        client.post(URL, {"form": "exception", "date": "2027-06-05", "kind": "open", "opens": "09:00",
                          "closes": "12:00", "reason": "Zi de lucru recuperată"})
        assert selectors.slots(hall.filing, hall.location, datetime.date(2027, 6, 5))[0].value == "09:00"
        bad = client.post(URL, {"form": "exception", "date": "2027-06-07", "kind": "open", "opens": "12:00",
                                "closes": "09:00", "reason": "Test"})
        assert bad.status_code == 400 and "după ora de deschidere" in bad.content.decode()
    assert ScheduleException.objects.filter(location=hall.location).count() == 2
    assert AuditEntry.objects.filter(action="appointments.exception_set").count() == 2


@pytest.mark.django_db
def test_a_day_with_bookings_is_not_closed_under_them(hall, users, client):
    with at(NOW):
        held = services.hold(actor=users.ion, service_id=hall.filing.pk, location_id=hall.location.pk,
                             day=THURSDAY.isoformat(), time="17:00")
        services.confirm(appointment_id=held.pk, actor=users.ion)
        client.force_login(users.reg_head)
        closing = client.post(URL, {"form": "exception", "date": THURSDAY.isoformat(), "kind": "closed",
                                    "reason": "Inventar anual"})
        assert closing.status_code == 400 and "1 programări deja făcute" in closing.content.decode()
        week = {f"opens-{d}": "08:30" for d in range(5)} | {f"closes-{d}": "16:30" for d in range(5)}
        shorter = client.post(URL, {"form": "hours", **week})  # Thursday until 16:30: the 17:00 booking
        assert shorter.status_code == 400
        week["closes-3"] = "18:30"
        assert client.post(URL, {"form": "hours", **week}).status_code == 302
    assert not ScheduleException.objects.filter(date=THURSDAY).exists()


@pytest.mark.django_db
def test_a_closed_counter_lowers_the_capacity(hall, users, client):
    counter = Counter.objects.get(location=hall.location, name="Ghișeul 3")
    client.force_login(users.reg_head)
    with at(NOW):
        client.post(URL, {"form": "counter", "counter": counter.pk, "services": [hall.filing.pk]})  # not active
        assert selectors.slots(hall.filing, hall.location, THURSDAY)[0].free == 2
        response = client.post(URL, {"form": "service", "service": hall.filing.pk, "slot_minutes": "2",
                                     "min_notice_hours": "2", "max_days_ahead": "30", "cancel_cutoff_hours": "2"})
        assert response.status_code == 400 and "între 5 și 240 de minute" in response.content.decode()
        client.post(URL, {"form": "service", "service": hall.filing.pk, "slot_minutes": "20",
                          "min_notice_hours": "2", "max_days_ahead": "30", "cancel_cutoff_hours": "2"})
        hall.filing.refresh_from_db()
        assert [s.value for s in selectors.slots(hall.filing, hall.location, THURSDAY)][:3] == ["08:30", "08:50",
                                                                                                "09:10"]
    counter.refresh_from_db()
    assert not counter.active


@pytest.mark.django_db
def test_other_officials_do_not_reach_the_setup(hall, users, client):
    for someone in (users.clerk, users.urb_head):
        client.force_login(someone)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {"form": "exception", "date": FRIDAY.isoformat(), "kind": "closed",
                                 "reason": "Inventar anual"}).status_code == 404
    assert not ScheduleException.objects.exists()
