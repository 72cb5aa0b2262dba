from django import template

from primaria.alerts.rules import publishes_alerts as _publishes

register = template.Library()


@register.filter
def publishes_alerts(user) -> bool:
    return _publishes(user)
