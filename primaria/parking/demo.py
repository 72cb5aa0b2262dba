"""The demo city's parking: three zones, their subscription types and one paid subscription of Ion Popescu.

i18n: ro (demo data, in Romanian like the demo city)
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from . import periods
from .models import Status, Subscription, SubscriptionType, Zone

ZONES = [
    ("Z1", "Centru istoric", "Piața Unirii și străzile din jur; se plătește luni–sâmbătă, 8–20.", False, ""),
    ("Z2", "Zona semicentrală", "Între inelul I și inelul II; se plătește luni–vineri, 8–18.", False, ""),
    ("R1", "Rezidențial Mărășești", "Locuri rezervate locatarilor, marcate „R1”.", True,
     "Str. Mărășești\nStr. Gheorghe Lazăr\nStr. Eugeniu de Savoya"),
]
TYPES = [
    ("Z1", "Abonament lunar Centru", "month", "150.00", False, "certificatul de înmatriculare al vehiculului"),
    ("Z1", "Abonament anual Centru", "year", "1500.00", False, "certificatul de înmatriculare al vehiculului"),
    ("Z2", "Abonament lunar semicentral", "month", "80.00", False, ""),
    ("Z2", "Abonament trimestrial semicentral", "quarter", "220.00", False, ""),
    ("R1", "Abonament rezident", "year", "120.00", True,
     "certificatul de înmatriculare pe numele titularului și actul de identitate"),
]
DEMO_PLATE = "TM07XYZ"


def load_demo_parking():
    from primaria.institutions.selectors import main_institution

    city_hall = main_institution()
    zones = {}
    for code, name, description, residential, streets in ZONES:
        zones[code], _ = Zone.objects.update_or_create(institution=city_hall, code=code, defaults={
            "name": name, "description": description, "residential": residential, "streets": streets, "active": True})
    types = {}
    for zone, name, period, price, residents, proof in TYPES:
        types[name], _ = SubscriptionType.objects.update_or_create(zone=zones[zone], name=name, defaults={
            "period": period, "price": Decimal(price), "residents_only": residents, "proof": proof, "active": True})
    from primaria.accounts.models import Party

    ion = Party.objects.filter(email="ion.popescu@example.ro", kind="person").first()
    if ion is None or Subscription.objects.filter(party=ion, plate=DEMO_PLATE).exists():
        return
    today = timezone.localdate()
    starts_on = today.replace(day=1)
    resident = types["Abonament rezident"]
    now = timezone.now()
    Subscription.objects.create(
        party=ion, bought_by=ion.user, plate=DEMO_PLATE, zone=resident.zone, type=resident, price=resident.price,
        starts_on=starts_on, ends_on=periods.period_end(starts_on, resident.period), status=Status.PAID,
        address=ion.address, created_at=now, pay_by=now + timedelta(hours=24), paid_at=now,
        note="Date demonstrative: plătit la ghișeu.")
