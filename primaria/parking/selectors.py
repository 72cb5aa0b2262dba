"""Reads: a party's subscriptions, what is still to be paid, what a plate holds in a zone.

Zones are of one city hall (`Zone.institution`), and their types and subscriptions with them: every read made
for a page answers for the city hall the request serves (`city_hall()`); work outside a request (the periodic
tasks) reads every city hall's rows and takes each one's city hall from its zone."""

import re
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from .models import Status, Subscription, SubscriptionType, Zone

REFERENCE = re.compile(r"^PK(\d{7,12})$")


def city_hall(given=None):
    """`given`, else the city hall the running request serves (outside a request, the installation's default)."""
    from primaria.institutions.selectors import main_institution

    return given if given is not None else main_institution()


def unpaid():
    """Subscriptions waiting for their payment and still within their time to be paid."""
    return (Subscription.objects.filter(status=Status.PENDING, pay_by__gt=timezone.now())
            .select_related("zone", "type"))


def blocking(plate: str, zone, starts_on, ends_on):
    """Subscriptions of the plate in the zone whose period meets [starts_on, ends_on]: paid, or waiting for a
    payment within their time (a lapsed one frees the plate)."""
    return (Subscription.objects.filter(plate=plate, zone=zone, starts_on__lte=ends_on, ends_on__gte=starts_on)
            .filter(Q(status=Status.PAID) | Q(status=Status.PENDING, pay_by__gt=timezone.now())))


def subscription_by_reference(reference: str) -> Subscription | None:
    """The subscription a payment reference names, whatever its city hall (a reference is unique on the whole
    installation)."""
    match = REFERENCE.match((reference or "").strip().upper())
    if not match:
        return None
    return Subscription.objects.select_related("zone", "type").filter(pk=int(match.group(1))).first()


def subscriptions_of(party, limit=100, *, of=None):
    """The party's subscriptions in the zones of the city hall `of` (by default the one the request serves)."""
    if party is None:
        return Subscription.objects.none()
    return (Subscription.objects.filter(party=party, zone__institution=city_hall(of)).select_related("zone", "type", "payment")
            .prefetch_related("renewals").order_by("-starts_on", "-pk")[:limit])


def zones_of(of=None):
    """Every zone of the city hall `of` (by default the one the request serves)."""
    return Zone.objects.filter(institution=city_hall(of))


def zones_on_sale(of=None):
    return zones_of(of).filter(active=True).order_by("code")


def types_on_sale(of=None):
    return (SubscriptionType.objects.filter(active=True, zone__active=True, zone__institution=city_hall(of))
            .select_related("zone").order_by("zone__code", "price", "pk"))


def paid_for_plate(plate: str, zone=None, *, of=None):
    """Paid subscriptions of the plate in the zones of the city hall `of` (a zone's own city hall if given)."""
    of = zone.institution if zone is not None else of
    subscriptions = (Subscription.objects.filter(plate=plate, status=Status.PAID, zone__institution=city_hall(of))
                     .select_related("zone", "type"))
    return subscriptions.filter(zone=zone) if zone is not None else subscriptions


def due_for_reminder(today=None, days=None):
    """Paid subscriptions ending within `days` (PRIMARIA_PARKING_REMIND_DAYS) whose holder was not told yet and
    that have no renewal (paid or waiting)."""
    from django.conf import settings

    today = today or timezone.localdate()
    days = settings.PRIMARIA_PARKING_REMIND_DAYS if days is None else days
    renewed = Subscription.objects.filter(
        Q(status=Status.PAID) | Q(status=Status.PENDING, pay_by__gt=timezone.now())).values("renewal_of_id")
    return (Subscription.objects.filter(status=Status.PAID, reminded_at__isnull=True, ends_on__gte=today,
                                        ends_on__lte=today + timedelta(days=days))
            .exclude(pk__in=renewed.exclude(renewal_of_id=None)).values_list("pk", flat=True))


def lapsing(now=None):
    """Unpaid subscriptions past their time to be paid, still marked waiting."""
    return Subscription.objects.filter(status=Status.PENDING, pay_by__lte=now or timezone.now()).values_list(
        "pk", flat=True)
