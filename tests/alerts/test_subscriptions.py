import re

import pytest
from django.urls import reverse

from primaria.alerts import services
from primaria.alerts.models import Subscription
from primaria.core.errors import DomainError
from primaria.notifications.models import Notification

from .conftest import drain, polygon, resident

AREA = polygon(21.195, 45.735, 21.205, 45.742)


def link(text, marker):
    return re.search(r"http\S+" + marker + r"\S+", text).group(0)


def path(url):
    return url[url.index("/alerte/"):]


def test_without_an_account_double_opt_in_then_one_click_unsubscribe(city, client, mailbox, make_alert):
    Subscription.objects.all().delete()
    response = client.post(reverse("alerts:subscribe"), {
        "kind": "area", "geojson": '{"type": "Polygon", "coordinates": [[[21.198, 45.737], [21.2, 45.737], '
                                   '[21.2, 45.739], [21.198, 45.739], [21.198, 45.737]]]}',
        "topics": ["apa"], "email": "Vecin@Example.ro"})
    assert response.status_code == 200 and "Confirmați abonarea" in response.text
    subscription = Subscription.objects.get(email="vecin@example.ro")
    assert subscription.status == Subscription.Status.PENDING and subscription.channels == ["email"]
    make_alert(AREA)
    drain()
    [confirmation] = mailbox.to("vecin@example.ro")  # only the confirmation: no alert before opting in
    assert "Confirmați abonarea" in confirmation["subject"]
    confirm = path(link(confirmation["body"], "/alerte/confirmare/"))
    page = client.get(confirm)  # what a mail link scanner does: nothing is confirmed
    assert page.status_code == 200 and "Confirm abonarea" in page.text
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    mailbox.clear()
    make_alert(AREA, title="A doua întrerupere de apă")
    drain()
    [message] = mailbox.to("vecin@example.ro")
    unsubscribe = path(link(message["body"], "/alerte/dezabonare/"))
    page = client.get(unsubscribe)
    assert page.status_code == 200 and Subscription.objects.filter(pk=subscription.pk).exists()  # a GET changes nothing
    assert client.post(unsubscribe).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    mailbox.clear()
    make_alert(AREA, title="A treia întrerupere de apă")
    drain()
    assert mailbox.to("vecin@example.ro") == []


def test_the_mail_program_one_click_header(city, mailbox, make_alert):
    import email

    Subscription.objects.all().delete()
    user = resident("antet@example.ro")
    services.subscribe(actor=user, kind="area", geojson=AREA, topics=["apa"], channels=["email"])
    make_alert(AREA)
    drain()
    [path_] = list(mailbox.directory.glob("*.eml"))
    message = email.message_from_bytes(path_.read_bytes())
    assert "/alerte/dezabonare/" in message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_confirmation_link_that_is_wrong(city, client):
    response = client.get(reverse("alerts:confirm", args=["nu-exista"]))
    assert response.status_code == 400 and "nu este valid" in response.text


@pytest.mark.parametrize("values, field", [
    ({"kind": "area", "geojson": polygon(20.0, 44.0, 20.1, 44.1)}, "geometry"),
    ({"kind": "area", "geojson": {"type": "LineString", "coordinates": [[21.2, 45.74], [21.21, 45.75]]}}, "geometry"),
    ({"kind": "address", "address": "Strada Inexistentă 4", "radius_m": 250}, "address"),
    ({"kind": "address", "address": "Str. Florilor 2", "radius_m": 7}, "radius_m"),
    ({"kind": "district", "district_id": "999999"}, "district"),
    ({"kind": "area", "geojson": AREA, "topics": []}, "topics"),
    ({"kind": "area", "geojson": AREA, "channels": ["sms"]}, "phone"),
])
def test_wrong_subscriptions_are_refused_with_a_message(city, values, field):
    user = resident("gresit@example.ro")
    values = {"topics": ["apa"], "channels": ["email"]} | values
    with pytest.raises(DomainError) as error:
        services.subscribe(actor=user, **values)
    assert field in error.value.message_dict
    assert not Subscription.objects.filter(user=user).exists()


def test_a_resident_manages_own_subscriptions_only(city, client):
    owner, other = resident("proprietar@example.ro"), resident("altcineva@example.ro")
    subscription = services.subscribe(actor=owner, kind="area", geojson=AREA, topics=["apa"], channels=["inapp"])
    client.force_login(other)
    client.post(reverse("alerts:delete", args=[subscription.pk]))
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    client.force_login(owner)
    assert "Șterge abonarea" in client.get(reverse("alerts:mine")).text
    client.post(reverse("alerts:delete", args=[subscription.pk]))
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_subscribing_on_the_page_by_address_and_phone_confirmation(city, client, sms):
    user = resident("pagina@example.ro")
    client.force_login(user)
    assert client.get(reverse("alerts:subscribe")).status_code == 200
    bad = client.post(reverse("alerts:phone"), {"number": "0256 123 456"})
    assert bad.status_code == 400 and "număr de mobil din România" in bad.text
    client.post(reverse("alerts:phone"), {"number": "0733 444 555"})
    drain()
    [message] = sms.to("+40733444555")
    code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
    wrong = client.post(reverse("alerts:phone"), {"confirm": "1", "code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 400
    client.post(reverse("alerts:phone"), {"confirm": "1", "code": code})
    phone = user.alert_phones.get()
    assert phone.confirmed
    response = client.post(reverse("alerts:subscribe"), {
        "kind": "address", "address": "Str. Mărășești nr. 10", "radius_m": "250", "topics": ["apa", "curent"],
        "channels": ["inapp", "sms"], "phone": str(phone.pk), "label": "Acasă"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=user)
    assert subscription.radius_m == 250 and subscription.phone == phone and subscription.label == "Acasă"
    missing = client.post(reverse("alerts:subscribe"), {"kind": "address", "address": "", "radius_m": "250",
                                                        "topics": ["apa"], "channels": ["inapp"]})
    assert missing.status_code == 400 and "Nu găsim strada" in missing.text


def test_in_app_notices_page_and_mark_read(city, client, make_alert):
    Subscription.objects.all().delete()
    user = resident("citeste@example.ro")
    services.subscribe(actor=user, kind="area", geojson=AREA, topics=["apa"], channels=["inapp"])
    make_alert(AREA)
    drain()
    client.force_login(user)
    page = client.get(reverse("notifications:inbox"))
    assert "Întrerupere apă pe strada de test" in page.text and "Necitită" in page.text
    assert "Notificările mele" in page.text
    notice = Notification.objects.get(recipient=user, channel="inapp")
    other = resident("altul@example.ro")
    client.force_login(other)
    client.post(reverse("notifications:mark_read"), {"notificare": notice.pk})
    notice.refresh_from_db()
    assert notice.read_at is None
    client.force_login(user)
    client.post(reverse("notifications:mark_read"), {"notificare": notice.pk})
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_confirmation_requests_are_rate_limited(city, client, settings):
    settings.PRIMARIA_RATE_LIMITS = {**settings.PRIMARIA_RATE_LIMITS, "mail": "2/h"}
    data = {"kind": "district", "district": "", "topics": ["apa"], "email": "spam@example.ro"}
    assert [client.post(reverse("alerts:subscribe"), data).status_code for _ in range(3)] == [400, 400, 429]
