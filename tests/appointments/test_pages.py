"""The resident's steps as pages (service → location → day → time → confirm), working without JavaScript,
and every e-mail of an appointment rendered from its stored context."""

import datetime

import pytest

from primaria.appointments import services
from primaria.appointments.models import Appointment, Status
from primaria.notifications.models import Notification
from primaria.notifications.services import render

from .conftest import NOW, at, local

THURSDAY = datetime.date(2027, 6, 3)


@pytest.mark.django_db
def test_a_signed_in_resident_books_step_by_step(hall, users, client):
    client.force_login(users.ion)
    with at(NOW):
        first = client.get("/programari/noua/").content.decode()
        assert 'type="radio" name="serviciu" value="depunere-documente"' in first
        days = client.get("/programari/noua/?serviciu=depunere-documente").content.decode()
        assert "Registratură – Ghișeul unic" in days  # the only location is chosen for the resident
        assert f"zi={THURSDAY.isoformat()}" in days and "zi=2027-06-01" not in days  # 1 June: holiday
        times = client.get(f"/programari/noua/?serviciu=depunere-documente&locatie=registratura"
                           f"&zi={THURSDAY.isoformat()}").content.decode()
        assert 'name="ora" value="18:15"' in times and "<legend>" in times
        held = client.post("/programari/noua/", {"serviciu": "depunere-documente", "locatie": "registratura",
                                                 "zi": THURSDAY.isoformat(), "ora": "18:15", "action": "hold"})
        assert held.status_code == 302
        confirm_page = client.get(held["Location"]).content.decode()
        assert "joi, 03.06.2027, ora 18:15" in confirm_page
        done = client.post(held["Location"], {"action": "confirm", "request": ""})
        assert done.status_code == 200 and "Programare confirmată" in done.content.decode()
        mine = client.get("/programari/").content.decode()
    appointment = Appointment.objects.get(user=users.ion, status=Status.BOOKED, starts_at=local(THURSDAY, 18, 15))
    assert appointment.reference in mine


@pytest.mark.django_db
def test_a_day_or_time_that_cannot_be_booked_is_told_plainly(hall, users, client):
    client.force_login(users.ion)
    with at(NOW):
        for day, time, message in (("2027-06-01", "10:00", "Ora aleasă nu mai este disponibilă"),
                                   ("2027-13-01", "10:00", "Alegeți o zi din listă."),
                                   ("2027-05-30", "10:00", "Se pot face programări de azi"),
                                   (THURSDAY.isoformat(), "", "Alegeți ora.")):
            response = client.post("/programari/noua/", {"serviciu": "depunere-documente", "locatie": "registratura",
                                                         "zi": day, "ora": time, "action": "hold"})
            assert response.status_code == 400, day
            assert message in response.content.decode()
        assert client.get("/programari/noua/?serviciu=nu-exista").status_code == 400
    assert not Appointment.objects.filter(user=users.ion, starts_at__gte=local(THURSDAY, 0)).exists()


@pytest.mark.django_db
def test_every_email_renders(hall, users):
    with at(NOW):
        held = services.hold(actor=None, service_id=hall.filing.pk, location_id=hall.location.pk,
                             day=THURSDAY.isoformat(), time="10:00")
        services.send_code(appointment_id=held.pk, name="Ana Pop", email="ana@example.ro")
        mine = services.hold(actor=users.ion, service_id=hall.filing.pk, location_id=hall.location.pk,
                             day=THURSDAY.isoformat(), time="11:00")
        services.confirm(appointment_id=mine.pk, actor=users.ion)
        services.move(appointment_id=mine.pk, actor=users.ion, day=THURSDAY.isoformat(), time="12:00")
    services.send_reminders(now=local(THURSDAY - datetime.timedelta(days=1), 12))
    with at(NOW):
        services.cancel(appointment_id=mine.pk, actor=users.ion)
    templates = set()
    for notification in Notification.objects.filter(template__startswith="appointments/"):
        render(notification)
        templates.add(notification.template)
        assert "{{" not in notification.body and notification.subject
        if notification.template != "appointments/code":
            assert "Depunere documente la registratură" in notification.body
    assert templates == {"appointments/code", "appointments/booked", "appointments/moved", "appointments/reminder",
                         "appointments/cancelled"}
