import datetime

import pytest

from tests.appointments.conftest import BUCHAREST, at, local  # noqa: F401  (re-exported for the tests)

THURSDAY = datetime.date(2027, 6, 3)  # the demo hall is open 8:30–18:30
MORNING = datetime.datetime(2027, 6, 3, 10, 0, tzinfo=BUCHAREST)


@pytest.fixture
def hall(city):
    from primaria.appointments.models import AppointmentService, Counter, Location

    class Hall:
        location = Location.objects.get(slug="registratura")
        filing = AppointmentService.objects.get(slug="depunere-documente")  # A, counters 1–3
        pickup = AppointmentService.objects.get(slug="ridicare-acte")  # B, counters 1–3
        advice = AppointmentService.objects.get(slug="consiliere-cereri")  # C, counters 1–2
        counter1 = Counter.objects.get(location__slug="registratura", name="Ghișeul 1")
        counter2 = Counter.objects.get(location__slug="registratura", name="Ghișeul 2")
        counter3 = Counter.objects.get(location__slug="registratura", name="Ghișeul 3")

    return Hall


@pytest.fixture
def take(hall):
    """take(service, priority="") -> a ticket issued at the kiosk of the demo hall."""
    from primaria.queue_tickets import services

    def take_(service, priority=""):
        return services.issue(location_id=hall.location.pk, service_id=service.pk, priority=priority)

    return take_
