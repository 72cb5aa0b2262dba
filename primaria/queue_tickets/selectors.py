"""Reading the queue: who is next at a counter, how long a resident waits, what the display shows, and the
waiting and serving times of the dashboard.

Estimated wait (docs/queue.md):

    wait = ceil(ahead / counters) × minutes

* `ahead`: the waiting tickets of the same service that a counter calls before this one (every waiting
  priority ticket issued earlier; for a ticket without priority also every waiting priority ticket, and the
  tickets issued earlier);
* `counters`: the open counters of the location that serve the service;
* `minutes`: the average serving time (call to "Finalizat") of the last `RECENT_SERVED` tickets of the service
  at the location served in the last `RECENT_DAYS` days, or the service's assumed time (`default_minutes`)
  while fewer than `MIN_SAMPLES` were served.

Residents with an appointment are served at their time before the queue; the estimate does not add them, so it
reads "about": the display and the ticket say so.
"""

import datetime
import math
import statistics

from django.db.models import Q
from django.utils import timezone

from primaria.appointments.models import Appointment, AppointmentService, Counter
from primaria.appointments.models import Status as AppointmentStatus
from primaria.appointments.selectors import LOCAL, local_date

from .models import QueueService, Ticket, TicketStatus

RECENT_SERVED = 30
RECENT_DAYS = 14
MIN_SAMPLES = 3
DUE_MINUTES = 5  # an appointment is called from this many minutes before its time
LATE_MINUTES = 30  # a booked appointment not marked as arrived is no longer called this long after its time
RECENT_CALLS = 6
STATS_DAYS = 30


def kiosk_services(location):
    """The services a ticket can be taken for at `location` now: active, with an open counter serving them."""
    return list(AppointmentService.objects.filter(
        active=True, queue__active=True, counters__location=location, counters__active=True,
    ).distinct().select_related("queue").order_by("queue__letter"))


def counters_serving(service, location) -> int:
    return Counter.objects.filter(location=location, services=service, active=True).count()


def average_minutes(service, location, *, now=None) -> float:
    now = now or timezone.now()
    served = (Ticket.objects.filter(service=service, location=location, status=TicketStatus.SERVED,
                                    finished_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
              .order_by("-finished_at").values_list("called_at", "finished_at")[:RECENT_SERVED])
    durations = [(end - start).total_seconds() / 60 for start, end in served if start and end and end >= start]
    if len(durations) < MIN_SAMPLES:
        queue = QueueService.objects.filter(service=service).first()
        return float(queue.default_minutes if queue else service.slot_minutes)
    return sum(durations) / len(durations)


def _ahead_q(ticket) -> Q:
    earlier = Q(issued_at__lt=ticket.issued_at) | Q(issued_at=ticket.issued_at, pk__lt=ticket.pk)
    if ticket.priority:
        return ~Q(priority="") & earlier
    return ~Q(priority="") | earlier


def people_ahead(ticket) -> int:
    if ticket.status != TicketStatus.WAITING:
        return 0
    return (Ticket.objects.filter(location_id=ticket.location_id, service_id=ticket.service_id, date=ticket.date,
                                  status=TicketStatus.WAITING, appointment__isnull=True)
            .exclude(pk=ticket.pk).filter(_ahead_q(ticket)).count())


def estimate_minutes(service, location, ahead: int, *, now=None) -> int | None:
    """Minutes until a resident with `ahead` people before them is called; None when no counter serves it."""
    counters = counters_serving(service, location)
    if counters == 0:
        return None
    return math.ceil(math.ceil(ahead / counters) * average_minutes(service, location, now=now))


def ticket_estimate(ticket) -> tuple[int, int | None]:
    ahead = people_ahead(ticket)
    return ahead, estimate_minutes(ticket.service, ticket.location, ahead)


def due_appointments(counter, *, now=None):
    """The appointments at `counter` a call can take now: today's, at their time (or due within DUE_MINUTES),
    marked as arrived (any time today) or still booked and not later than LATE_MINUTES, not called yet."""
    now = now or timezone.now()
    day = local_date(now)
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=LOCAL)
    return (Appointment.objects.filter(counter=counter, starts_at__gte=start,
                                       starts_at__lte=now + datetime.timedelta(minutes=DUE_MINUTES),
                                       ticket__isnull=True)
            .filter(Q(status=AppointmentStatus.ARRIVED)
                    | Q(status=AppointmentStatus.BOOKED,
                        starts_at__gte=now - datetime.timedelta(minutes=LATE_MINUTES)))
            .select_related("service").order_by("starts_at", "pk"))


