"""Two city halls on one installation: alerts and subscriptions belong to the city hall they were made on.

The demo city (demo.test) and a commune (beta.test) whose map lies over part of the demo city's (its boundary and
its district overlap the demo's Cartierul Sud), so only the city hall, never the geometry, keeps them apart.
"""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from primaria.alerts import rules as alert_rules
from primaria.alerts import services
from primaria.alerts.models import Alert, AlertNotice, Subscription
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.institutions import tenancy
from primaria.notifications.models import Notification

from .conftest import drain, polygon, resident

ALERT_AREA = polygon(21.195, 45.735, 21.205, 45.742)  # in the demo's Cartierul Sud, and in the commune's map
NEAR = polygon(21.198, 45.737, 21.200, 45.739)  # inside ALERT_AREA
BETA_BOUNDARY = polygon(21.19, 45.73, 21.215, 45.745)
BETA_DISTRICT = polygon(21.19, 45.73, 21.21, 45.745)


def _at(city_hall):
    return tenancy.serving(city_hall)


@pytest.fixture
def halls(city, settings):
    """(the demo city, the commune, the commune's publisher, the commune's department that issues alerts)."""
    from primaria.accounts.models import User
    from primaria.institutions.models import Department, HostName, Institution, Position, Role
    from primaria.institutions.services import add_city_hall
    from primaria.reports.models import Area

    settings.ALLOWED_HOSTS = [".test", "testserver"]
    demo = Institution.objects.get(code="PMD")
    HostName.objects.create(host="demo.test", institution=demo, primary=True)
    beta = add_city_hall(actor=None, code="CBETA", name="Primăria Comunei Beta", host="beta.test",
                         address="Str. Principală 1, Beta", starter_catalog=False)
    # The commune's own public-domain service: its code is the one PRIMARIA_ALERTS_INSTITUTION names (the
    # demo city's "ADP" is taken: codes are unique on the installation, compared without case).
    works = Institution.objects.create(code=settings.PRIMARIA_ALERTS_INSTITUTION.lower(), parent=beta,
                                       name="Serviciul Public Comunal Beta", address="Str. Principală 2, Beta")
    department = Department.objects.create(institution=works, code="drumuri", name="Compartimentul Drumuri Beta")
    official = User.objects.create_user(email="drumuri@beta.test", password="Parola-Test-2026!", first_name="Vasile",
                                        last_name="Beta")
    Position.objects.create(user=official, department=department, role=Role.HEAD, function="Șef compartiment")
    Area.objects.create(city_hall=beta, kind=Area.Kind.BOUNDARY, code="limita", name="Limita comunei Beta",
                        geometry=BETA_BOUNDARY)
    Area.objects.create(city_hall=beta, kind=Area.Kind.DISTRICT, code="sud", name="Satul Beta de Jos",
                        geometry=BETA_DISTRICT)
    tenancy.forget()
    return demo, beta, official, department


def _publish(actor, department, *, title, city_hall, geometry=ALERT_AREA):
    now = timezone.now()
    with _at(city_hall):
        alert = services.save_draft(actor=actor, topic="apa", title=title, description="Apa este oprită pentru lucrări.",
                                    geometry_value=geometry, starts_at=now - datetime.timedelta(hours=1),
                                    ends_at=now + datetime.timedelta(hours=24), department_id=department.pk)
        return services.publish(actor=actor, alert_id=alert.pk)


def _told(alert):
    return sorted({n.recipient.email if n.recipient else n.address
                   for n in Notification.objects.filter(object_type="alerts.alert", object_id=str(alert.pk))})


