"""Booking, the e-mail with its calendar file, the reminder, cancelling and moving by the e-mail's link,
the code of a booking without an account."""

import datetime
import email

import pytest
from icalendar import Calendar

from primaria.appointments import services
from primaria.appointments.models import Appointment, Status
from primaria.core.errors import DomainError
from primaria.notifications.models import Notification
from primaria.outbox.models import Event

from .conftest import NOW, at, local

THURSDAY = datetime.date(2027, 6, 3)


def _book(user, hall, time="10:00", day=THURSDAY, service=None):
    held = services.hold(actor=user, service_id=(service or hall.filing).pk, location_id=hall.location.pk,
                         day=day.isoformat(), time=time)
    return services.confirm(appointment_id=held.pk, actor=user)


def _calendar_parts(mailbox, address):
    found = []
    for path in sorted(mailbox.directory.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        if message["To"] != address:
            continue
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                found.append(part.get_payload(decode=True))
    return found


@pytest.mark.django_db
def test_the_confirmation_carries_an_ics_at_the_local_hour(hall, users, mailbox, django_capture_on_commit_callbacks):
    with at(NOW), django_capture_on_commit_callbacks(execute=True):
        appointment = _book(users.ion, hall, time="10:00")
    assert appointment.status == Status.BOOKED
    parts = _calendar_parts(mailbox, users.ion.email)
    assert len(parts) == 1
    calendar = Calendar.from_ical(parts[0])
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("dtstart")
    assert start == local(THURSDAY, 10)
    assert event["dtstart"].params["TZID"] == "Europe/Bucharest"
    assert event.decoded("dtend") == local(THURSDAY, 10, 15)
    assert str(event["uid"]).startswith(f"programare-{appointment.public_id}@")
    assert any(c.name == "VTIMEZONE" for c in calendar.walk())
    assert Event.objects.filter(name="appointment.booked", subject_id=str(appointment.pk)).count() == 1


@pytest.mark.django_db
def test_the_reminder_goes_once_the_day_before(hall, users):
    with at(NOW):
        appointment = _book(users.ion, hall, time="10:00")
    wednesday_evening = local(THURSDAY - datetime.timedelta(days=1), 18)
    assert services.send_reminders(now=local(THURSDAY - datetime.timedelta(days=2), 18)) == 0  # too early
    assert services.send_reminders(now=wednesday_evening) == 1
    assert services.send_reminders(now=wednesday_evening + datetime.timedelta(hours=1)) == 0
    assert Notification.objects.filter(template="appointments/reminder", object_id=str(appointment.pk)).count() == 1
    assert Event.objects.filter(name="appointment.reminded", subject_id=str(appointment.pk)).count() == 1


@pytest.mark.django_db
def test_cancel_by_the_signed_link(hall, users, client):
    with at(NOW):
        appointment = _book(users.ion, hall)
        token = services.link_token(appointment)
        assert client.get(f"/programari/link/{token}/").status_code == 200
        tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
        refused = client.get(f"/programari/link/{tampered}/")
        assert refused.status_code == 404 and "nu este valid" in refused.content.decode()
        assert client.post(f"/programari/link/{tampered}/", {"action": "cancel"}).status_code == 404
        response = client.post(f"/programari/link/{token}/", {"action": "cancel"})
    assert response.status_code == 200 and "Programare anulată" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert Notification.objects.filter(template="appointments/cancelled", object_id=str(appointment.pk)).exists()


@pytest.mark.django_db
def test_the_link_refuses_after_the_cutoff_and_after_the_start(hall, users, client):
    with at(NOW):
        appointment = _book(users.ion, hall)
        token = services.link_token(appointment)
    with at(local(THURSDAY, 9)):  # one hour before; the cut-off is two hours
        response = client.post(f"/programari/link/{token}/", {"action": "cancel"})
        assert response.status_code == 400
        assert "cel târziu cu 2 ore înainte" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED
    with at(local(THURSDAY, 10, 1)):
        assert client.get(f"/programari/link/{token}/").status_code == 404


@pytest.mark.django_db
def test_move_by_link_sends_a_new_invitation_and_retires_the_old_link(hall, users, client):
    with at(NOW):
        appointment = _book(users.ion, hall)
        old = services.link_token(appointment)
        response = client.post(f"/programari/link/{old}/", {"action": "move", "zi": "2027-06-04", "ora": "11:30"})
        assert response.status_code == 302
        appointment.refresh_from_db()
        assert appointment.starts_at == local(datetime.date(2027, 6, 4), 11, 30)
        assert appointment.sequence == 1
        assert client.get(f"/programari/link/{old}/").status_code == 404
        assert client.get(response["Location"]).status_code == 200
    moved = Notification.objects.get(template="appointments/moved", object_id=str(appointment.pk))
    assert moved.context["ics"]["sequence"] == 1


@pytest.mark.django_db
def test_booking_without_an_account_needs_the_code(hall, client):
    with at(NOW):
        response = client.post("/programari/noua/", {"serviciu": "depunere-documente", "locatie": "registratura",
                                                     "zi": THURSDAY.isoformat(), "ora": "14:00", "action": "hold"})
        assert response.status_code == 302
        url = response["Location"]
        bad = client.post(url, {"action": "code", "name": "", "email": "nu-e-adresa"})
        assert bad.status_code == 400 and "adresă de e-mail validă" in bad.content.decode()
        client.post(url, {"action": "code", "name": "Ana Pop", "email": "ana.pop@example.ro", "phone": "0722 000 111"})
        appointment = Appointment.objects.get(email="ana.pop@example.ro")
        code = Notification.objects.get(template="appointments/code", address="ana.pop@example.ro").context["code"]
        assert len(code) == 6 and code not in appointment.code_hash
        wrong = "000000" if code != "000000" else "111111"
        for left in (4, 3, 2, 1):
            answer = client.post(url, {"action": "confirm", "code": wrong})
            assert f"Mai aveți {left} încercări" in answer.content.decode()
        client.post(url, {"action": "confirm", "code": wrong})
        answer = client.post(url, {"action": "confirm", "code": code})  # too late: five wrong attempts
        assert answer.status_code == 400 and "prea multe ori" in answer.content.decode()
        appointment.refresh_from_db()
        assert appointment.status == Status.HELD
        client.post(url, {"action": "code", "name": "Ana Pop", "email": "ana.pop@example.ro"})
        code = Notification.objects.filter(template="appointments/code").order_by("-pk").first().context["code"]
        done = client.post(url, {"action": "confirm", "code": code})
    assert done.status_code == 200 and "Programare confirmată" in done.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED and appointment.user is None


@pytest.mark.django_db
def test_another_browser_cannot_confirm_a_hold(hall, client, django_user_model):
    from django.test import Client

    with at(NOW):
        response = client.post("/programari/noua/", {"serviciu": "depunere-documente", "locatie": "registratura",
                                                     "zi": THURSDAY.isoformat(), "ora": "15:00", "action": "hold"})
        assert Client().get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_an_appointment_is_tied_only_to_the_residents_own_request(hall, users):
    from primaria.accounts.selectors import person_of
    from primaria.catalog.models import Service
    from primaria.requests import services as requests

    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    own = requests.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    other = requests.start_draft(actor=users.maria, party=person_of(users.maria), service=service)
    with at(NOW):
        held = services.hold(actor=users.ion, service_id=hall.filing.pk, location_id=hall.location.pk,
                             day=THURSDAY.isoformat(), time="10:00")
        with pytest.raises(DomainError) as refused:
            services.confirm(appointment_id=held.pk, actor=users.ion, request_id=other.pk)
        assert refused.value.message_dict["request"] == ["Alegeți una dintre cererile dumneavoastră."]
        booked = services.confirm(appointment_id=held.pk, actor=users.ion, request_id=own.pk)
    assert booked.request == own
    mail = Notification.objects.get(template="appointments/booked", object_id=str(booked.pk))
    assert mail.context["request_reference"] == own.reference
