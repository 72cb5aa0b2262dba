from django import template

from primaria.alerts.rules import publishes_alerts as _publishes

register = template.Library()


@register.filter
def publishes_alerts(user) -> bool:
    return _publishes(user)


@register.filter
def alert_topic(code) -> str:
    """A topic's name (its code is what messages keep) in the active language."""
    from primaria.alerts.models import Topic

    return Topic(code).label if code in Topic.values else code


@register.filter
def alert_topics(codes) -> str:
    return ", ".join(str(alert_topic(c)) for c in (codes or []))


@register.filter
def alert_area(area, kind) -> str:
    """The subscription's name, or (without one) its kind in the active language."""
    from primaria.alerts.models import SubscriptionKind

    if area:
        return area
    return SubscriptionKind(kind).label if kind in SubscriptionKind.values else ""
