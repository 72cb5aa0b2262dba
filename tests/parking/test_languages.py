"""The parking pages and messages in English and Hungarian (Romanian stays the default)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from primaria.accounts.selectors import person_of
from primaria.notifications.models import Notification
from primaria.notifications.services import render
from primaria.parking import services
from primaria.parking.models import Subscription

from .conftest import tomorrow

pytestmark = pytest.mark.django_db

PAGES = {
    "en": ("Parking permits", "Buy a permit", "Permit check", "Registration number"),
    "hu": ("Parkolási bérletek", "Bérlet vásárlása", "Bérlet ellenőrzése", "Rendszám"),
}


@pytest.mark.parametrize("language", ["en", "hu"])
def test_the_resident_and_inspector_pages_speak_the_chosen_language(client, users, inspector, language):
    listing, buy, check, plate = PAGES[language]
    client.cookies["limba"] = language
    client.force_login(users.ion)
    page = client.get("/parcare/").content.decode()
    assert listing in page and buy in page
    assert "Abonamente de parcare" not in page and "Cumpărați un abonament" not in page
    page = client.get("/parcare/abonament-nou/").content.decode()
    assert plate in page and "Numărul de înmatriculare" not in page and "Continuați spre plată" not in page

    client.force_login(inspector)
    page = client.get("/birou/parcare/verificare/").content.decode()
    assert check in page and "Verificare abonament" not in page
    answer = client.post("/birou/parcare/verificare/", {"plate": "TM 99 ZZZ", "zone": ""}).content.decode()
    assert {"en": "TM 99 ZZZ has no permit.", "hu": "A(z) TM 99 ZZZ rendszámnak nincs bérlete."}[language] in answer
    assert "nu are abonament" not in answer


def test_romanian_stays_the_default(client, users):
    client.force_login(users.ion)
    page = client.get("/parcare/").content.decode()
    assert "Abonamente de parcare" in page and "Parking permits" not in page


def test_the_renewal_reminder_is_written_in_the_holders_language(users, kinds, settings):
    ion = users.ion
    ion.language = "en"
    ion.save(update_fields=["language"])
    today = timezone.localdate()
    subscription = services.buy(actor=ion, party=person_of(ion), plate="CJ 12 ABC",
                                type_id=kinds["Abonament lunar semicentral"].pk, starts_on=tomorrow())
    Subscription.objects.filter(pk=subscription.pk).update(status="paid", ends_on=today + timedelta(days=3))
    assert services.remind(subscription_id=subscription.pk) is not None
    notification = Notification.objects.get(template="parking_renewal", object_id=str(subscription.pk))
    assert notification.language == "en"
    render(notification)
    assert notification.subject.startswith("The parking permit for CJ 12 ABC expires on")
    assert notification.body.startswith("Hello Ion Popescu,") and "“Renew” button" in notification.body
    assert "Abonamentul" not in notification.subject + notification.body and "Bună ziua" not in notification.body
