from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or "" (the category's questions are data, so their field names are too)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def status_label(code):
    """A report's state, from its code, in the page's (or the message's) language."""
    from ..models import Status

    return dict(Status.choices).get(code, code)


@register.simple_tag
def kept_line(key, params, written):
    """A line kept as a phrase (primaria.core.phrases) in the active language; the Romanian text without a key."""
    from primaria.core.phrases import translated

    return translated(key or "", params or {}, written or "")
