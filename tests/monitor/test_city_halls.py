"""Several city halls on one installation: the catalog service of applications to competitions
(`PRIMARIA_COMPETITION_SERVICE`) is named by a code every city hall uses for its own copy, so it is looked up in the
catalog of the competition's city hall, never across the installation."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from primaria.accounts.selectors import person_of
from primaria.catalog.models import Service
from primaria.institutions import tenancy
from primaria.institutions.models import HostName, Institution, Position, Role
from primaria.monitor import services
from primaria.monitor.demo import load_competition_service
from primaria.requests import services as requests
from tests.factories import answers_for, uploads_for


def add_commune(city, settings, code="CGAMA", host="gama.test"):
    """A commune added as an installation's administrator adds one (`manage.py add_city_hall`), the demo city
    served on a host name of its own."""
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    if not HostName.objects.filter(institution=city).exists():
        HostName.objects.create(host="primaria-demo.test", institution=city, primary=True)
    call_command("add_city_hall", code=code, name=f"Primăria Comunei {code[1:].title()}", host=host,
                 address="Str. Școlii 2", secretary_email=f"secretar@{host}", secretary_name="Ana Pop",
                 no_catalog=True, stdout=StringIO())
    tenancy.forget()
    return Institution.objects.get(code=code)


def copy_service(slug, commune, department_code):
    """The demo city's catalog service `slug`, with its fields, configured by `commune` under the same code."""
    from primaria.workflow.services import ensure_default_process

    service = Service.objects.get(institution__code="PMD", slug=slug)
    fields = list(service.fields.all())
    service.pk = service.id = None
    service._state.adding = True
    service.institution, service.department = commune, commune.departments.get(code=department_code)
    service.save()
    for field in fields:
        field.pk = field.id = None
        field._state.adding = True
        field.service = service
        field.save()
    ensure_default_process(service)
    return service


def file_request(user, service, commune):
    with tenancy.serving(commune):
        draft = requests.start_draft(actor=user, party=person_of(user), service=service)
        requests.save_draft(actor=user, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
        return requests.submit(actor=user, request_id=draft.pk)


@pytest.fixture
def gama(city, settings):
    return add_commune(city, settings)


def test_a_competition_of_a_commune_is_applied_to_through_the_communes_own_service(gama, city, users, client):
    today = timezone.localdate()
    demo_service = load_competition_service()
    demo_publisher = users.secretary
    services.publish_competition(
        actor=demo_publisher, institution=city, reference="PMD-2026-01", position="Inspector, clasa I",
        department="Direcția Urbanism", published_on=today, applications_until=today + timedelta(days=10),
        conditions="Studii superioare.")
    demo_choices = demo_service.fields.get(name="concurs").choices
    commune_service = copy_service(settings.PRIMARIA_COMPETITION_SERVICE, gama, "sg")
    secretary = Position.objects.get(department__institution=gama, role=Role.SECRETARY_GENERAL).user
    with tenancy.serving(gama):
        assert services.competition_service() == commune_service
        competition = services.publish_competition(
            actor=secretary, reference="GAMA-2026-01", position="Referent, clasa III",
            department="Compartimentul Registratură", published_on=today,
            applications_until=today + timedelta(days=10), conditions="Studii medii.")
    assert competition.institution == gama
    # the open competitions are the choices of each city hall's own service
    assert commune_service.fields.get(name="concurs").choices == competition.choice_label
    assert demo_service.fields.get(name="concurs").choices == demo_choices
    assert "GAMA-2026-01" not in demo_choices
    assert services.competition_service(city) == demo_service and services.competition_service(gama) == commune_service

    application = file_request(users.ion, commune_service, gama)
    assert application.institution == gama and application.department == gama.departments.get(code="sg")
    assert application.registry_entry.institution == gama
    assert list(services.competition_applications(competition)) == [application]

    # each host shows its own competitions and its own applications
    commune_page = client.get("/informatii-publice/concursuri/", HTTP_HOST="gama.test").content.decode()
    demo_page = client.get("/informatii-publice/concursuri/", HTTP_HOST="primaria-demo.test").content.decode()
    assert "GAMA-2026-01" in commune_page and "PMD-2026-01" not in commune_page
    assert "PMD-2026-01" in demo_page and "GAMA-2026-01" not in demo_page
    client.force_login(users.ion)
    mine = client.get("/informatii-publice/concursuri/candidaturile-mele/", HTTP_HOST="gama.test").content.decode()
    assert application.reference in mine
    # the commune's secretary general sees the application on the commune's office page, the demo's do not
    client.force_login(secretary)
    office = client.get(f"/birou/monitorul-oficial/concursuri/{competition.pk}/", HTTP_HOST="gama.test")
    assert office.status_code == 200 and application.reference in office.content.decode()
    client.force_login(demo_publisher)
    assert client.get(f"/birou/monitorul-oficial/concursuri/{competition.pk}/",
                      HTTP_HOST="primaria-demo.test").status_code == 404
