"""No slot is ever booked beyond the counters that serve it, also when many residents press at once."""

import datetime
import threading

import pytest
from django.db import connections

from primaria.appointments import services
from primaria.appointments.models import Appointment, Status
from primaria.core.errors import DomainError

from .conftest import NOW, at

THURSDAY = datetime.date(2027, 6, 3)


def _residents(count):
    from primaria.accounts.models import User

    return [User.objects.create_user(email=f"rezident{i}@example.ro", password="x-Parola-lunga-2027")
            for i in range(count)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_holds_never_exceed_the_counters(hall):
    """12 residents take the same quarter of an hour at once: the 3 counters give exactly 3 seats."""
    people = _residents(12)
    barrier = threading.Barrier(len(people))
    taken, refused, failures = [], [], []

    def book(user):
        try:
            barrier.wait()
            held = services.hold(actor=user, service_id=hall.filing.pk, location_id=hall.location.pk,
                                 day=THURSDAY.isoformat(), time="10:00")
            taken.append(held.counter_id)
        except DomainError as exc:
            refused.append(exc.message_dict["time"][0])
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(repr(exc))
        finally:
            connections.close_all()

    with at(NOW):
        threads = [threading.Thread(target=book, args=(u,)) for u in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
    assert len(taken) == 3 and len(set(taken)) == 3
    assert refused == [services.TAKEN] * 9
    assert Appointment.objects.filter(status=Status.HELD, starts_at__date=THURSDAY).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_longer_service_and_a_shorter_one_share_the_counters(hall):
    """Counters 1 and 2 serve both services: a 30-minute appointment takes them for both quarters."""
    people = _residents(3)
    with at(NOW):
        for user in people[:2]:
            services.hold(actor=user, service_id=hall.advice.pk, location_id=hall.location.pk,
                          day=THURSDAY.isoformat(), time="11:00")
        third = services.hold(actor=people[2], service_id=hall.filing.pk, location_id=hall.location.pk,
                              day=THURSDAY.isoformat(), time="11:15")
        assert third.counter.name == "Ghișeul 3"
        with pytest.raises(DomainError) as refused:
            services.hold(actor=people[2], service_id=hall.filing.pk, location_id=hall.location.pk,
                          day=THURSDAY.isoformat(), time="11:15")
    assert refused.value.message_dict["time"] == [services.TAKEN]


@pytest.mark.django_db
def test_a_hold_expires_and_gives_its_seat_back(hall):
    people = _residents(4)
    with at(NOW):
        held = [services.hold(actor=u, service_id=hall.filing.pk, location_id=hall.location.pk,
                              day=THURSDAY.isoformat(), time="09:00") for u in people[:3]]
        with pytest.raises(DomainError):
            services.hold(actor=people[3], service_id=hall.filing.pk, location_id=hall.location.pk,
                          day=THURSDAY.isoformat(), time="09:00")
    later = NOW + datetime.timedelta(minutes=services.HOLD_MINUTES + 1)
    with at(later):
        with pytest.raises(DomainError) as late:
            services.confirm(appointment_id=held[0].pk, actor=people[0])
        assert "expirat" in late.value.messages[0]
        fourth = services.hold(actor=people[3], service_id=hall.filing.pk, location_id=hall.location.pk,
                               day=THURSDAY.isoformat(), time="09:00")
    assert fourth.status == Status.HELD
    assert Appointment.objects.filter(status=Status.EXPIRED).count() == 3  # freed while the seats were counted


@pytest.mark.django_db
def test_the_page_says_the_slot_was_taken_meanwhile(hall, client, users):
    people = _residents(3)
    with at(NOW):
        for user in people:
            services.hold(actor=user, service_id=hall.filing.pk, location_id=hall.location.pk,
                          day=THURSDAY.isoformat(), time="12:00")
        client.force_login(users.maria)
        response = client.post("/programari/noua/", {"serviciu": "depunere-documente", "locatie": "registratura",
                                                     "zi": THURSDAY.isoformat(), "ora": "12:00", "action": "hold"})
    assert response.status_code == 400
    assert "Intervalul ales tocmai s-a ocupat; alegeți altul." in response.content.decode()
    assert not Appointment.objects.filter(user=users.maria).exists()


@pytest.mark.django_db
def test_one_account_cannot_hold_every_slot(hall, users):
    with at(NOW):
        for time in ("09:00", "09:15", "09:30"):
            services.hold(actor=users.ion, service_id=hall.filing.pk, location_id=hall.location.pk,
                          day=THURSDAY.isoformat(), time=time)
        with pytest.raises(DomainError) as refused:
            services.hold(actor=users.ion, service_id=hall.filing.pk, location_id=hall.location.pk,
                          day=THURSDAY.isoformat(), time="09:45")
    assert "ore păstrate neconfirmate" in refused.value.message_dict["time"][0]
