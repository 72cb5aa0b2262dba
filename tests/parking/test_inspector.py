"""The inspector's check: whether a plate may park in a zone today, with no personal data, logged each time;
only the parking department reaches the page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from primaria.accounts.selectors import person_of
from primaria.audit.models import AuditEntry
from primaria.parking import services
from primaria.parking.models import Status, Subscription

URL = "/birou/parcare/verificare/"


def _paid(user, kind, plate, starts_on, ends_on=None):
    subscription = services.buy(actor=user, party=person_of(user), plate=plate, type_id=kind.pk,
                                starts_on=timezone.localdate(), proof_confirmed=True)
    Subscription.objects.filter(pk=subscription.pk).update(
        status=Status.PAID, paid_at=timezone.now(), starts_on=starts_on, ends_on=ends_on or subscription.ends_on)
    subscription.refresh_from_db()
    return subscription


def _check(client, plate, zone=""):
    answer = client.post(URL, {"plate": plate, "zone": zone})
    return answer, answer.content.decode()


def test_a_valid_subscription_is_shown_with_its_zone_and_end_and_nothing_about_its_holder(client, users, kinds,
                                                                                          inspector):
    today = timezone.localdate()
    valid = _paid(users.maria, kinds["Abonament lunar semicentral"], "CJ 12 ABC", today)
    client.force_login(inspector)
    form = client.get(URL)
    assert form.status_code == 200 and 'name="plate"' in form.content.decode()
    answer, page = _check(client, "cj-12-abc", "z2")
    assert answer.status_code == 200 and 'data-valid="da"' in page
    assert f"CJ 12 ABC are abonament valabil în zona Z2 până la {valid.ends_on:%d.%m.%Y}" in page
    assert "Maria" not in page and "Ionescu" not in page and "Revoluției" not in page
    # Any zone: the answer names the zone.
    _answer, page = _check(client, "CJ12ABC")
    assert 'data-valid="da"' in page and "în zona Z2" in page
    # Another zone: not covered there, and the zone it holds is named.
    _answer, page = _check(client, "CJ12ABC", "Z1")
    assert 'data-valid="nu"' in page and "CJ 12 ABC nu are abonament în zona Z1" in page
    assert "Abonament valabil azi în altă zonă" in page
    checks = AuditEntry.objects.filter(action="parking.checked", actor=inspector).order_by("pk")
    assert [(c.data["plate"], c.data["zone"], c.data["outcome"]) for c in checks] == [
        ("CJ12ABC", "Z2", "valid"), ("CJ12ABC", "", "valid"), ("CJ12ABC", "Z1", "none")]


def test_no_subscription_an_expired_one_and_one_not_yet_started(client, users, kinds, inspector):
    today = timezone.localdate()
    monthly = kinds["Abonament lunar semicentral"]
    _paid(users.ion, monthly, "B 123 ABC", today - timedelta(days=40), today - timedelta(days=10))
    _paid(users.ion, monthly, "B 124 ABC", today + timedelta(days=3))
    client.force_login(inspector)
    _answer, page = _check(client, "B 999 XYZ")
    assert 'data-valid="nu"' in page and "B 999 XYZ nu are abonament." in page
    _answer, page = _check(client, "B123ABC", "Z2")
    assert 'data-valid="nu"' in page and f"abonamentul a expirat la {today - timedelta(days=10):%d.%m.%Y}" in page
    _answer, page = _check(client, "B124ABC")
    assert 'data-valid="nu"' in page and f"abonamentul începe la {today + timedelta(days=3):%d.%m.%Y}" in page
    # A subscription waiting for its payment covers nothing.
    services.buy(actor=users.ion, party=person_of(users.ion), plate="B 125 ABC", type_id=monthly.pk,
                 starts_on=today)
    _answer, page = _check(client, "B125ABC")
    assert 'data-valid="nu"' in page
    # The demo resident's paid subscription.
    _answer, page = _check(client, "TM 07 XYZ", "R1")
    assert 'data-valid="da"' in page


def test_a_bad_plate_or_zone_gives_a_message_and_no_answer(client, inspector):
    client.force_login(inspector)
    answer, page = _check(client, "TM 012345", "Z9")
    assert answer.status_code == 400 and "Numerele provizorii" in page and "Alegeți o zonă din listă." in page
    assert 'data-testid="check-result"' not in page
    assert not AuditEntry.objects.filter(action="parking.checked").exists()


def test_only_the_parking_department_reaches_the_check(client, users, inspector):
    client.force_login(users.ion)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"plate": "TM07XYZ"}).status_code == 403
    client.force_login(users.itl_specialist)
    assert client.get(URL).status_code == 403
    with pytest.raises(PermissionDenied):
        services.check_plate(actor=users.ion, plate="TM07XYZ")
    client.logout()
    assert client.get(URL).status_code == 302
    assert not AuditEntry.objects.filter(action="parking.checked").exists()
    client.force_login(inspector)
    assert "Verificare parcare" in client.get("/birou/parcare/verificare/").content.decode()


def test_the_resident_menu_links_the_parking_page(client, users):
    client.force_login(users.ion)
    page = client.get("/parcare/").content.decode()
    assert 'href="/parcare/"' in page and "TM 07 XYZ" in page and "Valabil" in page
