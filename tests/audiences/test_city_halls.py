"""Several city halls on one installation: an audience asked on a commune's site goes to the commune's own
mayor's office (`PRIMARIA_AUDIENCE_DEPARTMENT`), and what is sent to a department becomes a request of the
commune's own catalog service (`PRIMARIA_AUDIENCE_SERVICE`), never the demo city's of the same code."""

import pytest
from django.conf import settings

from primaria.accounts.selectors import person_of
from primaria.audiences import selectors, services
from primaria.audiences.models import Status
from primaria.institutions import tenancy
from primaria.institutions.models import Position, Role
from tests.monitor.test_city_halls import add_commune, copy_service

TOPIC = "Trotuarul din fața școlii din comună este spart de doi ani și nimeni nu l-a reparat."


@pytest.fixture
def gama(city, settings):
    return add_commune(city, settings)


def test_an_audience_on_a_commune_goes_to_the_communes_office_and_service(gama, city, users):
    commune_service = copy_service(settings.PRIMARIA_AUDIENCE_SERVICE, gama, "cab")
    cabinet = gama.departments.get(code=settings.PRIMARIA_AUDIENCE_DEPARTMENT.lower())
    clerk = type(users.ion).objects.create_user(email="cabinet@gama.test", password="x-Parola-lunga-2026")
    Position.objects.create(user=clerk, department=cabinet, role=Role.SPECIALIST, function="Consilier")
    ion = users.ion
    with tenancy.serving(gama):
        audience = services.ask(actor=ion, party=person_of(ion), category="public_domain", topic=TOPIC)
    assert audience.institution == gama
    assert audience.registry_entry.institution == gama and audience.registry_entry.department == cabinet
    assert selectors.audience_department(city) != cabinet
    assert selectors.follow_up_service(gama) == commune_service != selectors.follow_up_service(city)

    roads = gama.departments.get(code="urb")
    with tenancy.serving(gama):
        services.refer(actor=clerk, audience_id=audience.pk, department_id=roads.pk,
                       note="Verificați starea trotuarului și programați reparația.")
    audience.refresh_from_db()
    assert audience.status == Status.REFERRED
    request = audience.follow_up
    assert request.service == commune_service and request.institution == gama and request.department == roads
