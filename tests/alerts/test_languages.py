"""Local alerts in English and Hungarian: the pages follow the reader's language (the `limba` cookie), and every
message goes in its recipient's language: the account's, or for a subscription without an account the language
of the page it was made on (confirmation and alerts alike). The alert's own title and description stay as the
official wrote them."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from primaria.alerts import services
from primaria.alerts.models import Subscription

from .conftest import drain, polygon, resident

ALERT_AREA = polygon(21.195, 45.735, 21.205, 45.742)  # in Cartierul Sud
HOME = polygon(21.198, 45.737, 21.200, 45.739)


def page(path, language, user=None):
    client = Client()
    client.cookies["limba"] = language
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("language, words, absent", [
    ("en", ["Local alerts", "List of alerts", "Get the alerts for your area", 'data-text-details="Details"'],
     ["Lista alertelor", "Fluxuri"]),
    ("hu", ["Helyi riasztások", "A riasztások listája", "Hírcsatornák", 'data-text-details="Részletek"'],
     ["Lista alertelor", "Fluxuri"]),
])
def test_the_public_map_and_list_speak_the_readers_language(city, make_alert, language, words, absent):
    make_alert(ALERT_AREA, topic="apa")
    text = page("/alerte/", language)
    assert all(w in text for w in words), language
    assert not any(w in text for w in absent)
    assert ("Water outage" if language == "en" else "Vízszolgáltatás szünetelése") in text  # the topic's name


@pytest.mark.parametrize("language, words", [
    ("en", ["Subscribe to local alerts", "How do you describe the area?", "E-mail address",
            'data-text-close-area="Close the area"', "Subscribe me"]),
    ("hu", ["Feliratkozás a helyi riasztásokra", "Hogyan adja meg a területet?", "E-mail-cím",
            'data-text-close-area="Terület lezárása"', "Feliratkozom"]),
])
def test_the_subscription_form_and_the_maps_buttons_come_in_the_readers_language(city, language, words):
    text = page("/alerte/abonare/", language)
    assert all(w in text for w in words), language
    assert "Cum descrieți zona?" not in text and "Închide zona" not in text and "Abonează-mă" not in text


@pytest.mark.parametrize("language, words", [
    ("en", ["New alert", "Public page", "Show"]),
    ("hu", ["Új riasztás", "Nyilvános oldal", "Mutasd"]),
])
def test_the_office_pages_speak_the_officials_language(city, publisher, make_alert, language, words):
    alert = make_alert(ALERT_AREA, topic="apa")
    text = page("/birou/alerte/", language, publisher)
    assert all(w in text for w in words) and "Alertă nouă" not in text and "Pagina publică" not in text
    detail = page(f"/birou/alerte/{alert.public_id}/", language, publisher)
    assert ("End now" if language == "en" else "Befejezés most") in detail and "Încheie acum" not in detail


def test_an_update_is_told_in_the_readers_language_on_the_page_and_kept_in_romanian(city, make_alert, publisher,
                                                                                    department):
    alert = make_alert(ALERT_AREA, topic="apa")
    services.update(actor=publisher, alert_id=alert.pk, topic="curent", title=alert.title,
                    description=alert.description, geometry_value=alert.geometry, starts_at=alert.starts_at,
                    ends_at=alert.ends_at + timezone.timedelta(hours=5), department_id=department.pk,
                    note="Lucrările durează mai mult.")
    services.close(actor=publisher, alert_id=alert.pk, cancel=True, reason="Lucrarea s-a amânat.")
    update, cancel = alert.versions.order_by("version")[1:]
    assert update.changes.startswith("S-a schimbat subiectul: acum „Întrerupere curent electric”")
    assert cancel.changes == "Alerta a fost anulată: Lucrarea s-a amânat."
    english = page(alert.get_absolute_url(), "en")
    assert "Changed: topic: now “Power outage”; end: now" in english
    assert "Lucrările durează mai mult." in english  # what the official wrote stays as written
    assert "The alert has been cancelled: Lucrarea s-a amânat." in english and "S-a schimbat" not in english
    hungarian = page(alert.get_absolute_url(), "hu")
    assert "Változás: téma: most „Áramszünet”" in hungarian and "A riasztást visszavonták:" in hungarian


def test_a_subscription_without_an_account_keeps_its_pages_language_for_every_message(city, make_alert, mailbox):
    Subscription.objects.all().delete()
    drain()
    mailbox.clear()
    client = Client()
    client.cookies["limba"] = "en"
    response = client.post("/alerte/abonare/", {"kind": "area", "geojson": str(HOME).replace("'", '"'),
                                                "topics": ["apa"], "email": "visitor@example.ro"})
    assert response.status_code == 200 and "We have sent a link to" in response.content.decode()
    subscription = Subscription.objects.get(email="visitor@example.ro")
    assert subscription.language == "en"
    drain()
    [confirmation] = mailbox.to("visitor@example.ro")
    assert confirmation["subject"] == "Confirm your subscription to local alerts"
    assert "Someone (probably you) asked" in confirmation["body"] and "Water outage" in confirmation["body"]
    assert "Bună ziua" not in confirmation["body"]
    services.confirm_subscription(token=subscription.confirm_token)
    mailbox.clear()
    alert = make_alert(ALERT_AREA, topic="apa")  # published from a Romanian office page
    drain()
    [message] = mailbox.to("visitor@example.ro")
    assert message["subject"] == f"New alert: {alert.title}"
    body = message["body"]
    assert "New alert for the area “Area drawn on the map”" in body and "Issued by:" in body
    assert alert.description in body and "Emitent" not in body and "Dezabonare" not in body


def test_an_account_gets_its_alerts_and_sms_in_its_language(city, make_alert, publisher, department, mailbox, sms):
    Subscription.objects.all().delete()
    user = resident("magyar@example.ro", "Magyar")
    user.language = "hu"
    user.save(update_fields=["language"])
    phone = services.request_phone_code(actor=user, number="0722 000 222")
    drain()
    [code_message] = sms.to(phone.number)
    assert "megerosito kod" in code_message["text"] or "megerősítő kód" in code_message["text"]
    code = re.search(r"\b(\d{6})\b", code_message["text"]).group(1)
    services.confirm_phone(actor=user, phone_id=phone.pk, code=code)
    services.subscribe(actor=user, kind="area", geojson=HOME, topics=["apa"], channels=["email", "sms"],
                       phone_id=phone.pk)
    sms.clear()
    alert = make_alert(ALERT_AREA, topic="apa")
    drain()
    mailbox.clear()
    sms.clear()
    services.update(actor=publisher, alert_id=alert.pk, topic="apa", title=alert.title,
                    description=alert.description, geometry_value=alert.geometry, starts_at=alert.starts_at,
                    ends_at=alert.ends_at + timezone.timedelta(hours=5), department_id=department.pk)
    drain()
    [message] = mailbox.to("magyar@example.ro")
    assert message["subject"].startswith("Frissített riasztás:")
    assert "Változás: befejezés: most" in message["body"] and "S-a schimbat" not in message["body"]
    [text] = [m["text"] for m in sms.to(phone.number)]
    assert text.startswith("Frissitett riasztas") or text.startswith("Frissített riasztás")
