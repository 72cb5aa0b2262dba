"""Appointments in the REST API: the resident's list and a cancellation over the domain function, and the free
days and times read by anyone."""

import datetime

import pytest

from primaria.appointments import services
from primaria.appointments.models import Status
from primaria.notifications.models import Notification
from tests.test_api import client_for

from .conftest import NOW, at, local

THURSDAY = datetime.date(2027, 6, 3)


def _book(user, hall, time="10:00"):
    held = services.hold(actor=user, service_id=hall.filing.pk, location_id=hall.location.pk,
                         day=THURSDAY.isoformat(), time=time)
    return services.confirm(appointment_id=held.pk, actor=user)


@pytest.mark.django_db
def test_a_resident_lists_and_cancels_their_appointment(hall, users):
    with at(NOW):
        mine = _book(users.ion, hall)
        theirs = _book(users.maria, hall)
        ion = client_for(users.ion)
        listed = ion.get("/api/v1/appointments/")
        assert listed.status_code == 200
        rows = [r for r in listed.json()["results"] if r["public_id"] == str(mine.public_id)]
        assert rows and rows[0]["status"] == "booked" and rows[0]["service"] == "depunere-documente"
        assert rows[0]["reference"] == mine.reference and rows[0]["location"] == "registratura"
        assert str(theirs.public_id) not in [r["public_id"] for r in listed.json()["results"]]
        assert ion.get(f"/api/v1/appointments/{theirs.public_id}/").status_code == 404
        assert ion.post(f"/api/v1/appointments/{theirs.public_id}/cancel/").status_code == 404
        response = ion.post(f"/api/v1/appointments/{mine.public_id}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Status.CANCELLED and theirs.status == Status.BOOKED
    assert Notification.objects.filter(template="appointments/cancelled", address=users.ion.email).exists()
    assert client_for().get("/api/v1/appointments/").status_code in (401, 403)


@pytest.mark.django_db
def test_cancelling_after_the_cut_off_is_refused_in_romanian(hall, users):
    with at(NOW):
        appointment = _book(users.ion, hall)
    with at(local(THURSDAY, 9, 0)):
        response = client_for(users.ion).post(f"/api/v1/appointments/{appointment.public_id}/cancel/")
    assert response.status_code == 400
    assert "cel târziu cu 2 ore înainte" in response.json()["detail"][0]
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


@pytest.mark.django_db
def test_free_days_and_times_are_read_without_an_account(hall, users):
    anyone = client_for()
    with at(NOW):
        services_list = anyone.get("/api/v1/appointment-services/").json()["results"]
        filing = next(s for s in services_list if s["slug"] == "depunere-documente")
        assert filing["locations"][0]["slug"] == "registratura"
        days = anyone.get("/api/v1/appointment-services/depunere-documente/slots/?location=registratura").json()
        assert days["days"] and "2027-06-01" not in [d["day"] for d in days["days"]]  # a public holiday
        before = anyone.get("/api/v1/appointment-services/depunere-documente/slots/"
                            f"?location=registratura&day={THURSDAY.isoformat()}").json()["slots"]
        ten = next(s for s in before if s["time"] == "10:00")
        assert ten["free"] == 3
        _book(users.ion, hall)
        after = anyone.get("/api/v1/appointment-services/depunere-documente/slots/"
                           f"?location=registratura&day={THURSDAY.isoformat()}").json()["slots"]
        assert next(s for s in after if s["time"] == "10:00")["free"] == 2
        wrong = anyone.get("/api/v1/appointment-services/depunere-documente/slots/?location=registratura&day=joi")
        assert wrong.status_code == 400 and wrong.json()["day"] == ["Scrieți ziua ca 2027-06-03."]
        nowhere = anyone.get("/api/v1/appointment-services/depunere-documente/slots/?location=nicaieri")
        assert nowhere.status_code == 400 and "Alegeți o locație" in nowhere.json()["location"][0]
