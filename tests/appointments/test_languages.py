"""Appointments in English and Hungarian: the resident's and the clerk's pages in the language of the `limba`
cookie, and the e-mails of a booking without an account in the language of the page it was made on (also the
reminder the worker sends the day before, when no page is open)."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from primaria.appointments import services
from primaria.appointments.models import Appointment
from primaria.notifications.models import Notification
from primaria.notifications.services import render
from tests.i18n.test_pages import StoredText, romanian_in, romanian_vocabulary, visible_texts

from .conftest import NOW, at

THURSDAY = "2027-06-03"
BOOK = f"/programari/noua/?serviciu=depunere-documente&locatie=registratura&zi={THURSDAY}"


@pytest.fixture(autouse=True)
def _back_to_romanian():
    """A page in English or Hungarian leaves its language active in the thread: the next tests expect Romanian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _client(language, user=None):
    client = Client()
    client.cookies["limba"] = language
    if user is not None:
        client.force_login(user)
    return client


def _no_romanian(page: str):
    found = romanian_in(visible_texts(page), romanian_vocabulary(), StoredText())
    assert not found, found


@pytest.mark.django_db
@pytest.mark.parametrize("language, words, romanian", [
    ("en", ["Counter appointments", "Book an appointment", "Services with appointments"],
     ["Faceți o programare", "Programări la ghișeu"]),
    ("hu", ["Ügyfélablak-időpontok", "Időpont foglalása"], ["Faceți o programare"]),
])
def test_the_resident_pages_speak_the_chosen_language(hall, users, language, words, romanian):
    client = _client(language, users.ion)
    with at(NOW):
        index = client.get("/programari/").content.decode()
        times = client.get(BOOK).content.decode()
    for word in words:
        assert word in index
    for word in romanian:
        assert word not in index
    assert {"en": "Choose the day", "hu": "Válassza ki a napot"}[language] in times
    assert {"en": "Thursday, 3 June 2027", "hu": "2027. június 3., csütörtök"}[language] in times
    assert "Alegeți ziua" not in times
    _no_romanian(index)
    _no_romanian(times)


@pytest.mark.django_db
@pytest.mark.parametrize("language, heading", [("en", "The day's appointments"), ("hu", "A nap időpontjai")])
def test_the_clerks_day_speaks_the_chosen_language(hall, users, language, heading):
    page = _client(language, users.clerk).get(f"/birou/programari/?locatie=registratura&zi={THURSDAY}")
    assert page.status_code == 200
    text = page.content.decode()
    assert heading in text and "Programările zilei" not in text
    _no_romanian(text)


@pytest.mark.django_db
def test_a_booking_without_an_account_is_written_to_in_the_language_of_its_page(hall):
    client = _client("en")
    with at(NOW):
        held = client.post("/programari/noua/", {"serviciu": "depunere-documente", "locatie": "registratura",
                                                 "zi": THURSDAY, "ora": "10:00", "action": "hold"})
        assert held.status_code == 302
        confirm = client.get(held["Location"]).content.decode()
        assert "Confirm the appointment" in confirm and "Thursday, 03.06.2027, at 10:00" in confirm
        client.post(held["Location"], {"action": "code", "name": "Jane Doe", "email": "jane@example.org"})
        appointment = Appointment.objects.get(email="jane@example.org")
        assert appointment.language == "en"
        code = Notification.objects.get(template="appointments/code").context["code"]
        done = client.post(held["Location"], {"action": "confirm", "code": code})
        assert done.status_code == 200 and "Appointment confirmed" in done.content.decode()
    booked = Notification.objects.get(template="appointments/booked", address="jane@example.org")
    assert booked.language == "en"
    render(booked)
    assert booked.subject.startswith("Appointment confirmed: ") and "Thursday, 03.06.2027, at 10:00" in booked.subject
    assert "Your appointment has been confirmed." in booked.body and "Bună ziua" not in booked.body
    # The day before, the worker (no page, Romanian by default) still writes in the booking's language.
    with at(NOW.replace(month=6, day=2)):
        assert services.send_reminders() >= 1
    reminder = Notification.objects.get(template="appointments/reminder", address="jane@example.org")
    assert reminder.language == "en"
    render(reminder)
    assert reminder.subject.startswith("Reminder: you have an appointment tomorrow")
    assert "This is a reminder" in reminder.body and "Vă reamintim" not in reminder.body


@pytest.mark.django_db
def test_a_hungarian_booking_gets_hungarian_messages(hall):
    client = _client("hu")
    with at(NOW):
        held = client.post("/programari/noua/", {"serviciu": "depunere-documente", "locatie": "registratura",
                                                 "zi": THURSDAY, "ora": "10:15", "action": "hold"})
        client.post(held["Location"], {"action": "code", "name": "Kovács Anna", "email": "anna@example.org"})
    code = Notification.objects.get(template="appointments/code", address="anna@example.org")
    assert code.language == "hu"
    render(code)
    assert code.subject.startswith("Kód a polgármesteri hivatali időpontfoglaláshoz")
    assert "2027.06.03" not in code.body and "03.06.2027 (csütörtök), 10:15" in code.body
