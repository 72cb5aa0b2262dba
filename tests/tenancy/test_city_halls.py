"""One installation, several city halls: the host name decides which one a request serves (docs/deployment.md)."""

import threading

import pytest

from primaria.catalog.models import Service
from primaria.institutions import tenancy
from primaria.institutions.models import Department, HostName, Institution, Position, Role
from primaria.institutions.selectors import is_official, main_institution, positions_of


@pytest.fixture
def beta(city, settings):
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    commune = Institution.objects.create(code="CBETA", name="Primăria Comunei Beta", address="Str. Principală 1, Beta")
    department = Department.objects.create(institution=commune, code="REG", name="Registratură Beta", is_registry=True)
    template = Service.objects.filter(institution=city, active=True).order_by("pk").first()
    Service.objects.create(institution=commune, category=template.category, department=department,
                           slug="certificat-beta", name="Certificat doar la Beta", summary="Doar în comuna Beta.",
                           description="", legal_basis="", term_days=30, active=True)
    HostName.objects.create(host="primaria-demo.test", institution=city, primary=True)
    HostName.objects.create(host="beta.test", institution=commune, primary=True)
    tenancy.forget()  # rows made here, not through institutions.services: drop what was cached while they were made
    return commune


def test_one_city_hall_needs_no_host_names(city, client, settings):
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    page = client.get("/servicii/", HTTP_HOST="oricare.test")
    assert page.status_code == 200
    assert "Primăria Municipiului Demo" in page.content.decode()


def test_each_host_serves_its_own_city_hall(beta, client):
    demo = client.get("/servicii/", HTTP_HOST="primaria-demo.test").content.decode()
    commune = client.get("/servicii/", HTTP_HOST="BETA.test:8000").content.decode()
    assert "Certificat doar la Beta" in commune and "Primăria Comunei Beta" in commune
    assert "Certificat doar la Beta" not in demo
    demo_service = Service.objects.filter(institution__code="PMD", active=True).order_by("pk").first()
    assert demo_service.name in demo and demo_service.name not in commune
    assert client.get(f"/servicii/{demo_service.slug}/", HTTP_HOST="beta.test").status_code == 404


def test_a_host_of_no_city_hall_is_refused_in_romanian(beta, client):
    page = client.get("/servicii/", HTTP_HOST="necunoscut.test")
    assert page.status_code == 404
    assert "nu aparține niciunei primării" in page.content.decode()
    api = client.get("/api/v1/services/", HTTP_HOST="necunoscut.test", HTTP_ACCEPT="application/json")
    assert api.status_code == 404 and "primării" in api.json()["detail"]
    # probes answer for the installation on any host
    assert client.get("/sanatate/viu/", HTTP_HOST="necunoscut.test").status_code == 200


def test_an_official_is_an_official_only_on_their_city_hall(beta, users, client):
    clerk = users.clerk
    with tenancy.serving(beta):
        clerk_elsewhere = type(clerk).objects.get(pk=clerk.pk)
        assert positions_of(clerk_elsewhere) == [] and not is_official(clerk_elsewhere)
        assert main_institution() == beta
    assert is_official(clerk)
    client.force_login(clerk)
    assert client.get("/birou/", HTTP_HOST="primaria-demo.test").status_code == 200
    elsewhere = client.get("/birou/", HTTP_HOST="beta.test")
    assert elsewhere.status_code in (302, 403, 404)
    # and a commune's official sees their commune's office only
    beta_clerk = type(clerk).objects.create_user(email="registratura@beta.test", password="x-Parola-lunga-2026")
    Position.objects.create(user=beta_clerk, department=beta.departments.get(), role=Role.REGISTRY_CLERK, function="Referent")
    with tenancy.serving(beta):
        assert is_official(type(clerk).objects.get(pk=beta_clerk.pk))
    with tenancy.serving(main_institution()):
        assert not is_official(type(clerk).objects.get(pk=beta_clerk.pk))


def test_concurrent_requests_never_see_each_others_city_hall(beta, city):
    seen, barrier = {}, threading.Barrier(2)

    def serve(hall):
        with tenancy.serving(hall):
            barrier.wait()
            seen[hall.code] = tenancy.current().code

    threads = [threading.Thread(target=serve, args=(hall,)) for hall in (city, beta)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"PMD": "PMD", "CBETA": "CBETA"}
    assert tenancy.current() is None


