"""The demo city's parking loads again without duplicating anything, and its accounts are printed."""

from django.utils import timezone

from primaria.demo.loader import load_demo_city, official_accounts
from primaria.parking.models import Status, Subscription, SubscriptionType, Zone


def test_the_demo_parking_is_loaded_once_and_ion_holds_a_valid_subscription(city, inspector):
    load_demo_city()
    assert sorted(Zone.objects.values_list("code", flat=True)) == ["R1", "Z1", "Z2"]
    assert SubscriptionType.objects.count() == 5
    demo = Subscription.objects.get(plate="TM07XYZ")
    assert demo.status == Status.PAID and demo.starts_on <= timezone.localdate() <= demo.ends_on
    assert demo.party.email == "ion.popescu@example.ro"
    assert ("par.specialist@primaria-demo.ro", "Specialist", "Serviciul Parcări") in official_accounts()
