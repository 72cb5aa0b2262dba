"""A number per service and day, from one domain function under a row lock; never twice, also when many kiosks
press at once."""

import datetime
import threading

import pytest
from django.db import connections

from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.outbox.models import Event
from primaria.queue_tickets import services
from primaria.queue_tickets.models import Ticket

from .conftest import MORNING, THURSDAY, at, local


@pytest.mark.django_db
def test_numbers_run_per_service_and_priority_is_marked(hall, take):
    with at(MORNING):
        codes = [take(hall.filing).code, take(hall.filing).code, take(hall.pickup).code,
                 take(hall.filing, "elderly").code, take(hall.advice, "pregnant").code]
    assert codes == ["A001", "A002", "B001", "PA003", "PC001"]
    ticket = Ticket.objects.get(code="PA003")
    assert ticket.date == THURSDAY and ticket.status == "waiting" and ticket.get_priority_display() == "Persoană vârstnică"
    assert AuditEntry.objects.filter(action="queue.issue").count() == 5
    assert Event.objects.filter(name="queue.ticket_issued").count() == 5


@pytest.mark.django_db
def test_numbers_start_again_the_next_day(hall, take):
    with at(MORNING):
        take(hall.filing)
        take(hall.filing)
    with at(MORNING + datetime.timedelta(days=1)):
        assert take(hall.filing).code == "A001"


@pytest.mark.django_db
def test_refusals_leave_nothing_behind(hall, take):
    with at(local(THURSDAY, 7, 0)):
        with pytest.raises(DomainError) as closed:
            take(hall.filing)
    assert "închise acum" in closed.value.messages[0]
    with at(MORNING):
        with pytest.raises(DomainError) as wrong:
            services.issue(location_id=hall.location.pk, service_id=hall.filing.pk, priority="vip")
        assert wrong.value.message_dict["priority"] == ["Alegeți dacă aveți prioritate."]
        hall.advice.queue.active = False
        hall.advice.queue.save()
        with pytest.raises(DomainError) as stopped:
            take(hall.advice)
        assert stopped.value.message_dict["service"] == ["Alegeți unul dintre serviciile din listă."]
    assert not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_kiosks_never_print_the_same_number(hall):
    """12 tickets of one service taken at the same instant get the numbers 1 to 12, each once."""
    count = 12
    barrier = threading.Barrier(count)
    codes, failures = [], []

    def press(index):
        try:
            barrier.wait()
            ticket = services.issue(location_id=hall.location.pk, service_id=hall.filing.pk,
                                    priority="disability" if index % 4 == 0 else "")
            codes.append(ticket.number)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(repr(exc))
        finally:
            connections.close_all()

    with at(MORNING):
        threads = [threading.Thread(target=press, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
    assert sorted(codes) == list(range(1, count + 1))
    assert sorted(Ticket.objects.values_list("number", flat=True)) == list(range(1, count + 1))
