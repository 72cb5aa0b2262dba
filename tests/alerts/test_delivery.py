"""An alert reaches exactly the subscribers whose area it touches, once per subscriber and channel."""

import re

import pytest

from primaria.alerts import services
from primaria.alerts.models import AlertNotice, Subscription
from primaria.notifications.models import Notification

from .conftest import drain, polygon, resident

ALERT_AREA = polygon(21.195, 45.735, 21.205, 45.742)  # in Cartierul Sud


def confirmed_phone(user, number, sms):
    phone = services.request_phone_code(actor=user, number=number)
    drain()
    [message] = sms.to(phone.number)
    code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
    return services.confirm_phone(actor=user, phone_id=phone.pk, code=code)


@pytest.fixture
def people(city, sms):
    Subscription.objects.all().delete()  # the demo resident's own subscription is not part of these counts
    users = {name: resident(f"{name}@example.ro", name) for name in
             ("inside", "touching", "district", "address", "far", "wrongtopic")}
    phone = confirmed_phone(users["inside"], "0722 000 111", sms)
    sms.clear()
    all_channels = ["email", "inapp", "sms"]
    services.subscribe(actor=users["inside"], kind="area", geojson=polygon(21.198, 45.737, 21.200, 45.739),
                       topics=["apa"], channels=all_channels, phone_id=phone.pk, label="În zonă")
    services.subscribe(actor=users["touching"], kind="area", geojson=polygon(21.205, 45.735, 21.21, 45.74),
                       topics=["apa", "curent"], channels=["email", "inapp"])
    from primaria.reports.models import Area

    services.subscribe(actor=users["district"], kind="district", district_id=Area.objects.get(code="sud").pk,
                       topics=["apa"], channels=["inapp"])
    # Str. Florilor's middle is about 300 m west of the alert's area: reached with 500 m, not with 100 m.
    services.subscribe(actor=users["address"], kind="address", address="Str. Florilor nr. 3", radius_m=500,
                       topics=["apa"], channels=["email"])
    services.subscribe(actor=users["far"], kind="address", address="Str. Grădinii nr. 1", radius_m=1000,
                       topics=["apa"], channels=["email", "inapp"])
    services.subscribe(actor=users["wrongtopic"], kind="area", geojson=polygon(21.198, 45.737, 21.200, 45.739),
                       topics=["curent", "caldura"], channels=["email", "inapp"])
    return users


def notified(channel):
    return sorted(n.recipient.first_name if n.recipient else n.address
                  for n in Notification.objects.filter(channel=channel, template__startswith="alerts/alert"))


def test_an_alert_reaches_exactly_the_subscribers_whose_area_it_touches(people, make_alert, mailbox, sms):
    alert = make_alert(ALERT_AREA, topic="apa")
    drain()
    assert notified("email") == ["address", "inside", "touching"]
    assert notified("inapp") == ["district", "inside", "touching"]
    assert notified("sms") == ["inside"]
    assert sorted(m["to"] for m in mailbox.messages()) == [
        "address@example.ro", "inside@example.ro", "touching@example.ro"]
    [text] = [m["body"] for m in mailbox.to("inside@example.ro")]
    assert alert.title in text and "/alerte/dezabonare/" in text
    [message] = sms.messages()
    assert message["to"] == "+40722000111" and "Intrerupere apa" in message["text"]
    assert all(n.status == Notification.Status.SENT for n in Notification.objects.filter(template="alerts/alert"))


def test_a_line_crossing_an_area_reaches_it_one_passing_200_m_away_does_not(people, make_alert):
    crossing = make_alert({"type": "LineString", "coordinates": [[21.19, 45.738], [21.21, 45.738]]},
                          topic="apa", title="Conductă pe traseul care traversează zona")
    drain()
    assert {n.recipient.first_name for n in Notification.objects.filter(related_query(crossing), channel="inapp")} \
        == {"inside", "touching", "district"}
    away = make_alert({"type": "LineString", "coordinates": [[21.19, 45.7418], [21.197, 45.7418]]},
                      topic="apa", title="Conductă la 200 m nord de zonă")
    drain()
    assert {n.recipient.first_name for n in Notification.objects.filter(related_query(away), channel="inapp")} \
        == {"district"}


def related_query(alert):
    from django.db.models import Q

    return Q(object_type="alerts.alert", object_id=str(alert.pk))


def test_delivery_again_sends_nothing_twice(people, make_alert, mailbox, sms):
    alert = make_alert(ALERT_AREA, topic="apa")
    drain()
    count = Notification.objects.filter(template__startswith="alerts/alert").count()
    assert services.deliver(alert.pk, 1) == 0  # the handler run again, as after a worker crash
    from primaria.outbox.models import Delivery
    from primaria.outbox.services import retry

    retry(Delivery.objects.filter(handler="alerts.notify_subscribers"))
    drain()
    assert Notification.objects.filter(template__startswith="alerts/alert").count() == count == 7
    assert AlertNotice.objects.filter(alert=alert).count() == 7
    assert len(mailbox.messages()) == 3 and len(sms.messages()) == 1


def test_an_update_notifies_again_and_says_what_changed(people, make_alert, publisher, department, mailbox):
    from django.utils import timezone

    alert = make_alert(ALERT_AREA, topic="apa")
    drain()
    mailbox.clear()
    services.update(actor=publisher, alert_id=alert.pk, topic="apa", title=alert.title,
                    description=alert.description, geometry_value=alert.geometry, starts_at=alert.starts_at,
                    ends_at=alert.ends_at + timezone.timedelta(hours=5), department_id=department.pk,
                    note="Lucrările durează mai mult.")
    drain()
    [message] = mailbox.to("inside@example.ro")
    assert message["subject"].startswith("Alertă actualizată") and "sfârșitul: acum" in message["body"]
    assert "Lucrările durează mai mult." in message["body"]
    services.close(actor=publisher, alert_id=alert.pk, cancel=True, reason="Lucrarea s-a amânat.")
    drain()
    assert any(m["subject"].startswith("Alertă anulată") for m in mailbox.to("inside@example.ro"))


def test_a_draft_notifies_nobody_and_alerts_are_never_deleted(people, make_alert):
    from primaria.core.models import DeletionForbidden

    alert = make_alert(ALERT_AREA, publish=False)
    drain()
    assert not Notification.objects.filter(template__startswith="alerts/alert").exists()
    with pytest.raises(DeletionForbidden):
        alert.delete()
