"""Reads: the time slots of a service at a location, the days that still have one, the lists of the pages.

Times are kept in UTC and shown in Europe/Bucharest; a day's slots are laid out in local time from the
opening hours, so the long Thursday and the change to summer time come out right.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from primaria.core import terms

from .models import (
    SEAT_STATUSES,
    Appointment,
    AppointmentService,
    Counter,
    Location,
    OpeningHours,
    ScheduleException,
    Status,
)

LOCAL = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    free: int

    @property
    def local_start(self):
        return self.starts_at.astimezone(LOCAL)

    @property
    def value(self) -> str:
        return self.local_start.strftime("%H:%M")


def local_date(moment=None) -> datetime.date:
    return (moment or timezone.now()).astimezone(LOCAL).date()


def _closed_by_calendar(day: datetime.date) -> bool:
    """A public holiday or a day off declared by the government (core.terms' calendar)."""
    return day in terms._public_holidays(day.year) or day in terms._extra_days()


def opening_intervals(location, day: datetime.date, *, exceptions=None, hours=None) -> list[tuple]:
    """The (opens, closes) intervals of `location` on `day`: an exception for the date wins, a public holiday
    or a government day off is closed, otherwise the weekday's programme."""
    exception = (exceptions.get(day) if exceptions is not None
                 else ScheduleException.objects.filter(location=location, date=day).first())
    if exception is not None:
        return [] if exception.closed else [(exception.opens, exception.closes)]
    if _closed_by_calendar(day):
        return []
    rows = hours if hours is not None else list(OpeningHours.objects.filter(location=location))
    return sorted((h.opens, h.closes) for h in rows if h.weekday == day.weekday())


def counters_for(service, location) -> list[int]:
    return list(Counter.objects.filter(location=location, services=service, active=True)
                .order_by("name", "pk").values_list("pk", flat=True))


def window(service, now=None) -> tuple[datetime.datetime, datetime.date]:
    """The earliest start a booking may have and the last day it may be on."""
    now = now or timezone.now()
    return (now + datetime.timedelta(hours=service.min_notice_hours),
            local_date(now) + datetime.timedelta(days=service.max_days_ahead))


def _seats(location, start, end, counters, *, now, exclude=None):
    """(counter, starts_at, ends_at) of the seats taken at `location` between `start` and `end`."""
    taken = (Appointment.objects.filter(location=location, counter_id__in=counters, status__in=SEAT_STATUSES,
                                        starts_at__lt=end, ends_at__gt=start)
             .exclude(status=Status.HELD, hold_expires_at__lte=now))
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    return list(taken.values_list("counter_id", "starts_at", "ends_at"))


def _layout(service, day, intervals):
    length = datetime.timedelta(minutes=service.slot_minutes)
    for opens, closes in intervals:
        start = datetime.datetime.combine(day, opens, tzinfo=LOCAL)
        close = datetime.datetime.combine(day, closes, tzinfo=LOCAL)
        while start + length <= close:
            yield start.astimezone(datetime.UTC), (start + length).astimezone(datetime.UTC)
            start += length


def free_counters(counters, seats, starts_at, ends_at) -> list[int]:
    busy = {c for c, s, e in seats if s < ends_at and e > starts_at}
    return [c for c in counters if c not in busy]


def slots(service, location, day: datetime.date, *, now=None, exclude=None, only_free=True) -> list[Slot]:
    """The slots of `service` at `location` on `day` that can be booked now (within the window), with how
    many seats are still free; `exclude` leaves one appointment out (the one being moved)."""
    now = now or timezone.now()
    earliest, last_day = window(service, now)
    if day < local_date(now) or day > last_day:
        return []
    counters = counters_for(service, location)
    if not counters:
        return []
    times = [t for t in _layout(service, day, opening_intervals(location, day)) if t[0] >= earliest]
    if not times:
        return []
    seats = _seats(location, times[0][0], times[-1][1], counters, now=now, exclude=exclude)
    result = [Slot(s, e, len(free_counters(counters, seats, s, e))) for s, e in times]
    return [s for s in result if s.free > 0] if only_free else result


def open_days(service, location, *, now=None, exclude=None) -> list[tuple[datetime.date, int]]:
    """The days of the window with at least one free slot, and how many free slots each has."""
    now = now or timezone.now()
    earliest, last_day = window(service, now)
    counters = counters_for(service, location)
    if not counters:
        return []
    first_day = local_date(now)
    exceptions = {e.date: e for e in ScheduleException.objects.filter(location=location, date__gte=first_day,
                                                                      date__lte=last_day)}
    hours = list(OpeningHours.objects.filter(location=location))
    plan = {}
    day = first_day
    while day <= last_day:
        times = [t for t in _layout(service, day, opening_intervals(location, day, exceptions=exceptions,
                                                                    hours=hours)) if t[0] >= earliest]
        if times:
            plan[day] = times
        day += datetime.timedelta(days=1)
    if not plan:
        return []
    start = min(t[0][0] for t in plan.values())
    end = max(t[-1][1] for t in plan.values())
    seats = _seats(location, start, end, counters, now=now, exclude=exclude)
    days = []
    for day, times in plan.items():
        free = sum(1 for s, e in times if free_counters(counters, seats, s, e))
        if free:
            days.append((day, free))
    return days


def bookable_services():
    """What residents of the city hall the request serves can book: its services with an open counter."""
    from primaria.institutions.selectors import served_institution_ids

    return (AppointmentService.objects.filter(active=True, counters__active=True,
                                              institution_id__in=served_institution_ids())
            .distinct().order_by("name"))


def locations_for(service):
    """The locations of the city hall the request serves with an open counter for `service`."""
    from primaria.institutions.selectors import served_institution_ids

    return Location.objects.filter(active=True, counters__services=service, counters__active=True,
                                   institution_id__in=served_institution_ids()).distinct()


def mine(user):
    """The account's appointments: the coming ones first, then the past and cancelled ones."""
    return (Appointment.objects.filter(user=user).exclude(status__in=[Status.HELD, Status.EXPIRED])
            .select_related("service", "location", "counter", "request__registry_entry").order_by("-starts_at"))


def day_sheet(location, day: datetime.date, *, departments=None):
    """The clerk's day: every counter of the location with its appointments of `day`, in time order."""
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=LOCAL)
    end = start + datetime.timedelta(days=1)
    counters = Counter.objects.filter(location=location).order_by("name")
    if departments is not None:
        counters = counters.filter(department_id__in=departments)
    appointments = (Appointment.objects.filter(location=location, starts_at__gte=start, starts_at__lt=end)
                    .filter(Q(status__in=[Status.BOOKED, Status.ARRIVED, Status.NO_SHOW, Status.CANCELLED]))
                    .select_related("service", "request__registry_entry", "user").order_by("starts_at"))
    by_counter = {}
    for appointment in appointments:
        by_counter.setdefault(appointment.counter_id, []).append(appointment)
    return [(counter, by_counter.get(counter.pk, [])) for counter in counters]