def waiting_tickets(counter, *, now=None):
    """The tickets `counter` calls, in order: priority first, then the others, each by the time taken."""
    from django.db.models import Case, IntegerField, Value, When

    day = local_date(now)
    return (Ticket.objects.filter(location_id=counter.location_id, date=day, status=TicketStatus.WAITING,
                                  appointment__isnull=True, service__in=counter.services.all())
            .annotate(rank=Case(When(priority="", then=Value(1)), default=Value(0), output_field=IntegerField()))
            .order_by("rank", "issued_at", "pk"))


def current_ticket(counter):
    """The ticket the counter is serving (called and not yet closed), if any."""
    return (Ticket.objects.filter(counter=counter, status=TicketStatus.CALLED, date=local_date())
            .select_related("service", "appointment").order_by("-last_called_at").first())


def display(location, *, now=None) -> dict:
    """What the hall's screen shows: each counter's current call, the last calls, the queue per service."""
    now = now or timezone.now()
    day = local_date(now)
    today = Ticket.objects.filter(location=location, date=day).select_related("service", "counter")
    current = list(today.filter(status=TicketStatus.CALLED).order_by("-last_called_at"))
    recent = list(today.filter(last_called_at__isnull=False).order_by("-last_called_at", "-pk")[:RECENT_CALLS])
    waiting = []
    for service in kiosk_services(location):
        count = today.filter(service=service, status=TicketStatus.WAITING, appointment__isnull=True).count()
        waiting.append({"service": service, "letter": service.queue.letter, "count": count,
                        "minutes": estimate_minutes(service, location, count, now=now)})
    latest = recent[0] if recent else None
    version = f"{latest.pk}-{latest.calls}-{latest.status}-{len(current)}" if latest else "0"
    return {"current": current, "recent": recent, "waiting": waiting, "latest": latest, "version": version,
            "day": day}


# --- statistics ------------------------------------------------------------------------------------------------


def _percentile(values, fraction):
    """The nearest-rank percentile (the value below which `fraction` of the values fall)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _summary(values) -> dict:
    minutes = [v / 60 for v in values if v is not None]
    if not minutes:
        return {"count": 0, "average": None, "median": None, "p90": None}
    return {"count": len(minutes), "average": sum(minutes) / len(minutes), "median": statistics.median(minutes),
            "p90": _percentile(minutes, 0.9)}


def timing_statistics(institution_ids, *, days=STATS_DAYS, now=None) -> dict:
    """Waiting (ticket to first call) and serving (call to "Finalizat") times in minutes, per service over the
    last `days` days and per day over all services: count, average, median and 90th percentile."""
    now = now or timezone.now()
    first = local_date(now) - datetime.timedelta(days=days - 1)
    rows = list(Ticket.objects.filter(location__institution_id__in=institution_ids, date__gte=first,
                                      called_at__isnull=False)
                .select_related("service").order_by("date", "pk"))
    by_service, by_day = {}, {}
    for ticket in rows:
        by_service.setdefault(ticket.service, []).append(ticket)
        by_day.setdefault(ticket.date, []).append(ticket)

    def figures(tickets):
        return {"tickets": len(tickets), "wait": _summary([t.wait_seconds for t in tickets]),
                "serve": _summary([t.serve_seconds for t in tickets]),
                "no_show": sum(1 for t in tickets if t.status == TicketStatus.NO_SHOW)}

    return {
        "days": days, "first": first, "total": len(rows),
        "services": [{"name": s.name, **figures(t)} for s, t in sorted(by_service.items(), key=lambda i: i[0].name)],
        "per_day": [{"day": d, **figures(t)} for d, t in sorted(by_day.items(), reverse=True)],
        "all": figures(rows),
    }
