"""The one way the queue changes state.

    issue       the kiosk: a numbered ticket for a service (with or without priority)
    call_next   a counter calls its next resident: an appointment at its time, then priority tickets, then the
                others in the order they were taken
    recall      the same resident called again (the display announces it again)
    no_show     the resident called did not come
    finish      the resident was served
    close_days  the nightly job: what earlier days left waiting or called is closed as `expired`

Each function is one transaction that locks what it changes, writes an audit entry and records the `queue.*`
event. A number is issued under the lock of its (location, service, day) sequence row, a call under the lock
of the (location, day) row, so two kiosks never print the same number and two counters never call the same
resident; unique constraints guard the same at the database.
"""


from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from primaria.appointments import services as appointment_services
from primaria.appointments.models import AppointmentService, Counter, Location
from primaria.appointments.models import Status as AppointmentStatus
from primaria.appointments.selectors import LOCAL, local_date, opening_intervals
from primaria.audit.services import record as audit
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.outbox.services import record as record_event

from . import selectors
from .models import Priority, QueueDay, Ticket, TicketSequence, TicketStatus

PRIORITY_MARK = "P"


def is_open(location, now) -> bool:
    """Whether the hall receives the public at `now` (its programme, exceptions and the holidays of `appointments`)."""
    local = now.astimezone(LOCAL)
    return any(opens <= local.time() < closes for opens, closes in opening_intervals(location, local.date()))


def code_for(letter: str, number: int, priority: str) -> str:
    return f"{PRIORITY_MARK if priority else ''}{letter}{number:03d}"


def issue(*, location_id, service_id, priority: str = "", ip=None) -> Ticket:
    """A ticket with the next number of the service at the location today (the kiosk; no account)."""
    now = timezone.now()
    location = Location.objects.filter(pk=location_id, active=True).first()
    if location is None:
        raise DomainError(_("Această locație nu mai primește public."))
    if priority not in Priority.values:
        raise DomainError({"priority": _("Alegeți dacă aveți prioritate.")})
    service = AppointmentService.objects.filter(pk=service_id).select_related("queue").first()
    if service is None or service not in selectors.kiosk_services(location):
        raise DomainError({"service": _("Alegeți unul dintre serviciile din listă.")})
    if not is_open(location, now):
        raise DomainError(_("Ghișeele sunt închise acum. Reveniți în timpul programului cu publicul."))
    day = local_date(now)
    try:
        with transaction.atomic():
            TicketSequence.objects.bulk_create([TicketSequence(location=location, service=service, date=day)],
                                               ignore_conflicts=True)
            sequence = TicketSequence.objects.select_for_update().get(location=location, service=service, date=day)
            sequence.last_number += 1
            sequence.save(update_fields=["last_number"])
            ticket = Ticket.objects.create(
                location=location, service=service, date=day, number=sequence.last_number,
                code=code_for(service.queue.letter, sequence.last_number, priority), priority=priority,
                issued_at=now)
            audit(actor=None, action="queue.issue", target=ticket, ip_address=ip, code=ticket.code,
                  priority=priority)
            record_event("queue.ticket_issued", ticket, ticket_id=ticket.pk, location_id=location.pk)
    except IntegrityError:  # the database's guard; the lock above keeps it from happening
        raise DomainError(_("Bonul nu a putut fi emis. Încercați din nou.")) from None
    return ticket


def _lock_counter(actor, counter_id) -> Counter:
    counter = Counter.objects.select_for_update(of=("self",)).select_related("location").filter(pk=counter_id).first()
    if counter is None:
        raise DomainError(_("Ghișeul nu mai există."))
    rules.require(actor, counter, "serve_queue")
    return counter


def _lock_day(location, day) -> None:
    QueueDay.objects.bulk_create([QueueDay(location=location, date=day)], ignore_conflicts=True)
    QueueDay.objects.select_for_update().get(location=location, date=day)


