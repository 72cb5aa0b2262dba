"""The clerk's day and the marks of arrival; who may see an appointment and who sets up the counters."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from primaria.appointments import services
from primaria.appointments.models import Location, Status
from primaria.core import rules
from primaria.core.errors import DomainError

from .conftest import NOW, at, local

THURSDAY = datetime.date(2027, 6, 3)


def _book(user, hall, time="10:00"):
    held = services.hold(actor=user, service_id=hall.filing.pk, location_id=hall.location.pk,
                         day=THURSDAY.isoformat(), time=time)
    return services.confirm(appointment_id=held.pk, actor=user)


@pytest.mark.django_db
def test_the_clerk_sees_the_day_and_marks_arrival_and_no_show(hall, users, client):
    with at(NOW):
        first = _book(users.ion, hall, "10:00")
        second = _book(users.maria, hall, "10:00")
    client.force_login(users.clerk)
    with at(local(THURSDAY, 9, 50)):
        page = client.get(f"/birou/programari/?locatie=registratura&zi={THURSDAY.isoformat()}")
        assert page.status_code == 200
        text = page.content.decode()
        assert "Ion Popescu" in text and "Maria Ionescu" in text and "Ghișeul 1" in text
        with pytest.raises(DomainError):  # not yet: the appointment has not started
            services.mark(appointment_id=second.pk, actor=users.clerk, outcome=Status.NO_SHOW)
        response = client.post(f"/birou/programari/{first.public_id}/marcare/", {"outcome": "arrived"})
        assert response.status_code == 302
    with at(local(THURSDAY, 10, 20)):
        client.post(f"/birou/programari/{second.public_id}/marcare/", {"outcome": "no_show"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.marked_by) == (Status.ARRIVED, users.clerk)
    assert second.status == Status.NO_SHOW


@pytest.mark.django_db
def test_an_official_of_another_department_cannot_mark(hall, users, client):
    with at(NOW):
        appointment = _book(users.ion, hall)
    with at(local(THURSDAY, 10, 5)):
        with pytest.raises(PermissionDenied):
            services.mark(appointment_id=appointment.pk, actor=users.urb_specialist, outcome=Status.ARRIVED)
        client.force_login(users.urb_specialist)
        assert client.post(f"/birou/programari/{appointment.public_id}/marcare/",
                           {"outcome": "arrived"}).status_code == 404
        client.force_login(users.ion)
        assert client.get("/birou/programari/").status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


@pytest.mark.django_db
def test_a_resident_sees_only_their_own_appointments(hall, users, client):
    with at(NOW):
        maria = _book(users.maria, hall)
        client.force_login(users.ion)
        assert client.get(f"/programari/{maria.public_id}/").status_code == 404
        assert client.post(f"/programari/{maria.public_id}/", {"action": "cancel"}).status_code == 404
        with pytest.raises(PermissionDenied):
            services.cancel(appointment_id=maria.pk, actor=users.ion)
        assert "Maria" not in client.get("/programari/").content.decode()
        client.force_login(users.maria)
        page = client.get(f"/programari/{maria.public_id}/")
        assert page.status_code == 200 and "Anulez programarea" in page.content.decode()
        response = client.post(f"/programari/{maria.public_id}/", {"action": "cancel"})
        assert response.status_code == 302
    maria.refresh_from_db()
    assert maria.status == Status.CANCELLED


@pytest.mark.django_db
def test_only_the_registry_sets_up_the_counters(hall, users, client):
    location = Location.objects.get(institution__code="PMD", slug="registratura")
    assert rules.can(users.reg_head, location, "configure")
    assert rules.can(users.secretary, location, "configure")
    for someone in (users.ion, users.clerk, users.urb_head, users.itl_specialist, users.adp_clerk):
        assert not rules.can(someone, location, "configure")
    for user in (users.urb_head, users.reg_head):
        user.is_staff = True
        user.save()
    client.force_login(users.urb_head)
    assert client.get(f"/admin/appointments/location/{location.pk}/change/").status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        services.save_setup(actor=users.urb_head, obj=hall.filing, change=True)
    client.force_login(users.reg_head)
    assert client.get(f"/admin/appointments/location/{location.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_move_from_the_account_and_the_job_that_frees_old_holds(hall, users, client):
    from primaria.appointments.models import Appointment
    from primaria.outbox.models import Event

    with at(NOW):
        booked = _book(users.ion, hall, "10:00")
        stale = services.hold(actor=users.maria, service_id=hall.filing.pk, location_id=hall.location.pk,
                              day=THURSDAY.isoformat(), time="13:00")
        client.force_login(users.ion)
        page = client.get(f"/programari/{booked.public_id}/?zi={THURSDAY.isoformat()}")
        assert 'name="ora" value="13:00"' in page.content.decode()
        response = client.post(f"/programari/{booked.public_id}/",
                               {"action": "move", "zi": THURSDAY.isoformat(), "ora": "13:00"})
        assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.starts_at == local(THURSDAY, 13) and booked.status == Status.BOOKED
    assert services.expire_holds(now=NOW + datetime.timedelta(minutes=services.HOLD_MINUTES + 1)) == 1
    assert Appointment.objects.get(pk=stale.pk).status == Status.EXPIRED
    assert Event.objects.filter(name="appointment.expired", subject_id=str(stale.pk)).count() == 1
    assert Event.objects.filter(name="appointment.moved", subject_id=str(booked.pk)).count() == 1


@pytest.mark.django_db
def test_the_admin_lists_the_setup_only_to_the_registry(hall, users, client):
    assert rules.can(users.reg_head, Location, "configure")
    assert not rules.can(users.urb_head, Location, "configure")
    head = users.reg_head
    head.is_staff = True
    head.save()
    client.force_login(head)
    index = client.get("/admin/").content.decode()
    assert "/admin/appointments/location/" in index


@pytest.mark.django_db
def test_an_admin_save_goes_through_the_setup_function(hall, users, client):
    from primaria.audit.models import AuditEntry

    head = users.reg_head
    head.is_staff = True
    head.save()
    client.force_login(head)
    service = hall.filing
    response = client.post(f"/admin/appointments/appointmentservice/{service.pk}/change/", {
        "slug": service.slug, "name": service.name, "description": service.description,
        "department": service.department_id, "catalog_service": "", "slot_minutes": "20", "min_notice_hours": "2",
        "max_days_ahead": "30", "cancel_cutoff_hours": "2", "active": "on"})
    assert response.status_code == 302, response.content.decode()[:500]
    service.refresh_from_db()
    assert service.slot_minutes == 20
    assert AuditEntry.objects.filter(action="appointments.setup_changed", actor=head).count() == 1