def test_links_in_messages_use_the_city_halls_own_address(beta, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert tenancy.site_url(beta) == "http://beta.test:8000"
    assert tenancy.site_url(None) == "http://127.0.0.1:8000"


def test_the_it_admin_adds_a_commune_with_its_starter_catalog(city, users, client, settings):
    from io import StringIO

    from django.core.management import call_command

    from primaria.audit.models import AuditEntry
    from primaria.workflow.models import ProcessDefinition

    settings.ALLOWED_HOSTS = [".test", "testserver"]
    out = StringIO()
    call_command("add_city_hall", code="CGAMA", name="Primăria Comunei Gama", host="Gama.Test",
                 address="Str. Școlii 2, Gama", county="Demo", secretary_email="secretar@gama.test",
                 secretary_name="Ana Pop", stdout=out)
    commune = Institution.objects.get(code="CGAMA")
    assert commune.parent is None and commune.host_names.get().host == "gama.test"
    assert commune.services.count() >= 10
    assert not ProcessDefinition.objects.filter(service__institution=commune).count() < commune.services.count()
    assert "parola" in out.getvalue() and "http://gama.test" in out.getvalue()
    assert AuditEntry.objects.filter(action="institutions.add_city_hall", institution_id=commune.pk).exists()
    secretary = Position.objects.get(department__institution=commune, role=Role.SECRETARY_GENERAL).user
    assert not secretary.has_usable_password()
    # the same service address answers each city hall's own service
    slug = commune.services.order_by("pk").first().slug
    demo_page = client.get(f"/servicii/{slug}/", HTTP_HOST="localhost").content.decode()
    commune_page = client.get(f"/servicii/{slug}/", HTTP_HOST="gama.test").content.decode()
    assert "Primăria Comunei Gama" in commune_page and "Primăria Comunei Gama" not in demo_page
    # the demo's officials are residents on the commune's site
    client.force_login(users.secretary)
    assert client.get("/birou/", HTTP_HOST="gama.test").status_code in (302, 403, 404)


@pytest.mark.parametrize("field,value,message", [
    ("host", "http://x.test/", "nu este valid"),
    ("host", "beta.test", "deja folosit"),
    ("code", "PMD", "Există deja"),
    ("code", "cu spațiu", "doar litere"),
    ("name", " ", "denumirea"),
])
def test_a_commune_with_bad_data_is_refused_in_romanian_and_nothing_is_saved(beta, field, value, message):
    from django.core.exceptions import ValidationError

    from primaria.institutions.services import add_city_hall

    data = {"code": "CDELTA", "name": "Primăria Comunei Delta", "host": "delta.test", "address": "Str. 1", field: value}
    before = Institution.objects.count()
    with pytest.raises(ValidationError) as refused:
        add_city_hall(actor=None, **data)
    assert message in " ".join(refused.value.message_dict[field])
    assert Institution.objects.count() == before


def test_a_request_filed_with_a_commune_is_numbered_in_its_own_register(beta, users):
    from primaria.accounts.selectors import person_of
    from primaria.core.rules import official_requests
    from primaria.requests import services
    from tests.factories import answers_for, uploads_for

    template = Service.objects.filter(institution__code="PMD", slug="adeverinta-nomenclatura-stradala").get()
    service = Service.objects.get(slug="certificat-beta")
    for source in template.fields.all():
        source.pk, source.service = None, service
        source.save()
    ion = users.ion
    with tenancy.serving(beta):
        draft = services.start_draft(actor=ion, party=person_of(ion), service=service)
        services.save_draft(actor=ion, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
        filed = services.submit(actor=ion, request_id=draft.pk)
    assert filed.registry_entry.institution == beta
    beta_clerk = type(ion).objects.create_user(email="registratura@beta.test", password="x-Parola-lunga-2026")
    Position.objects.create(user=beta_clerk, department=beta.departments.get(), role=Role.REGISTRY_CLERK, function="Referent")
    assert filed not in official_requests(users.clerk)


def test_the_installation_admin_adds_and_removes_host_names_in_the_admin(beta, users, client):
    from primaria.audit.models import AuditEntry

    admin = users.admin
    client.force_login(admin)
    refused = client.post("/admin/institutions/hostname/add/", {"institution": beta.pk, "host": "beta.test"})
    assert refused.status_code == 200 and "deja folosit" in refused.content.decode()
    refused = client.post("/admin/institutions/hostname/add/", {"institution": beta.pk, "host": "https://www.beta.test/"})
    assert "nu este valid" in refused.content.decode()
    added = client.post("/admin/institutions/hostname/add/", {"institution": beta.pk, "host": "WWW.beta.test"})
    assert added.status_code == 302
    name = HostName.objects.get(host="www.beta.test")
    assert "Primăria Comunei Beta" in client.get("/servicii/", HTTP_HOST="www.beta.test").content.decode()
    assert AuditEntry.objects.filter(action="institutions.add_host_name", institution_id=beta.pk).exists()
    client.post(f"/admin/institutions/hostname/{name.pk}/delete/", {"post": "yes"})
    assert not HostName.objects.filter(host="www.beta.test").exists()
    assert client.get("/servicii/", HTTP_HOST="www.beta.test").status_code == 404


def test_newsletters_carry_only_the_announcements_of_the_city_hall_subscribed_to(beta, city):
    from primaria.notifications.models import Notification
    from primaria.participation import services
    from primaria.participation.models import Topic

    topic = Topic.objects.filter(feed=Topic.Feed.DECISIONS).first() or Topic.objects.create(
        slug="hotarari-test", name="Hotărâri", feed=Topic.Feed.DECISIONS)
    with tenancy.serving(beta):
        pending = services.subscribe(email="abonat@beta.test", topic_ids=[topic.pk], agree=True)
    confirmation = Notification.objects.get(address="abonat@beta.test", template="participation_confirm")
    assert "beta.test" in confirmation.context["confirm_url"]
    services.confirm(token=services.confirm_token("abonat@beta.test", pending))
    assert services.send_to_topic(feed=Topic.Feed.DECISIONS, key="act:pmd", subject="HCL", summary="HCL Demo",
                                  url="http://x.test/", city_hall=city) == 0
    assert services.send_to_topic(feed=Topic.Feed.DECISIONS, key="act:beta", subject="HCL", summary="HCL Beta",
                                  url="http://x.test/", city_hall=beta) == 1
    sent = Notification.objects.get(address="abonat@beta.test", template="participation_newsletter")
    assert sent.context["unsubscribe_url"].startswith("http://beta.test")