def call_next(*, actor, counter_id, ip=None) -> Ticket | None:
    """The counter's next resident, or None when nobody waits for its services."""
    now = timezone.now()
    day = local_date(now)
    try:
        with transaction.atomic():
            counter = _lock_counter(actor, counter_id)
            if not counter.active:
                raise DomainError(_("Ghișeul este închis. Deschideți-l din programul ghișeelor."))
            _lock_day(counter.location, day)
            current = selectors.current_ticket(counter)
            if current is not None:
                raise DomainError(_("Încheiați mai întâi bonul %(code)s: „Finalizat” sau „Absent”.") % {"code": current.code})
            appointment = selectors.due_appointments(counter, now=now).first()
            if appointment is not None:
                ticket = Ticket(location=counter.location, service=appointment.service, date=day,
                                code=appointment.reference, appointment=appointment,
                                issued_at=min(appointment.starts_at, now))
            else:
                waiting = selectors.waiting_tickets(counter, now=now).values_list("pk", flat=True).first()
                if waiting is None:
                    return None
                ticket = Ticket.objects.select_for_update().get(pk=waiting)
                if ticket.status != TicketStatus.WAITING:  # cannot happen under the day's lock; kept as a guard
                    raise DomainError(_("Bonul a fost chemat între timp. Apăsați din nou."))
            ticket.status = TicketStatus.CALLED
            ticket.counter = counter
            ticket.called_at = ticket.last_called_at = now
            ticket.calls = 1
            ticket.called_by = actor
            ticket.save()
            audit(actor=actor, action="queue.call", target=ticket, ip_address=ip, code=ticket.code,
                  counter=counter.name, appointment=ticket.appointment_id)
            record_event("queue.ticket_called", ticket, ticket_id=ticket.pk, counter_id=counter.pk,
                         location_id=counter.location_id)
    except IntegrityError:  # the appointment was called by another counter meanwhile (one ticket per appointment)
        raise DomainError(_("Programarea a fost chemată între timp. Apăsați din nou.")) from None
    return ticket


def _lock_ticket(actor, ticket_id) -> Ticket:
    ticket = (Ticket.objects.select_for_update(of=("self",)).select_related("counter__location", "service")
              .filter(pk=ticket_id).first())
    if ticket is None:
        raise DomainError(_("Bonul nu există."))
    if ticket.counter is None:
        raise DomainError(_("Bonul nu a fost chemat încă."))
    rules.require(actor, ticket.counter, "serve_queue")
    if ticket.status != TicketStatus.CALLED:
        raise DomainError(_("Bonul %(code)s este deja încheiat (%(status)s).") % {
            "code": ticket.code, "status": ticket.get_status_display().lower()})
    return ticket


def recall(*, actor, ticket_id, ip=None) -> Ticket:
    """Call the same resident again: the display shows and announces the call anew."""
    now = timezone.now()
    with transaction.atomic():
        ticket = _lock_ticket(actor, ticket_id)
        ticket.last_called_at = now
        ticket.calls += 1
        ticket.save(update_fields=["last_called_at", "calls"])
        audit(actor=actor, action="queue.recall", target=ticket, ip_address=ip, code=ticket.code, calls=ticket.calls)
        record_event("queue.ticket_recalled", ticket, ticket_id=ticket.pk, counter_id=ticket.counter_id)
    return ticket


def _close(actor, ticket_id, status, ip) -> Ticket:
    now = timezone.now()
    with transaction.atomic():
        ticket = _lock_ticket(actor, ticket_id)
        if ticket.appointment_id:
            appointment = ticket.appointment
            if status == TicketStatus.SERVED and appointment.status != AppointmentStatus.ARRIVED:
                appointment_services.mark(appointment_id=appointment.pk, actor=actor,
                                          outcome=AppointmentStatus.ARRIVED, ip=ip)
            elif status == TicketStatus.NO_SHOW and appointment.status == AppointmentStatus.BOOKED:
                if now < appointment.starts_at:
                    raise DomainError(_("„Absent” se marchează pentru o programare după ora ei; reapelați până atunci."))
                appointment_services.mark(appointment_id=appointment.pk, actor=actor,
                                          outcome=AppointmentStatus.NO_SHOW, ip=ip)
        ticket.status = status
        ticket.finished_at = now
        ticket.save(update_fields=["status", "finished_at"])
        audit(actor=actor, action=f"queue.{status}", target=ticket, ip_address=ip, code=ticket.code,
              seconds=int((now - ticket.called_at).total_seconds()))
        record_event(f"queue.ticket_{status}", ticket, ticket_id=ticket.pk, counter_id=ticket.counter_id)
    return ticket


def no_show(*, actor, ticket_id, ip=None) -> Ticket:
    return _close(actor, ticket_id, TicketStatus.NO_SHOW, ip)


def finish(*, actor, ticket_id, ip=None) -> Ticket:
    return _close(actor, ticket_id, TicketStatus.SERVED, ip)


def close_days(*, now=None) -> int:
    """Tickets of earlier days still waiting or called are closed as expired (a counter never finds yesterday's
    resident as its current one, and the statistics count only what was really served)."""
    now = now or timezone.now()
    ids = list(Ticket.objects.filter(date__lt=local_date(now), status__in=[TicketStatus.WAITING, TicketStatus.CALLED])
               .values_list("pk", flat=True))
    closed = 0
    for pk in ids:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=pk)
            if ticket.status not in (TicketStatus.WAITING, TicketStatus.CALLED):
                continue
            before = ticket.status
            ticket.status = TicketStatus.EXPIRED
            ticket.finished_at = now
            ticket.save(update_fields=["status", "finished_at"])
            audit(actor=None, action="queue.expired", target=ticket, code=ticket.code, before=before)
            record_event("queue.ticket_expired", ticket, ticket_id=ticket.pk)
            closed += 1
    return closed
