""""Cheamă următorul": an appointment at its time first, then priority tickets, then the others in order; only
the services the counter serves; two counters never call the same resident."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections

from primaria.appointments import services as appointment_services
from primaria.appointments.models import Status as AppointmentStatus
from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.outbox.models import Event
from primaria.queue_tickets import services
from primaria.queue_tickets.models import Ticket

from .conftest import MORNING, THURSDAY, at, local

BEFORE = datetime.datetime(2027, 5, 31, 7, 0, tzinfo=MORNING.tzinfo)  # when appointments are booked


def _book(user, hall, time, service=None):
    service = service or hall.filing
    with at(BEFORE):
        held = appointment_services.hold(actor=user, service_id=service.pk, location_id=hall.location.pk,
                                         day=THURSDAY.isoformat(), time=time)
        return appointment_services.confirm(appointment_id=held.pk, actor=user)


def _serve(clerk, counter):
    ticket = services.call_next(actor=clerk, counter_id=counter.pk)
    if ticket is not None:
        services.finish(actor=clerk, ticket_id=ticket.pk)
    return ticket


@pytest.mark.django_db
def test_appointment_at_its_time_then_priority_then_first_come(hall, take, users):
    appointment = _book(users.ion, hall, "10:15")
    counter = appointment.counter
    with at(local(THURSDAY, 9, 30)):
        first, second = take(hall.filing), take(hall.pickup)
        priority = take(hall.filing, "pregnant")
    with at(local(THURSDAY, 9, 40)):
        assert _serve(users.clerk, counter) == priority  # the appointment is not due yet
    with at(local(THURSDAY, 10, 11)):  # due within five minutes: called before the tickets
        called = _serve(users.clerk, counter)
        assert called.appointment == appointment and called.code == appointment.reference
        appointment.refresh_from_db()
        assert appointment.status == AppointmentStatus.ARRIVED  # served through the queue: marked as come
        assert _serve(users.clerk, counter) == first
        assert _serve(users.clerk, counter) == second
        assert _serve(users.clerk, counter) is None
    assert sorted(Ticket.objects.filter(status="served").values_list("code", flat=True)) \
        == sorted(["PA002", appointment.reference, "A001", "B001"])


@pytest.mark.django_db
def test_an_appointment_not_come_long_after_its_time_is_not_called(hall, take, users):
    appointment = _book(users.ion, hall, "10:00")
    with at(local(THURSDAY, 10, 45)):
        ticket = take(hall.filing)
        assert _serve(users.clerk, appointment.counter) == ticket


@pytest.mark.django_db
def test_a_counter_calls_only_the_services_it_serves(hall, take, users):
    with at(MORNING):
        advice = take(hall.advice, "elderly")  # counter 3 does not serve counselling
        filing = take(hall.filing)
        assert services.call_next(actor=users.clerk, counter_id=hall.counter3.pk) == filing
        assert services.call_next(actor=users.clerk, counter_id=hall.counter1.pk) == advice


@pytest.mark.django_db
def test_one_resident_at_a_time_recall_and_absent(hall, take, users):
    with at(MORNING):
        first, second = take(hall.filing), take(hall.filing)
        called = services.call_next(actor=users.clerk, counter_id=hall.counter1.pk)
        with pytest.raises(DomainError) as busy:
            services.call_next(actor=users.clerk, counter_id=hall.counter1.pk)
        assert "Încheiați mai întâi bonul A001" in busy.value.messages[0]
    with at(MORNING + datetime.timedelta(minutes=2)):
        again = services.recall(actor=users.clerk, ticket_id=called.pk)
        assert again.calls == 2 and again.last_called_at > again.called_at
        services.no_show(actor=users.clerk, ticket_id=called.pk)
        with pytest.raises(DomainError):
            services.finish(actor=users.clerk, ticket_id=called.pk)
        assert services.call_next(actor=users.clerk, counter_id=hall.counter1.pk) == second
    first.refresh_from_db()
    assert first.status == "no_show" and first.finished_at is not None
    actions = list(AuditEntry.objects.filter(action__startswith="queue.").values_list("action", flat=True))
    assert actions.count("queue.call") == 2 and "queue.recall" in actions and "queue.no_show" in actions
    assert Event.objects.filter(name="queue.ticket_no_show").count() == 1


@pytest.mark.django_db
def test_a_clerk_of_another_department_cannot_call_here(hall, take, users):
    with at(MORNING):
        take(hall.filing)
        with pytest.raises(PermissionDenied):
            services.call_next(actor=users.urb_specialist, counter_id=hall.counter1.pk)
        with pytest.raises(PermissionDenied):
            services.call_next(actor=users.ion, counter_id=hall.counter1.pk)
        ticket = services.call_next(actor=users.reg_specialist, counter_id=hall.counter1.pk)
        with pytest.raises(PermissionDenied):
            services.finish(actor=users.urb_specialist, ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert ticket.status == "called"


@pytest.mark.django_db(transaction=True)
def test_counters_calling_at_once_never_take_the_same_ticket(hall, users):
    from primaria.accounts.models import User

    with at(MORNING):
        for _ in range(3):
            services.issue(location_id=hall.location.pk, service_id=hall.filing.pk)
        clerk = User.objects.get(email="registratura@primaria-demo.ro")
        counters = [hall.counter1, hall.counter2, hall.counter3]
        barrier = threading.Barrier(len(counters))
        called, failures = [], []

        def press(counter):
            try:
                barrier.wait()
                called.append(services.call_next(actor=clerk, counter_id=counter.pk).pk)
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(repr(exc))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=press, args=(c,)) for c in counters]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
    assert len(set(called)) == 3
    assert set(Ticket.objects.values_list("counter__name", flat=True)) == {"Ghișeul 1", "Ghișeul 2", "Ghișeul 3"}


@pytest.mark.django_db
def test_the_night_closes_what_the_day_left_open(hall, take, users):
    with at(MORNING):
        left_called, left_waiting = take(hall.filing), take(hall.filing)
        services.call_next(actor=users.clerk, counter_id=hall.counter1.pk)
    with at(MORNING + datetime.timedelta(days=1)):
        ticket = take(hall.filing)
        # Yesterday's open call does not stand in the way of today's, and yesterday's queue is not called.
        assert services.call_next(actor=users.clerk, counter_id=hall.counter1.pk) == ticket
        assert services.close_days() == 2
        assert services.close_days() == 0
    left_called.refresh_from_db()
    left_waiting.refresh_from_db()
    assert left_called.status == left_waiting.status == "expired"
    assert Event.objects.filter(name="queue.ticket_expired").count() == 2
