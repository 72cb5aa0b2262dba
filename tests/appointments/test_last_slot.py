"""50 residents book the last free seat of a slot at the same moment: exactly one booking, on SQLite and
PostgreSQL alike (the day's row lock, and the database's unique constraint behind it)."""

import datetime
import threading

import pytest
from django.db import connections

from primaria.appointments import services
from primaria.appointments.models import Appointment, Status
from primaria.core.errors import DomainError

from .conftest import NOW, at

THURSDAY = datetime.date(2027, 6, 3)
CLIENTS = 50


def _residents(prefix, count):
    from primaria.accounts.models import User

    return [User.objects.create_user(email=f"{prefix}{i}@example.ro", password="x-Parola-lunga-2027")
            for i in range(count)]


def _book(hall, user):
    held = services.hold(actor=user, service_id=hall.filing.pk, location_id=hall.location.pk,
                         day=THURSDAY.isoformat(), time="10:00")
    return services.confirm(appointment_id=held.pk, actor=user)


@pytest.mark.django_db(transaction=True)
def test_fifty_residents_and_the_last_free_seat_give_exactly_one_booking(hall, mailbox):
    with at(NOW):
        for user in _residents("primul", 2):  # two of the three counters are taken at 10:00
            _book(hall, user)
    people = _residents("rezident", CLIENTS)
    barrier = threading.Barrier(CLIENTS)
    booked, refused, failures = [], [], []

    def book(user):
        try:
            barrier.wait()
            booked.append(_book(hall, user).pk)
        except DomainError as exc:
            refused.append(exc.message_dict["time"][0])
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(repr(exc))
        finally:
            connections.close_all()

    with at(NOW):
        threads = [threading.Thread(target=book, args=(user,)) for user in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(booked) == 1 and refused == [services.TAKEN] * (CLIENTS - 1)
    seats = Appointment.objects.filter(starts_at__date=THURSDAY, status__in=[Status.BOOKED, Status.HELD])
    assert seats.count() == 3 and seats.filter(status=Status.BOOKED).count() == 3
    assert len(set(seats.values_list("counter_id", flat=True))) == 3  # one resident per counter
