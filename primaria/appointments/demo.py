"""i18n: ro (demo data stays Romanian). The demo city's registry hall: Registratură – Ghișeul unic, three counters, the public-service programme
(Monday to Friday 8:30–16:30, Thursday until 18:30) and a few appointments of the demo resident."""

import datetime

from primaria.institutions.models import Department, Institution

from .models import Appointment, AppointmentService, Counter, Location, OpeningHours

SERVICES = [
    ("depunere-documente", "Depunere documente la registratură", 15,
     "Cererea completată și actul de identitate; originalele documentelor pentru o cerere depusă online."),
    ("ridicare-acte", "Ridicarea actelor emise", 10, "Actul de identitate și codul cererii."),
    ("consiliere-cereri", "Consiliere pentru completarea cererilor", 30,
     "Actul de identitate și documentele pe care le aveți pentru cererea dorită."),
]
HOURS = [(day, datetime.time(8, 30), datetime.time(18, 30) if day == 3 else datetime.time(16, 30)) for day in range(5)]


def load_demo_appointments():
    city = Institution.objects.get(code="PMD")
    registry = Department.objects.get(institution=city, code="reg")
    location, _ = Location.objects.update_or_create(institution=city, slug="registratura", defaults={
        "name": "Registratură – Ghișeul unic", "address": "Piața Unirii nr. 1, Municipiul Demo",
        "directions": "parter, intrarea principală"})
    for weekday, opens, closes in HOURS:
        OpeningHours.objects.update_or_create(location=location, weekday=weekday,
                                              defaults={"opens": opens, "closes": closes})
    services = []
    for slug, name, minutes, description in SERVICES:
        service, _ = AppointmentService.objects.update_or_create(institution=city, slug=slug, defaults={
            "name": name, "slot_minutes": minutes, "description": description, "department": registry})
        services.append(service)
    for number in (1, 2, 3):
        counter, _ = Counter.objects.update_or_create(location=location, name=f"Ghișeul {number}",
                                                      defaults={"department": registry, "active": True})
        counter.services.set(services if number < 3 else services[:2])
    _resident_appointments(location, services)


def _resident_appointments(location, services):
    """Two coming appointments of Ion Popescu (once). Demo data like the rest of the loader: written as they
    stand, without e-mails, so loading the demo sends nobody anything."""
    from django.utils import timezone

    from primaria.accounts.models import User

    from . import selectors
    from .models import Status

    ion = User.objects.filter(email="ion.popescu@example.ro").first()
    if ion is None or Appointment.objects.filter(user=ion).exists():
        return
    for service, pick in ((services[0], 1), (services[2], 3)):
        days = selectors.open_days(service, location)
        if len(days) <= pick:
            continue
        slot = selectors.slots(service, location, days[pick][0])[2]
        counter = selectors.counters_for(service, location)[0]
        Appointment.objects.create(
            service=service, location=location, counter_id=counter, starts_at=slot.starts_at, ends_at=slot.ends_at,
            status=Status.BOOKED, user=ion, name=ion.get_full_name(), email=ion.email, phone="0722123456",
            booked_at=timezone.now())
