"""Lines of a request's history and its status in the reader's language, for messages whose context keeps
the phrase (key and values) rather than the text (notifications/request_changed)."""

from django import template

from primaria.core.phrases import translated

register = template.Library()


@register.simple_tag
def phrase_text(key, params, fallback=""):
    """The kept line in the active language; the Romanian text kept with it when it has no key."""
    return translated(key or "", params or {}, fallback or "")


@register.simple_tag
def status_label(status):
    """A request status code's label in the active language (older messages kept the label itself)."""
    from primaria.requests.models import Status

    try:
        return str(Status(status).label)
    except ValueError:
        return status
