"""Legal terms on the Romanian working-day calendar.

Public holidays come from the `holidays` library (Romania's list includes Orthodox Easter and
Pentecost, 24 January, 1 June, 15 August, 30 November, 1 December, Christmas); days the government
declares non-working on top of them are kept in ExtraNonWorkingDay and edited in the admin.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

CALENDAR = "calendar"
WORKING = "working"
UNITS = [(CALENDAR, "zile calendaristice"), (WORKING, "zile lucrătoare")]


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset:
    return frozenset(holidays.country_holidays("RO", years=year).keys())


def _extra_days() -> frozenset:
    from django.core.cache import cache

    cached = cache.get("core:extra-non-working-days")
    if cached is None:
        from primaria.core.models import ExtraNonWorkingDay

        cached = frozenset(ExtraNonWorkingDay.objects.values_list("date", flat=True))
        cache.set("core:extra-non-working-days", cached, 300)
    return cached


def forget_extra_days():
    from django.core.cache import cache

    cache.delete("core:extra-non-working-days")


def is_working_day(day: date, extra: frozenset | None = None) -> bool:
    if day.weekday() >= 5:
        return False
    if day in _public_holidays(day.year):
        return False
    return day not in (extra if extra is not None else _extra_days())


def next_working_day(day: date, extra: frozenset | None = None) -> date:
    extra = extra if extra is not None else _extra_days()
    while not is_working_day(day, extra):
        day += timedelta(days=1)
    return day


def add_term(start: date, days: int, unit: str) -> date:
    """The last day of a term of `days` counted from `start` (the day of registration is not counted).

    Calendar days: a term that ends on a non-working day ends on the next working day.
    Working days: the `days`-th working day after `start`.
    """
    extra = _extra_days()
    if unit == WORKING:
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if is_working_day(day, extra):
                counted += 1
        return day
    return next_working_day(start + timedelta(days=days), extra)


def units_between(start: date, end: date, unit: str) -> int:
    """How many days of `unit` lie after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    if unit == WORKING:
        extra = _extra_days()
        return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n), extra))
    return (end - start).days
