"""Two city halls on one installation: each has its own parking zones, types and subscriptions.

The demo city (demo.test, zones Z1, Z2, R1) and a commune (beta.test, added by the IT admin's command) that
opens a zone of its own, also coded "Z1". On the commune's site none of the demo city's zones, types or
subscriptions is offered, shown, sold, renewed or checked; work outside a request takes the city hall from the
subscription.
"""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from primaria.accounts.selectors import person_of
from primaria.core.errors import DomainError
from primaria.institutions import tenancy
from primaria.institutions.models import HostName, Institution
from primaria.parking import selectors, services
from primaria.parking.models import Status, Subscription, SubscriptionType, Zone
from primaria.parking.payables import ParkingSubscriptions

from .conftest import tomorrow

pytestmark = pytest.mark.django_db
DEMO_NAMES = ("Centru istoric", "Abonament lunar Centru", "Rezidențial Mărășești", "Abonament rezident")


@pytest.fixture
def halls(city, users, settings):
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    demo = Institution.objects.get(code="PMD")
    HostName.objects.create(host="demo.test", institution=demo, primary=True)
    call_command("add_city_hall", code="CBETA", name="Primăria Comunei Beta", host="beta.test",
                 address="Str. Principală 1, Beta", secretary_email="secretar@beta.test", stdout=StringIO())
    tenancy.forget()
    beta = Institution.objects.get(code="CBETA")
    with tenancy.serving(beta):
        zone = services.save_zone(actor=users.admin, zone=Zone(code="z1", name="Centrul comunei"))
        services.save_type(actor=users.admin, subscription_type=SubscriptionType(
            zone=zone, name="Abonament lunar Beta", period="month", price=Decimal("40.00")))
    return demo, beta, zone


def test_a_zone_code_may_repeat_across_city_halls_but_not_within_one(halls, users):
    demo, beta, beta_z1 = halls
    assert beta_z1.code == "Z1" and beta_z1.institution == beta
    assert Zone.objects.get(institution=demo, code="Z1").pk != beta_z1.pk
    with tenancy.serving(beta), pytest.raises(DomainError) as refused:
        services.save_zone(actor=users.admin, zone=Zone(code="Z1", name="Altă zonă"))
    assert "code" in refused.value.message_dict
    with tenancy.serving(beta):
        assert [z.code for z in selectors.zones_on_sale()] == ["Z1"]
        assert [t.name for t in selectors.types_on_sale()] == ["Abonament lunar Beta"]
    with tenancy.serving(demo):
        assert sorted(z.code for z in selectors.zones_on_sale()) == ["R1", "Z1", "Z2"]


def test_the_communes_site_lists_none_of_the_demo_citys_zones(client, halls, users):
    client.force_login(users.ion)
    on_demo = client.get("/parcare/abonament-nou/", HTTP_HOST="demo.test").content.decode()
    on_beta = client.get("/parcare/abonament-nou/", HTTP_HOST="beta.test").content.decode()
    assert all(name in on_demo for name in DEMO_NAMES) and "Abonament lunar Beta" not in on_demo
    assert not any(name in on_beta for name in DEMO_NAMES) and "Abonament lunar Beta" in on_beta
    # Ion's paid subscription in the demo city's R1 is shown on the demo city's site only.
    demo_subscription = Subscription.objects.get(party=person_of(users.ion), plate="TM07XYZ")
    assert demo_subscription.reference in client.get("/parcare/", HTTP_HOST="demo.test").content.decode()
    assert demo_subscription.reference not in client.get("/parcare/", HTTP_HOST="beta.test").content.decode()


def test_the_demo_citys_types_and_subscriptions_cannot_be_used_on_the_communes_site(client, halls, users):
    client.force_login(users.ion)
    demo_type = SubscriptionType.objects.get(name="Abonament lunar semicentral")
    day = tomorrow()
    answer = client.post("/parcare/abonament-nou/", {
        "plate": "CJ 12 ABC", "type": demo_type.pk, "starts_on-zi": str(day.day), "starts_on-luna": str(day.month),
        "starts_on-an": str(day.year)}, HTTP_HOST="beta.test")
    assert answer.status_code == 400 and not Subscription.objects.filter(plate="CJ12ABC").exists()
    demo_subscription = Subscription.objects.get(party=person_of(users.ion), plate="TM07XYZ")
    assert client.post(f"/parcare/{demo_subscription.public_id}/reinnoire/", HTTP_HOST="beta.test").status_code == 404
    assert not demo_subscription.renewals.exists()


def test_the_basket_and_a_reference_stay_with_their_city_hall(halls, users):
    demo, beta, beta_z1 = halls
    ion = person_of(users.ion)
    with tenancy.serving(demo):
        bought = services.buy(actor=users.ion, party=ion, plate="CJ 12 ABC", starts_on=tomorrow(),
                              type_id=SubscriptionType.objects.get(name="Abonament lunar semicentral").pk)
    source = ParkingSubscriptions()
    with tenancy.serving(beta):
        assert source.open_items(ion) == [] and source.item(bought.reference) is None
    with tenancy.serving(demo):
        assert [i.reference for i in source.open_items(ion)] == [bought.reference]
        assert source.item(bought.reference) is not None


def test_the_inspector_checks_only_the_zones_of_the_site(client, halls, users, inspector):
    demo, beta, beta_z1 = halls
    today = timezone.localdate()
    beta_type = SubscriptionType.objects.get(name="Abonament lunar Beta")
    Subscription.objects.create(
        party=person_of(users.ion), plate="BT99BET", zone=beta_z1, type=beta_type, price=beta_type.price,
        starts_on=today, ends_on=today + timedelta(days=20), status=Status.PAID, pay_by=timezone.now(),
        paid_at=timezone.now())
    client.force_login(inspector)
    answer = client.post("/birou/parcare/verificare/", {"plate": "BT 99 BET", "zone": "Z1"}, HTTP_HOST="demo.test")
    assert answer.status_code == 200
    result = answer.context["result"]
    assert result.zone.institution == demo and not result.valid and not result.covering and not result.elsewhere


def test_the_reminder_of_a_communes_subscription_links_to_the_commune(halls, users, settings):
    demo, beta, beta_z1 = halls
    settings.PRIMARIA_PARKING_REMIND_DAYS = 7
    today = timezone.localdate()
    beta_type = SubscriptionType.objects.get(name="Abonament lunar Beta")
    ending = Subscription.objects.create(
        party=person_of(users.ion), plate="BT99BET", zone=beta_z1, type=beta_type, price=beta_type.price,
        starts_on=today - timedelta(days=20), ends_on=today + timedelta(days=3), status=Status.PAID,
        pay_by=timezone.now(), paid_at=timezone.now())
    from primaria.notifications.models import Notification

    assert services.remind(subscription_id=ending.pk) is not None  # outside a request
    assert Notification.objects.get(template="parking_renewal", object_id=str(ending.pk)).city_hall == beta