def test_an_alert_reaches_only_the_subscribers_of_its_own_city_hall(halls, publisher, department, mailbox):
    from primaria.reports.models import Area

    demo, beta, official, beta_department = halls
    Subscription.objects.all().delete()
    demo_resident, beta_resident, beta_district = (resident(f"{n}@example.ro", n) for n in
                                                   ("demo", "beta", "betadistrict"))
    with _at(demo):
        services.subscribe(actor=demo_resident, kind="area", geojson=NEAR, topics=["apa"], channels=["email", "inapp"])
    with _at(beta):
        services.subscribe(actor=beta_resident, kind="area", geojson=NEAR, topics=["apa"], channels=["email", "inapp"])
        services.subscribe(actor=beta_district, kind="district", topics=["apa"], channels=["inapp"],
                           district_id=Area.objects.get(city_hall=beta, code="sud").pk)
        services.subscribe(actor=None, kind="area", geojson=NEAR, topics=["apa"], channels=[],
                           email="vecin@example.ro")
    pending = Subscription.objects.get(email="vecin@example.ro")
    assert pending.city_hall == beta
    drain()
    confirm = Notification.objects.get(address="vecin@example.ro", template="alerts/confirm")
    beta_site = tenancy.site_url(beta)
    assert "//beta.test" in beta_site
    assert confirm.context["link"].startswith(f"{beta_site}/alerte/")
    with _at(beta):
        services.confirm_subscription(token=pending.confirm_token)

    demo_alert = _publish(publisher, department, title="Apă oprită în oraș", city_hall=demo)
    drain()
    assert demo_alert.city_hall == demo
    assert _told(demo_alert) == ["demo@example.ro"]

    beta_alert = _publish(official, beta_department, title="Apă oprită în comună", city_hall=beta)
    drain()
    assert beta_alert.city_hall == beta
    assert _told(beta_alert) == ["beta@example.ro", "betadistrict@example.ro", "vecin@example.ro"]
    [mail] = Notification.objects.filter(object_id=str(beta_alert.pk), address="vecin@example.ro")
    assert mail.context["link"] == f"{beta_site}{beta_alert.get_absolute_url()}"
    assert mail.context["unsubscribe_url"].startswith(f"{beta_site}/alerte/")
    assert not AlertNotice.objects.filter(alert=demo_alert, subscriber__in=[f"u{beta_resident.pk}",
                                                                            f"u{beta_district.pk}"]).exists()


def test_one_city_hall_site_lists_none_of_another_s_alerts(halls, make_alert):
    demo, beta, official, beta_department = halls
    demo_alert = make_alert(ALERT_AREA, title="Apă oprită în Cartierul Sud al orașului")
    assert demo_alert.city_hall == demo
    beta_alert = _publish(official, beta_department, title="Apă oprită în Satul Beta de Jos", city_hall=beta)
    client = Client()

    def get(url, host):
        return client.get(url, HTTP_HOST=host, HTTP_ACCEPT="application/json" if "/api/" in url else "text/html")

    for host, mine, other in (("beta.test", beta_alert, demo_alert), ("demo.test", demo_alert, beta_alert)):
        for url in ("/alerte/", "/alerte/alerte.geojson?viitoare=1", "/alerte/alerte.geojson", "/alerte/feed.atom",
                    "/alerte/feed/apa.atom", "/api/v1/alerts/"):
            answer = get(url, host)
            assert answer.status_code == 200, url
            body = json.dumps(answer.json(), ensure_ascii=False) if "/api/" in url else answer.content.decode()
            assert mine.title in body and str(mine.public_id) in body, (host, url)
            assert other.title not in body and str(other.public_id) not in body, (host, url)
        assert get(other.get_absolute_url(), host).status_code == 404
        assert get(f"/api/v1/alerts/{other.public_id}/", host).status_code == 404
        assert get(mine.get_absolute_url(), host).status_code == 200
        features = json.loads(get("/alerte/alerte.geojson", host).content)["features"]
        assert [f["properties"]["url"] for f in features if f["properties"]["id"] == str(mine.public_id)] == [
            tenancy.site_url(mine.city_hall) + mine.get_absolute_url()]
        assert f"//{host}" in tenancy.site_url(mine.city_hall)


