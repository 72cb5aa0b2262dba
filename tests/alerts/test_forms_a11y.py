"""Hints and errors tied to their fields on the alerts' forms, with and without errors."""

from django.urls import reverse

from tests.a11y.html_fields import problems

from .conftest import resident


def test_subscription_phone_and_office_forms(city, client, publisher):
    assert problems(client.get(reverse("alerts:subscribe")).text) == []
    page = client.post(reverse("alerts:subscribe"), {"kind": "address", "radius_m": "3", "email": "x"})
    assert page.status_code == 400 and problems(page.text) == []
    client.force_login(resident("formular@example.ro"))
    page = client.post(reverse("alerts:subscribe"), {"kind": "district", "channels": ["sms"]})
    assert page.status_code == 400 and problems(page.text) == []
    page = client.post(reverse("alerts:phone"), {"number": "123"})
    assert page.status_code == 400 and problems(page.text) == []
    client.force_login(publisher)
    assert problems(client.get(reverse("alerts_office:new")).text) == []
    page = client.post(reverse("alerts_office:new"), {"title": "x", "publish": "1"})
    assert page.status_code == 400 and problems(page.text) == []
