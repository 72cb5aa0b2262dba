"""Days and hours of appointments in Romanian, whatever language the browser asks for."""

import datetime

from django import template

from ..selectors import LOCAL

register = template.Library()

WEEKDAYS = ["luni", "marți", "miercuri", "joi", "vineri", "sâmbătă", "duminică"]
MONTHS = ["ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie",
          "octombrie", "noiembrie", "decembrie"]


def _parts(value):
    if isinstance(value, datetime.datetime):
        value = value.astimezone(LOCAL)
    return WEEKDAYS[value.weekday()], value.day, MONTHS[value.month - 1], value.year


@register.filter
def zi(value):
    """marți, 8 decembrie 2026"""
    if not value:
        return ""
    weekday, day, month, year = _parts(value)
    return f"{weekday}, {day} {month} {year}"


@register.filter
def zi_ora(value):
    """marți, 8 decembrie 2026, 10:30"""
    if not value:
        return ""
    return f"{zi(value)}, {value.astimezone(LOCAL):%H:%M}"


@register.filter
def ora(value):
    return value.astimezone(LOCAL).strftime("%H:%M") if value else ""
