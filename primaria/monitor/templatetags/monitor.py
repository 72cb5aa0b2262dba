from django import template

from primaria.core import rules

register = template.Library()


@register.filter
def publishes_acts(user) -> bool:
    """Whether the user publishes in the Monitorul Oficial Local (the secretary general's staff)."""
    return rules.monitor_office(user)
