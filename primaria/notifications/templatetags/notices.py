from django import template

from primaria.notifications.services import unread_count

register = template.Library()


@register.simple_tag
def unread_notices(user) -> int:
    """How many in-app notices the account has not read (the resident menu's badge)."""
    return unread_count(user)
