from django import template

from primaria.core import rules

register = template.Library()


@register.filter
def publishes_acts(user) -> bool:
    """Whether the user publishes in the Monitorul Oficial Local (the secretary general's staff)."""
    return rules.monitor_office(user)


@register.filter
def council_office(user) -> bool:
    """Whether the user works in the council's back office (the rule `core.rules.council_office`)."""
    return rules.council_office(user)