def test_a_publisher_of_one_city_hall_is_nobody_on_another_s_site(halls, publisher, department, make_alert):
    from primaria.alerts.models import Alert as AlertModel

    demo, beta, official, beta_department = halls
    demo_alert = make_alert(ALERT_AREA, publish=False, title="Ciorna orașului")
    # The rule itself, with no host names involved: the code is looked up in the served city hall's tree.
    with _at(beta):
        assert not rules.can(publisher, AlertModel, "publish")
        assert not alert_rules.departments_for(publisher).exists()
        assert rules.can(official, AlertModel, "publish")
        assert list(alert_rules.departments_for(official)) == [beta_department]
        with pytest.raises(PermissionDenied):
            services.publish(actor=official, alert_id=demo_alert.pk)
        with pytest.raises(PermissionDenied):
            _publish(publisher, department, title="Alertă a orașului pe site-ul comunei", city_hall=beta)
    with _at(demo):
        assert rules.can(publisher, AlertModel, "publish")
        assert not rules.can(official, AlertModel, "publish")
    assert not Alert.objects.filter(title="Alertă a orașului pe site-ul comunei").exists()
    # And on the sites.
    client = Client()
    client.force_login(publisher)
    assert client.get("/birou/alerte/", HTTP_HOST="beta.test").status_code == 403
    assert client.get("/birou/alerte/noua/", HTTP_HOST="beta.test").status_code == 403
    assert client.get("/birou/alerte/noua/", HTTP_HOST="demo.test").status_code == 200
    client.force_login(official)
    form = client.get("/birou/alerte/noua/", HTTP_HOST="beta.test")
    assert form.status_code == 200
    assert "Satul Beta de Jos" in form.text and "Cartierul Sud" not in form.text
    assert client.get(f"/birou/alerte/{demo_alert.public_id}/", HTTP_HOST="beta.test").status_code == 404
    assert client.post(f"/birou/alerte/{demo_alert.public_id}/actiune/", {"action": "publish"},
                       HTTP_HOST="beta.test").status_code == 404
    demo_alert.refresh_from_db()
    assert demo_alert.status == "draft"
    # Also where no host name keeps the officials' positions apart (a command acting for one city hall): the
    # institution the setting names is looked up in the served city hall's tree only.
    from primaria.institutions.models import HostName

    HostName.objects.all().delete()
    tenancy.forget()
    assert not tenancy.hosts_many()
    with _at(beta):
        assert not rules.can(publisher, AlertModel, "publish")
        assert rules.can(official, AlertModel, "publish")
    with _at(demo):
        assert rules.can(publisher, AlertModel, "publish")
        assert not rules.can(official, AlertModel, "publish")


def test_subscriptions_are_made_within_the_served_city_hall(halls):
    from primaria.reports.models import Area

    demo, beta, official, beta_department = halls
    someone = resident("cineva@example.ro", "Cineva")
    demo_district = Area.objects.get(city_hall=demo, kind=Area.Kind.DISTRICT, code="nord")
    with _at(beta):
        # inside the demo city, outside the commune's boundary
        with pytest.raises(DomainError) as outside:
            services.subscribe(actor=someone, kind="area", geojson=polygon(21.23, 45.75, 21.24, 45.76),
                               topics=["apa"], channels=["email"])
        assert "geometry" in outside.value.message_dict
        with pytest.raises(DomainError) as district:
            services.subscribe(actor=someone, kind="district", district_id=demo_district.pk, topics=["apa"],
                               channels=["email"])
        assert "district" in district.value.message_dict
    with _at(demo):
        theirs = services.subscribe(actor=someone, kind="district", district_id=demo_district.pk, topics=["apa"],
                                    channels=["email"])
    assert theirs.city_hall == demo
    client = Client()
    client.force_login(someone)
    page = client.get("/alerte/abonare/", HTTP_HOST="beta.test")
    assert page.status_code == 200 and "Satul Beta de Jos" in page.text and demo_district.name not in page.text
    assert demo_district.name in client.get("/alerte/abonarile-mele/", HTTP_HOST="demo.test").text
    assert demo_district.name not in client.get("/alerte/abonarile-mele/", HTTP_HOST="beta.test").text
    assert client.get("/api/v1/alert-subscriptions/", HTTP_HOST="beta.test",
                      HTTP_ACCEPT="application/json").json() == []
    with _at(beta), pytest.raises(DomainError):
        services.delete_subscription(actor=someone, subscription_id=theirs.pk)
    # A link of the demo city's messages opened on the commune's site finds nothing there.
    assert client.get(f"/alerte/dezabonare/{theirs.unsubscribe_token}/", HTTP_HOST="beta.test").status_code == 200
    client.post(f"/alerte/dezabonare/{theirs.unsubscribe_token}/", HTTP_HOST="beta.test")
    assert Subscription.objects.filter(pk=theirs.pk).exists()
    client.post(f"/alerte/dezabonare/{theirs.unsubscribe_token}/", HTTP_HOST="demo.test")
    assert not Subscription.objects.filter(pk=theirs.pk).exists()
