"""What changed in an updated alert, as a line each reader reads in their own language.

An update keeps the changed fields with their new values (`AlertVersion.changes_params`: `changed`, a list of
{"field", "value"}, and `note`, what the official wrote), and its Romanian text (`changes`) for the record.
"""

from django.utils import translation
from django.utils.translation import gettext as _


def _part(item: dict) -> str:
    from .models import Topic

    field, value = item.get("field", ""), item.get("value", "")
    if field == "starts_at":
        return _("începutul: acum %(value)s") % {"value": value}
    if field == "ends_at":
        return _("sfârșitul: acum %(value)s") % {"value": value}
    if field == "topic":
        label = Topic(value).label if value in Topic.values else value
        return _("subiectul: acum „%(topic)s”") % {"topic": label}
    if field == "title":
        return _("titlul: acum „%(title)s”") % {"title": value}
    if field == "description":
        return _("descrierea s-a schimbat")
    if field == "geometry":
        return _("zona de pe hartă s-a schimbat")
    if field == "department":
        return _("compartimentul emitent s-a schimbat")
    return field


def describe(changed: list, note: str = "") -> str:
    """The line in the active language: "S-a schimbat sfârșitul: acum 15.12.2026 08:00." and the official's note."""
    text = _("S-a schimbat %(changes)s.") % {"changes": "; ".join(_part(i) for i in changed if isinstance(i, dict))}
    return text + (f" {note}" if note else "")


def romanian(changed: list, note: str = "") -> str:
    """The line as the record keeps it."""
    with translation.override("ro"):
        return describe(changed, note)
