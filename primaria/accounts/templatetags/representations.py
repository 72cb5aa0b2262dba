from django import template

from primaria.accounts.selectors import may_decide_representations

register = template.Library()


@register.filter
def decides_representations(user) -> bool:
    """Whether the navigation shows the registry's queue of representation claims to this user."""
    return may_decide_representations(user)
