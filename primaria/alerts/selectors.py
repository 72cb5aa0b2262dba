"""Reads of local alerts: what is current, and which subscriptions an alert touches."""

from django.db.models import Q
from django.utils import timezone

from . import geometry
from .models import Alert, AlertStatus, Subscription


def served_city_hall():
    """The city hall the request serves (`selectors.main_institution`)."""
    from primaria.institutions.selectors import main_institution

    return main_institution()


def served_alerts():
    """The alerts of the city hall the request serves."""
    return Alert.objects.filter(city_hall=served_city_hall())


def served_subscriptions():
    """The subscriptions made on the site of the city hall the request serves."""
    return Subscription.objects.filter(city_hall=served_city_hall())


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


def matching_subscriptions(shapes: list, topic: str, *, city_hall, confirmed_by=None):
    """Active subscriptions of `city_hall` to `topic` (confirmed by `confirmed_by`, when given) whose area touches
    one of the shapes: a bounding-box filter in the database (indexed columns), then the exact test. Another city
    hall's subscribers are never matched, even where the areas overlap on the map."""
    boxes = Q()
    for shape in shapes:
        south, north, west, east = shape.bbox()
        boxes |= Q(min_lat__lte=north, max_lat__gte=south, min_lon__lte=east, max_lon__gte=west)
    candidates = (Subscription.objects.filter(boxes, city_hall=city_hall, status=Subscription.Status.ACTIVE)
                  .select_related("user", "phone").order_by("pk"))
    if confirmed_by is not None:
        candidates = candidates.filter(confirmed_at__lte=confirmed_by)
    for subscription in candidates.iterator(chunk_size=500):
        if topic in subscription.topics and any(touches(subscription, shape) for shape in shapes):
            yield subscription


def subscriptions_of(user):
    """The account's subscriptions on the site of the city hall the request serves."""
    return served_subscriptions().filter(user=user).select_related("district", "phone")


def by_confirm_token(token):
    """The subscription a confirmation link names (to show before the button is pressed); None if there is none
    of the city hall the request serves."""
    return served_subscriptions().filter(confirm_token=str(token)[:40]).first()


def by_unsubscribe_token(token):
    return served_subscriptions().filter(unsubscribe_token=str(token)[:40]).first()
