"""Each city hall of an installation has its own report categories, districts, routing table, base layer and
reports: a site shows only its own, and a place is checked against its own boundary (docs/reports.md)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from primaria.core.errors import DomainError
from primaria.institutions import tenancy
from primaria.institutions.models import Department, HostName, Institution, Position, Role
from primaria.reports import services
from primaria.reports.models import Area, Category, Route
from primaria.reports.views import map_settings

from .conftest import INSIDE, answers

pytestmark = pytest.mark.django_db

# The commune lies well east of the demo city: a square around 46.0 N, 22.0 E, with one district.
BETA_SQUARE = {"type": "Polygon", "coordinates": [[[21.99, 45.99], [22.01, 45.99], [22.01, 46.01], [21.99, 46.01],
                                                    [21.99, 45.99]]]}
BETA_POINT = ("46.000000", "22.000000")


@pytest.fixture
def beta(city, settings):
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    commune = Institution.objects.create(code="CBETA", name="Primăria Comunei Beta", address="Str. Principală 1, Beta")
    sg = Department.objects.create(institution=commune, code="sg", name="Secretar General Beta")
    Department.objects.create(institution=commune, code="urb", name="Urbanism Beta")
    Area.objects.create(city_hall=commune, kind=Area.Kind.BOUNDARY, code="limita", name="Limita comunei Beta",
                        geometry=BETA_SQUARE)
    Area.objects.create(city_hall=commune, kind=Area.Kind.DISTRICT, code="centru", name="Satul Beta Centru",
                        geometry=BETA_SQUARE)
    # the same slug as one of the demo city's categories
    Category.objects.create(city_hall=commune, slug="groapa", name="Gropi pe ulițele Betei", department=sg)
    HostName.objects.create(host="demo.test", institution=city, primary=True)
    HostName.objects.create(host="beta.test", institution=commune, primary=True)
    tenancy.forget()
    return commune


def _beta_report(beta, **extra):
    with tenancy.serving(beta):
        category = Category.objects.get(city_hall=beta, slug="groapa")
        return services.submit(actor=None, category_id=category.pk, latitude=BETA_POINT[0], longitude=BETA_POINT[1],
                               description="O groapă mare pe ulița principală.", email="vecin@beta.test", **extra)


def test_a_category_slug_repeats_across_city_halls_but_not_within_one(beta, city):
    assert set(Category.objects.filter(slug="groapa").values_list("city_hall__code", flat=True)) == {"PMD", "CBETA"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(city_hall=beta, slug="groapa", name="Altă categorie",
                                department=Department.objects.get(institution=beta, code="sg"))


def test_each_site_shows_only_its_own_categories_and_reports(beta, city, make_report, client):
    demo_report = make_report("groapa", at=INSIDE)
    beta_report = _beta_report(beta)
    assert (demo_report.city_hall, beta_report.city_hall) == (city, beta)
    demo_name = Category.objects.get(city_hall=city, slug="groapa").name
    for url in (reverse("reports:index"), reverse("reports:start"), reverse("reports:map"), reverse("reports:list")):
        on_beta = client.get(url, HTTP_HOST="beta.test").content.decode()
        on_demo = client.get(url, HTTP_HOST="demo.test").content.decode()
        assert "Gropi pe ulițele Betei" in on_beta and demo_name not in on_beta, url
        assert demo_name in on_demo and "Gropi pe ulițele Betei" not in on_demo, url
    points = client.get(reverse("reports:geojson"), HTTP_HOST="beta.test").json()["features"]
    assert [p["properties"]["id"] for p in points] == [str(beta_report.public_id)]
    api = client.get("/api/v1/reports/", HTTP_HOST="beta.test", HTTP_ACCEPT="application/json").json()
    assert [r["id"] for r in api["results"]] == [str(beta_report.public_id)]
    slugs = client.get("/api/v1/report-categories/", HTTP_HOST="beta.test", HTTP_ACCEPT="application/json").json()
    assert [c["name"] for c in slugs] == ["Gropi pe ulițele Betei"]
    on_demo = client.get("/api/v1/reports/", HTTP_HOST="demo.test", HTTP_ACCEPT="application/json").json()
    assert str(beta_report.public_id) not in {r["id"] for r in on_demo["results"]}
    # another city hall's report answers 404: its follow link, its join form
    link = reverse("reports:follow", args=[services.follow_token(demo_report, demo_report.email)])
    assert client.get(link, HTTP_HOST="demo.test").status_code == 200
    assert client.get(link, HTTP_HOST="beta.test").status_code == 404
    join = client.post(reverse("reports:join", args=[demo_report.public_id]), {"email": "altcineva@beta.test"},
                       HTTP_HOST="beta.test")
    assert join.status_code == 404


def test_a_pin_inside_one_city_hall_is_refused_on_another(beta, city, client):
    refused = client.post(reverse("reports:start"), {"categorie": "groapa", "lat": INSIDE[0], "lon": INSIDE[1]},
                          HTTP_HOST="beta.test")
    assert refused.status_code == 200 and "Locul ales este în afara localității" in refused.content.decode()
    accepted = client.post(reverse("reports:start"), {"categorie": "groapa", "lat": INSIDE[0], "lon": INSIDE[1]},
                           HTTP_HOST="demo.test")
    assert accepted.status_code == 302
    with tenancy.serving(beta):
        with pytest.raises(DomainError) as outside:
            services.place(latitude=INSIDE[0], longitude=INSIDE[1])
        assert outside.value.message_dict["place"] == [services.OUTSIDE]
        lat, lon, district = services.place(latitude=BETA_POINT[0], longitude=BETA_POINT[1])
        assert district.code == "centru" and district.city_hall == beta
    assert not services.inside_city(float(BETA_POINT[0]), float(BETA_POINT[1]), city)
    assert services.boundary(beta).name == "Limita comunei Beta" and services.boundary(city).city_hall == city
    assert list(services.districts(beta).values_list("code", flat=True)) == ["centru"]
    assert "centru" not in services.districts(city).values_list("code", flat=True)
    # a demo category cannot be used on the commune's site, even by its identifier
    with tenancy.serving(beta), pytest.raises(DomainError) as wrong:
        services.submit(actor=None, category_id=Category.objects.get(city_hall=city, slug="iluminat").pk,
                        latitude=BETA_POINT[0], longitude=BETA_POINT[1], description="Un stâlp stins pe uliță.",
                        data=answers("iluminat"), email="vecin@beta.test")
    assert "category" in wrong.value.message_dict


def test_the_base_layer_and_its_streets_are_the_city_halls_own(beta, city, client):
    with tenancy.serving(city):
        assert map_settings()["base_layer"] == "reports/demo-city.geojson"
        assert services.locate_address("Str. Mărășești nr. 10") is not None
    with tenancy.serving(beta):
        assert map_settings()["base_layer"] == ""
        assert services.locate_address("Str. Mărășești nr. 10") is None
    page = client.get(reverse("reports:map"), HTTP_HOST="beta.test").content.decode()
    assert "demo-city.geojson" not in page
    assert "demo-city.geojson" in client.get(reverse("reports:map"), HTTP_HOST="demo.test").content.decode()


def test_a_routing_rule_names_only_a_department_of_the_same_city_hall(beta, city, users):
    category = Category.objects.get(city_hall=city, slug="groapa")
    district = services.districts(city).first()
    foreign = Department.objects.get(institution=beta, code="urb")
    with tenancy.serving(city), pytest.raises(DomainError) as refused:
        services.set_route(actor=users.secretary, category_id=category.pk, area_id=district.pk,
                           department_id=foreign.pk)
    assert "Alegeți un compartiment al acestei primării" in str(refused.value.message_dict)
    assert not Route.objects.filter(department=foreign).exists()
    # another city hall's category or district is not there to route
    with tenancy.serving(city), pytest.raises(DomainError):
        services.set_route(actor=users.secretary, category_id=Category.objects.get(city_hall=beta).pk,
                           area_id=district.pk, department_id="")
    own = Department.objects.get(institution=city, code="urb")
    with tenancy.serving(city):
        row = services.set_route(actor=users.secretary, category_id=category.pk, area_id=district.pk,
                                 department_id=own.pk)
    assert row.city_hall == city
    # the category's default department, in the admin's form
    category.department = foreign
    with pytest.raises(ValidationError) as wrong:
        category.full_clean()
    assert "department" in wrong.value.message_dict
    rule = Route(city_hall=city, category=category, area=district, department=foreign)
    with pytest.raises(ValidationError):
        rule.full_clean(validate_unique=False)


def test_the_office_and_its_routing_table_show_only_the_city_halls_own(beta, city, make_report, client):
    demo_report = make_report("groapa", at=INSIDE)
    beta_report = _beta_report(beta)
    secretary = Position.objects.create(user=_user("sg@beta.test"), role=Role.SECRETARY_GENERAL,
                                        department=Department.objects.get(institution=beta, code="sg")).user
    client.force_login(secretary)
    page = client.get(reverse("reports_office:index") + "?stare=all", HTTP_HOST="beta.test").content.decode()
    assert beta_report.reference in page and demo_report.reference not in page
    foreign = client.get(reverse("reports_office:detail", args=[demo_report.public_id]), HTTP_HOST="beta.test")
    assert foreign.status_code == 404
    table = client.get(reverse("reports_office:routes"), HTTP_HOST="beta.test")
    assert table.status_code == 200
    body = table.content.decode()
    assert "Satul Beta Centru" in body and "Urbanism Beta" in body
    assert "Cartierul Est" not in body and "Serviciul Parcări" not in body


def test_work_outside_a_request_uses_the_reports_city_hall(beta):
    report = _beta_report(beta)
    assert services.follow_url(report, report.email).startswith("https://beta.test") or \
        services.follow_url(report, report.email).startswith("http://beta.test")


def test_a_new_city_hall_starts_with_its_own_categories(city, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [".test", "testserver"]
    call_command("add_city_hall", code="CGAMA", name="Primăria Comunei Gama", host="gama.test",
                 address="Str. Mare 1, Gama", stdout=StringIO())
    gama = Institution.objects.get(code="CGAMA")
    made = Category.objects.filter(city_hall=gama).select_related("department")
    assert made.filter(slug="groapa").exists() and made.filter(kind="petition").exists()
    assert all(c.department.institution_id == gama.pk for c in made)
    assert not Area.objects.filter(city_hall=gama).exists()
    assert Category.objects.filter(city_hall=city, slug="groapa").exists()


def _user(email):
    from primaria.accounts.models import User

    return User.objects.create_user(email=email, password=None)
