"""Reads of local alerts: what is current, and which subscriptions an alert touches."""

from django.db.models import Q
from django.utils import timezone

from . import geometry
from .models import Alert, AlertStatus, Subscription


def served_alerts():
    """The alerts of the city hall the request serves (issued by its departments or its institutions')."""
    from primaria.institutions.selectors import served_institution_ids

    return Alert.objects.filter(department__institution_id__in=served_institution_ids())


def public_alerts():
    return served_alerts().exclude(status=AlertStatus.DRAFT).select_related("department__institution")


def current_and_upcoming(now=None):
    """Published alerts not yet over: in force now or starting later, soonest first."""
    now = now or timezone.now()
    return public_alerts().filter(status=AlertStatus.PUBLISHED, ends_at__gt=now).order_by("starts_at", "pk")


def current(now=None):
    """Published alerts in force now (the feeds)."""
    now = now or timezone.now()
    return current_and_upcoming(now).filter(starts_at__lte=now)


def touches(subscription: Subscription, shape: geometry.Shape) -> bool:
    """Exactly: an address subscription when the shape comes within its radius; an area or a district when the
    shapes share a point (inside, crossing or touching)."""
    if subscription.latitude is not None and subscription.radius_m:
        return geometry.distance_m(shape, subscription.latitude, subscription.longitude) <= subscription.radius_m
    return geometry.intersects(geometry.read(subscription.geometry), shape)


def matching_subscriptions(shapes: list, topic: str, *, confirmed_by=None):
    """Active subscriptions to `topic` (confirmed by `confirmed_by`, when given) whose area touches one of the
    shapes: a bounding-box filter in the database (indexed columns), then the exact test."""
    boxes = Q()
    for shape in shapes:
        south, north, west, east = shape.bbox()
        boxes |= Q(min_lat__lte=north, max_lat__gte=south, min_lon__lte=east, max_lon__gte=west)
    candidates = (Subscription.objects.filter(boxes, status=Subscription.Status.ACTIVE)
                  .select_related("user", "phone").order_by("pk"))
    if confirmed_by is not None:
        candidates = candidates.filter(confirmed_at__lte=confirmed_by)
    for subscription in candidates.iterator(chunk_size=500):
        if topic in subscription.topics and any(touches(subscription, shape) for shape in shapes):
            yield subscription


def subscriptions_of(user):
    return Subscription.objects.filter(user=user).select_related("district", "phone")


def by_confirm_token(token):
    """The subscription a confirmation link names (to show before the button is pressed); None if there is none."""
    return Subscription.objects.filter(confirm_token=str(token)[:40]).first()
