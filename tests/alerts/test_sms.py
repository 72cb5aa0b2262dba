import json
import urllib.request

import pytest
from django.core.exceptions import ValidationError

from primaria.notifications.sms import encode, normalise_mobile


@pytest.mark.parametrize("text, number", [("0722 123 456", "+40722123456"), ("+40 722-123-456", "+40722123456"),
                                          ("0040722123456", "+40722123456"), ("0744.000.111", "+40744000111")])
def test_romanian_mobile_numbers(text, number):
    assert normalise_mobile(text) == number


@pytest.mark.parametrize("text", ["0256 123 456", "072212345", "+41722123456", "07221234567", "telefon"])
def test_other_numbers_are_refused_in_romanian(text):
    with pytest.raises(ValidationError) as error:
        normalise_mobile(text)
    assert "număr de mobil din România" in error.value.messages[0]


def test_diacritics_are_transliterated_to_gsm7_and_parts_counted():
    one = encode("Întrerupere apă în Cartierul Est: țevi, ștuțuri.")
    assert one.encoding == "GSM-7" and one.text == "Intrerupere apa in Cartierul Est: tevi, stuturi." and one.parts == 1
    assert encode("a" * 160).parts == 1
    assert encode("a" * 161).parts == 2
    assert encode("a" * 306).parts == 2 and encode("a" * 307).parts == 3
    assert encode("[" * 80).units == 160 and encode("[" * 81).parts == 2  # extension characters count twice


def test_text_outside_gsm7_goes_as_ucs2():
    text = "Alertă ⚠ apă"
    encoded = encode(text)
    assert encoded.encoding == "UCS-2" and encoded.text == text and encoded.parts == 1
    assert encode("⚠" * 71).parts == 2 and encode("⚠" * 134).parts == 2 and encode("⚠" * 135).parts == 3


def test_channel_sends_through_the_local_gateway_once_per_notification(db, sms):
    from primaria.notifications.models import Notification
    from primaria.notifications.services import deliver

    notification = Notification.objects.create(channel="sms", address="0722 123 456", template="x",
                                               subject="s", body="Întrerupere apă mâine, " + "x" * 150)
    assert deliver(notification.pk)
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.PENDING)
    assert deliver(notification.pk)  # a repeat after a lost answer: the gateway knows the reference
    [message] = sms.messages()
    assert message["to"] == "+40722123456" and message["from"] == "Primaria"
    assert message["encoding"] == "GSM-7" and message["parts"] == 2 and message["text"].startswith("Intrerupere apa")


def test_gateway_refuses_a_wrong_key(sms):
    request = urllib.request.Request(f"http://127.0.0.1:{sms.port}/api/v1/sms", method="POST",
                                     data=json.dumps({"to": "0722123456", "text": "x"}).encode(),
                                     headers={"Authorization": "Bearer gresit", "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)
    assert error.value.code == 401
    with urllib.request.urlopen(f"http://127.0.0.1:{sms.port}/", timeout=5) as page:
        assert "Gateway SMS local" in page.read().decode()
