"""Several city halls on one installation: each configures its own locations and services under codes of its
own choosing, so two communes may both have a `registratura` and a `depunere-documente`; every host opens and
books its own."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from primaria.appointments import models, services
from primaria.appointments.models import Appointment, AppointmentService, Counter, Location, OpeningHours
from primaria.core.errors import DomainError
from primaria.institutions import tenancy
from primaria.institutions.models import HostName, Institution

from .conftest import at, local

WEDNESDAY = datetime.date(2027, 6, 2)
BEFORE = local(datetime.date(2027, 5, 31), 7)


@pytest.fixture
def gama(hall, city, settings):
    """A commune added with `add_city_hall`, with a hall and a service under the demo city's codes."""
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    HostName.objects.create(host="primaria-demo.test", institution=city, primary=True)
    call_command("add_city_hall", code="CGAMA", name="Primăria Comunei Gama", host="gama.test",
                 address="Str. Școlii 2, Gama", no_catalog=True, stdout=StringIO())
    commune = Institution.objects.get(code="CGAMA")
    registry = commune.departments.get(code="reg")
    location = Location.objects.create(institution=commune, slug=hall.location.slug, name="Ghișeul comunei Gama",
                                       address="Str. Școlii 2, Gama")
    for weekday in range(5):
        OpeningHours.objects.create(location=location, weekday=weekday, opens=datetime.time(8),
                                    closes=datetime.time(12))
    service = AppointmentService.objects.create(slug=hall.filing.slug, name="Depunere acte la Gama",
                                                department=registry, slot_minutes=20)
    counter = Counter.objects.create(location=location, department=registry, name="Ghișeul 1")
    counter.services.set([service])
    tenancy.forget()
    commune.hall = type("Hall", (), {"location": location, "filing": service})
    return commune


def test_the_same_codes_on_two_city_halls_are_each_ones_own(gama, hall):
    assert gama.hall.filing.institution == gama and hall.filing.institution.code == "PMD"
    assert gama.hall.location.slug == hall.location.slug and gama.hall.filing.slug == hall.filing.slug
    # Within one city hall a code stays unique: in the database and, with a Romanian message, in the admin's form.
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.objects.create(institution=gama, slug=hall.location.slug, name="Alta", address="x")
    duplicate = AppointmentService(slug=hall.filing.slug, name="Alt serviciu", department=gama.departments.get(code="urb"))
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "există deja la această primărie" in refused.value.message_dict["slug"][0]
    duplicate.slug = "alt-serviciu"
    duplicate.full_clean()


def test_each_host_opens_its_own_location_and_service(gama, hall, client):
    query = f"/programari/noua/?serviciu={hall.filing.slug}&locatie={hall.location.slug}"
    with at(BEFORE):
        commune = client.get(query, HTTP_HOST="gama.test").content.decode()
        demo = client.get(query, HTTP_HOST="primaria-demo.test").content.decode()
    assert "Ghișeul comunei Gama" in commune and hall.location.name not in commune
    assert hall.location.name in demo and "Ghișeul comunei Gama" not in demo
    assert "Depunere acte la Gama" in commune and "Depunere acte la Gama" not in demo
    # the API answers each city hall's own slots: Gama's hall opens 8:00–12:00, in slots of 20 minutes
    api = f"/api/v1/appointment-services/{hall.filing.slug}/slots/?location={hall.location.slug}&day={WEDNESDAY}"
    with at(BEFORE):
        commune_slots = client.get(api, HTTP_HOST="gama.test", HTTP_ACCEPT="application/json").json()
        demo_slots = client.get(api, HTTP_HOST="primaria-demo.test", HTTP_ACCEPT="application/json").json()
    assert commune_slots != demo_slots
    assert "08:20" in str(commune_slots) and "16:00" not in str(commune_slots) and "16:00" in str(demo_slots)


def test_booking_on_the_communes_host_lands_on_the_communes_hall(gama, hall, client):
    form = {"serviciu": hall.filing.slug, "locatie": hall.location.slug, "zi": WEDNESDAY.isoformat(), "ora": "10:00"}
    held = Appointment.objects.filter(status=models.Status.HELD)
    with at(BEFORE):
        response = client.post("/programari/noua/", form, HTTP_HOST="gama.test")
    assert response.status_code == 302
    booked = held.get()
    assert booked.location == gama.hall.location and booked.service == gama.hall.filing
    assert booked.counter.location == gama.hall.location
    assert services.manage_url(booked).startswith("http://gama.test") or \
        services.manage_url(booked).startswith("https://gama.test")
    with at(BEFORE):
        assert client.post("/programari/noua/", form, HTTP_HOST="primaria-demo.test").status_code == 302
    assert held.exclude(pk=booked.pk).get().location == hall.location


def test_a_service_is_never_booked_at_another_city_halls_location(gama, hall, users):
    with at(BEFORE), pytest.raises(DomainError) as refused:
        services.hold(actor=users.ion, service_id=gama.hall.filing.pk, location_id=hall.location.pk,
                      day=WEDNESDAY.isoformat(), time="10:00")
    assert "nu mai primesc programări" in str(refused.value)
    # nor does a counter take a service of another city hall
    counter = hall.location.counters.order_by("name").first()
    before = set(counter.services.values_list("pk", flat=True))
    services.set_counter(actor=users.reg_head, counter_id=counter.pk, active=True,
                         service_ids=[*before, gama.hall.filing.pk])
    assert set(counter.services.values_list("pk", flat=True)) == before
    assert not Appointment.objects.filter(service=gama.hall.filing).exists()
