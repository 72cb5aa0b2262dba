"""Days and hours of appointments in the reader's language (Romanian by default), in the counter's clock."""

import datetime

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ..models import Weekday
from ..selectors import LOCAL

register = template.Library()

MONTHS = [pgettext_lazy("luna", "ianuarie"), pgettext_lazy("luna", "februarie"), pgettext_lazy("luna", "martie"),
          pgettext_lazy("luna", "aprilie"), pgettext_lazy("luna", "mai"), pgettext_lazy("luna", "iunie"),
          pgettext_lazy("luna", "iulie"), pgettext_lazy("luna", "august"), pgettext_lazy("luna", "septembrie"),
          pgettext_lazy("luna", "octombrie"), pgettext_lazy("luna", "noiembrie"), pgettext_lazy("luna", "decembrie")]


def _local(value):
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime.datetime):
        value = value.astimezone(LOCAL)
    return value


@register.filter
def zi(value):
    """marți, 8 decembrie 2026"""
    value = _local(value)
    if not value:
        return ""
    return _("%(weekday)s, %(day)s %(month)s %(year)s") % {
        "weekday": Weekday(value.weekday()).label, "day": value.day, "month": MONTHS[value.month - 1],
        "year": value.year}


@register.filter
def zi_ora(value):
    """marți, 8 decembrie 2026, 10:30"""
    value = _local(value)
    if not value:
        return ""
    return _("%(day)s, %(time)s") % {"day": zi(value), "time": f"{value:%H:%M}"}


@register.filter
def ora(value):
    value = _local(value)
    return value.strftime("%H:%M") if value else ""


def when(value) -> str:
    """marți, 08.12.2026, ora 10:30 (an appointment's start, in the active language)"""
    value = _local(value)
    if not value:
        return ""
    return _("%(weekday)s, %(date)s, ora %(time)s") % {
        "weekday": Weekday(value.weekday()).label, "date": f"{value:%d.%m.%Y}", "time": f"{value:%H:%M}"}


@register.filter(name="cand")
def when_filter(value):
    """The start kept in an e-mail's context (ISO text), as `when` writes it."""
    return when(value)
