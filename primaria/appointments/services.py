"""The one way appointments change state.

    hold            a resident picks a time: a seat at a free counter is kept for them while they confirm
    send_code       without an account: a 6-digit code to the e-mail address given (kept as a keyed hash)
    confirm         the hold becomes a booking (signed in, or with the code); e-mail with the .ics
    cancel          from the account or from the e-mail's signed link, before the cut-off
    move            to another free slot, same rules as cancelling; a new invitation replaces the old one
    mark            the clerk: arrived or did not come
    send_reminders  the periodic job: the day before, once per appointment
    expire_holds    the periodic job: holds never confirmed give their seat back

Each function is one transaction that locks the rows it changes, writes an audit entry and records the
`appointment.*` event; e-mails are stored in the same transaction and sent by the outbox's worker. A seat
is taken only while the location's day row (`LocationDay`) is locked, after reading which counters are
still free, so no slot is ever booked beyond the counters that serve it; a unique constraint on (counter,
start) of the seats guards the same at the database.
"""

import datetime
import hmac
import secrets

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from primaria.audit.services import record as audit
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.notifications.services import notify, page_language
from primaria.outbox.services import record as record_event

from . import calendar, selectors
from .models import Appointment, AppointmentService, Location, LocationDay, Status

HOLD_MINUTES = 15
CODE_MINUTES = 15
CODE_ATTEMPTS = 5
CODE_SENDS = 3
MAX_HOLDS = 3  # unconfirmed holds at once, per account or per browser session
TAKEN = gettext_lazy("Intervalul ales tocmai s-a ocupat; alegeți altul.")
LINK_SALT = "primaria.appointments.link"


# --- helpers -----------------------------------------------------------------------------------------------


def _lock(appointment_id) -> Appointment:
    return (Appointment.objects.select_for_update(of=("self",))
            .select_related("service", "location", "counter").get(pk=appointment_id))


def _lock_day(location, day: datetime.date) -> None:
    """Lock the (location, day) row, creating it the first time; every seat of that day is taken under it."""
    LocationDay.objects.bulk_create([LocationDay(location=location, date=day)], ignore_conflicts=True)
    LocationDay.objects.select_for_update().get(location=location, date=day)


def when(appointment) -> str:
    """The appointment's start in the active language: "joi, 03.06.2027, ora 18:15"."""
    from .templatetags.appointment_dates import when as start_text

    return start_text(appointment.starts_at)


def too_many_holds() -> str:
    return _("Aveți deja ore păstrate neconfirmate. Confirmați-le sau așteptați %(minutes)s minute să se "
             "elibereze.") % {"minutes": HOLD_MINUTES}


def link_token(appointment) -> str:
    """The signed part of the e-mail's link: names the appointment and is good until it starts."""
    return signing.dumps({"a": str(appointment.public_id), "u": int(appointment.starts_at.timestamp())},
                         salt=LINK_SALT, compress=True)


def from_link(token: str, *, now=None) -> Appointment:
    """The appointment a link names; DomainError for a link altered, expired (the appointment has started)
    or replaced (the appointment was moved since)."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        raise DomainError(_("Linkul nu este valid. Folosiți linkul din ultimul e-mail primit.")) from None
    now = now or timezone.now()
    if now.timestamp() >= data.get("u", 0):
        raise DomainError(_("Linkul a expirat: ora programării a trecut."))
    appointment = (Appointment.objects.select_related("service", "location", "counter")
                   .filter(public_id=data.get("a")).first())
    if appointment is None:
        raise DomainError(_("Linkul nu este valid. Folosiți linkul din ultimul e-mail primit."))
    if int(appointment.starts_at.timestamp()) != data["u"]:
        raise DomainError(_("Programarea a fost mutată între timp; folosiți linkul din ultimul e-mail primit."))
    return appointment


def manage_url(appointment) -> str:
    """The e-mail's link, on the host of the appointment's city hall."""
    from primaria.institutions import tenancy

    base = tenancy.site_url(tenancy.city_hall_of(appointment.location.institution))
    return base.rstrip("/") + reverse("appointments:link", args=[link_token(appointment)])


def _email_context(appointment, *, method="REQUEST") -> dict:
    request_ref = appointment.request.reference if appointment.request_id else ""
    return {
        "name": appointment.name, "service": appointment.service.name,
        "description": appointment.service.description, "starts_at": appointment.starts_at.isoformat(),
        "location": f"{appointment.location.name}, {appointment.location.address}",
        "directions": appointment.location.directions, "counter": appointment.counter.name,
        "reference": appointment.reference, "request_reference": request_ref,
        "manage_url": manage_url(appointment) if method == "REQUEST" else "",
        "cutoff_hours": appointment.service.cancel_cutoff_hours,
        "ics": calendar.invitation(appointment, method=method),
    }


def _mail(appointment, template, **extra):
    method = "CANCEL" if template == "appointments/cancelled" else "REQUEST"
    context = _email_context(appointment, method=method) | extra
    if template == "appointments/reminder":
        context.pop("ics")
    # A booking without an account is written to in the language of the page it was made on.
    notify(address=appointment.email, template=template, context=context, recipient=appointment.user,
           related=appointment, language="" if appointment.user_id else appointment.language)


def _parse_start(service, location, day_text, time_text, *, now, exclude=None):
    """The free slot the form names, or a DomainError that says why it cannot be booked."""
    try:
        day = datetime.date.fromisoformat(day_text or "")
    except ValueError:
        raise DomainError({"day": _("Alegeți o zi din listă.")}) from None
    if not time_text:
        raise DomainError({"time": _("Alegeți ora.")})
    _earliest, last_day = selectors.window(service, now)
    if day < selectors.local_date(now) or day > last_day:
        raise DomainError({"day": _("Se pot face programări de azi până la %(day)s.") % {"day": f"{last_day:%d.%m.%Y}"}})
    every = selectors.slots(service, location, day, now=now, exclude=exclude, only_free=False)
    slot = next((s for s in every if s.value == time_text), None)
    if slot is None:
        raise DomainError({"time": _("Ora aleasă nu mai este disponibilă în această zi; alegeți alta.")})
    return day, slot


def _take_seat(service, location, day, slot, *, now, exclude=None) -> int:
    """Under the day's lock: a counter still free for the slot, or DomainError(TAKEN)."""
    _lock_day(location, day)
    # Holds that ran out give their seat back before the seats are counted.
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=selectors.LOCAL)
    for expired in Appointment.objects.filter(location=location, status=Status.HELD, hold_expires_at__lte=now,
                                              starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)):
        expired.status = Status.EXPIRED
        expired.save(update_fields=["status"])
        record_event("appointment.expired", expired, appointment_id=expired.pk)
    counters = selectors.counters_for(service, location)
    seats = selectors._seats(location, slot.starts_at, slot.ends_at, counters, now=now, exclude=exclude)
    free = selectors.free_counters(counters, seats, slot.starts_at, slot.ends_at)
    if not free:
        raise DomainError({"time": TAKEN})
    return free[0]


# --- booking -----------------------------------------------------------------------------------------------


def _city_hall_ids(institution) -> frozenset[int]:
    from primaria.institutions import tenancy

    return tenancy.institution_ids(tenancy.city_hall_of(institution))


def _same_city_hall(service, location) -> bool:
    return location.institution_id in _city_hall_ids(service.institution)


def hold(*, actor, service_id, location_id, day: str, time: str, ip=None) -> Appointment:
    """Keep a seat of the chosen slot for HOLD_MINUTES while the resident confirms."""
    now = timezone.now()
    service = AppointmentService.objects.filter(pk=service_id, active=True).first()
    location = Location.objects.filter(pk=location_id, active=True).first()
    if service is None or location is None or not _same_city_hall(service, location):
        raise DomainError(_("Serviciul sau locația nu mai primesc programări. Începeți din nou."))
    day_value, slot = _parse_start(service, location, day, time, now=now)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None and Appointment.objects.filter(user=user, status=Status.HELD,
                                                       hold_expires_at__gt=now).count() >= MAX_HOLDS:
        raise DomainError({"time": too_many_holds()})
    try:
        with transaction.atomic():
            counter_id = _take_seat(service, location, day_value, slot, now=now)
            appointment = Appointment.objects.create(
                service=service, location=location, counter_id=counter_id, starts_at=slot.starts_at,
                ends_at=slot.ends_at, status=Status.HELD, hold_expires_at=now + datetime.timedelta(minutes=HOLD_MINUTES),
                user=user, name=(user.get_full_name() if user else ""), email=(user.email if user else ""),
                language=page_language())
            audit(actor=user, action="appointments.hold", target=appointment, ip_address=ip,
                  starts_at=slot.starts_at.isoformat(), counter=counter_id)
            record_event("appointment.held", appointment, appointment_id=appointment.pk)
    except IntegrityError:  # the database's guard: another booking took the seat in between
        raise DomainError({"time": TAKEN}) from None
    return appointment


def _code_hash(appointment, code: str) -> str:
    return salted_hmac("primaria.appointments.code", f"{appointment.public_id}:{code}", algorithm="sha256").hexdigest()


def send_code(*, appointment_id, name: str, email: str, phone: str = "", ip=None) -> Appointment:
    """Without an account: send a 6-digit code to the e-mail address, to be typed on the next page."""
    from django.core.validators import validate_email

    name, email, phone = " ".join((name or "").split())[:150], (email or "").strip().lower(), (phone or "").strip()
    errors = {}
    if len(name) < 3 or not any(ch.isalpha() for ch in name):
        errors["name"] = _("Scrieți numele și prenumele.")
    try:
        validate_email(email)
    except Exception:  # noqa: BLE001 - Django's ValidationError, told to the resident
        errors["email"] = _("Scrieți o adresă de e-mail validă, de exemplu nume@exemplu.ro.")
    if phone and not all(ch.isdigit() or ch in "+ ." for ch in phone):
        errors["phone"] = _("Numărul de telefon poate avea doar cifre, spații și „+”.")
    if errors:
        raise DomainError(errors)
    now = timezone.now()
    with transaction.atomic():
        appointment = _lock(appointment_id)
        _check_hold(appointment, now)
        if appointment.code_sends >= CODE_SENDS:
            raise DomainError({"email": _("Ați cerut deja de prea multe ori un cod. Alegeți din nou ora.")})
        code = f"{secrets.randbelow(1_000_000):06d}"
        appointment.name, appointment.email, appointment.phone = name, email, phone[:30]
        appointment.language = page_language()
        appointment.code_hash = _code_hash(appointment, code)
        appointment.code_expires_at = now + datetime.timedelta(minutes=CODE_MINUTES)
        appointment.code_attempts = 0
        appointment.code_sends += 1
        appointment.hold_expires_at = max(appointment.hold_expires_at, appointment.code_expires_at)
        appointment.save(update_fields=["name", "email", "phone", "language", "code_hash", "code_expires_at", "code_attempts",
                                        "code_sends", "hold_expires_at"])
        notify(address=email, template="appointments/code",
               context={"code": code, "service": appointment.service.name,
                        "starts_at": appointment.starts_at.isoformat(), "minutes": CODE_MINUTES},
               related=appointment, language=appointment.language)
        audit(actor=None, action="appointments.code_sent", target=appointment, ip_address=ip, email=email)
        record_event("appointment.code_sent", appointment, appointment_id=appointment.pk)
    return appointment


def _check_hold(appointment, now):
    if appointment.status != Status.HELD:
        raise DomainError(_("Programarea a fost deja confirmată sau nu mai este rezervată."))
    if appointment.hold_expires_at is None or appointment.hold_expires_at <= now:
        raise DomainError(_("Timpul de confirmare a expirat și ora a fost eliberată. Alegeți din nou ora."))


def confirm(*, appointment_id, actor=None, code: str = "", request_id=None, ip=None) -> Appointment:
    """The hold becomes a booking: by its account's owner, or with the code sent to the e-mail address."""
    now = timezone.now()
    wrong = None
    with transaction.atomic():
        appointment = _lock(appointment_id)
        _check_hold(appointment, now)
        user = actor if getattr(actor, "is_authenticated", False) else None
        if appointment.user_id is not None:
            if user is None or user.pk != appointment.user_id:
                raise PermissionDenied(_("Această programare nu vă aparține."))
        else:
            wrong = _check_code(appointment, code, now)
        if wrong is None:
            if request_id:
                request = rules.applicant_requests(user).filter(pk=request_id).first() if user else None
                if request is None:
                    raise DomainError({"request": _("Alegeți una dintre cererile dumneavoastră.")})
                appointment.request = request
            appointment.status = Status.BOOKED
            appointment.booked_at = now
            appointment.hold_expires_at = None
            appointment.code_hash = ""
            appointment.save(update_fields=["status", "booked_at", "hold_expires_at", "code_hash", "request",
                                            "code_attempts"])
            _mail(appointment, "appointments/booked")
            audit(actor=user, action="appointments.book", target=appointment, ip_address=ip,
                  request=appointment.request_id)
            record_event("appointment.booked", appointment, appointment_id=appointment.pk)
        else:
            appointment.save(update_fields=["code_attempts"])  # the wrong attempt counts, and is kept
    if wrong is not None:
        raise DomainError({"code": wrong})
    return appointment


def _check_code(appointment, code, now) -> str | None:
    """None when `code` is right; otherwise what to tell the resident (the attempt is counted)."""
    if not appointment.code_hash or appointment.code_expires_at is None:
        return _("Cereți mai întâi codul de confirmare.")
    if appointment.code_expires_at <= now:
        return _("Codul a expirat. Cereți un cod nou.")
    if appointment.code_attempts >= CODE_ATTEMPTS:
        return _("Ați greșit codul de prea multe ori. Cereți un cod nou.")
    code = "".join((code or "").split())
    if len(code) == 6 and code.isdigit() and hmac.compare_digest(_code_hash(appointment, code), appointment.code_hash):
        return None
    appointment.code_attempts += 1
    left = CODE_ATTEMPTS - appointment.code_attempts
    if left <= 0:
        return _("Ați greșit codul de prea multe ori. Cereți un cod nou.")
    # The same Romanian text for one and for many (as the page always said); the catalogs give both forms.
    return ngettext("Codul nu este corect. Mai aveți %(left)s încercări.",
                    "Codul nu este corect. Mai aveți %(left)s încercări.", left) % {"left": left}


# --- after booking ----------------------------------------------------------------------------------------


def _check_cutoff(appointment, now):
    if appointment.status != Status.BOOKED:
        raise DomainError(_("Programarea nu mai poate fi schimbată (a fost anulată sau a trecut)."))
    cutoff = appointment.starts_at - datetime.timedelta(hours=appointment.service.cancel_cutoff_hours)
    if now > cutoff:
        raise DomainError(_("Programarea se poate anula sau muta cel târziu cu %(hours)s ore înainte. Sunați la "
                            "registratură dacă nu puteți veni.") % {"hours": appointment.service.cancel_cutoff_hours})


def _authorise(actor, appointment, by_link: bool):
    if not by_link:
        rules.require(actor, appointment, "change")


def cancel(*, appointment_id, actor=None, by_link=False, ip=None) -> Appointment:
    """Cancel a booking (from the account, or with the e-mail's link), before the cut-off; the seat is freed."""
    now = timezone.now()
    with transaction.atomic():
        appointment = _lock(appointment_id)
        _authorise(actor, appointment, by_link)
        _check_cutoff(appointment, now)
        appointment.status = Status.CANCELLED
        appointment.cancelled_at = now
        appointment.sequence += 1
        appointment.save(update_fields=["status", "cancelled_at", "sequence"])
        _mail(appointment, "appointments/cancelled")
        audit(actor=actor, action="appointments.cancel", target=appointment, ip_address=ip,
              via="link" if by_link else "cont")
        record_event("appointment.cancelled", appointment, appointment_id=appointment.pk)
    return appointment


def move(*, appointment_id, day: str, time: str, actor=None, by_link=False, ip=None) -> Appointment:
    """Move a booking to another free slot of the same service and location, before the cut-off."""
    now = timezone.now()
    current = Appointment.objects.select_related("service", "location").get(pk=appointment_id)
    day_value, slot = _parse_start(current.service, current.location, day, time, now=now, exclude=current.pk)
    try:
        with transaction.atomic():
            appointment = _lock(appointment_id)
            _authorise(actor, appointment, by_link)
            _check_cutoff(appointment, now)
            if slot.starts_at == appointment.starts_at:
                raise DomainError({"time": _("Alegeți altă oră decât cea a programării.")})
            counter_id = _take_seat(appointment.service, appointment.location, day_value, slot, now=now,
                                    exclude=appointment.pk)
            before = appointment.starts_at
            appointment.counter_id = counter_id
            appointment.starts_at, appointment.ends_at = slot.starts_at, slot.ends_at
            appointment.sequence += 1
            appointment.reminder_sent_at = None
            appointment.save(update_fields=["counter", "starts_at", "ends_at", "sequence", "reminder_sent_at"])
            appointment.counter.refresh_from_db()
            _mail(appointment, "appointments/moved")
            audit(actor=actor, action="appointments.move", target=appointment, ip_address=ip,
                  before=before.isoformat(), after=slot.starts_at.isoformat(), via="link" if by_link else "cont")
            record_event("appointment.moved", appointment, appointment_id=appointment.pk)
    except IntegrityError:
        raise DomainError({"time": TAKEN}) from None
    return appointment


def mark(*, appointment_id, actor, outcome: str, ip=None) -> Appointment:
    """The clerk's mark: the resident came (`arrived`) or did not (`no_show`); a wrong mark can be changed."""
    if outcome not in (Status.ARRIVED, Status.NO_SHOW):
        raise DomainError(_("Alegeți „A venit” sau „Nu a venit”."))
    now = timezone.now()
    with transaction.atomic():
        appointment = _lock(appointment_id)
        rules.require(actor, appointment, "attend")
        if selectors.local_date(appointment.starts_at) > selectors.local_date(now):
            raise DomainError(_("Prezența se marchează în ziua programării."))
        if outcome == Status.NO_SHOW and now < appointment.starts_at:
            raise DomainError(_("„Nu a venit” se marchează după ora programării."))
        appointment.status = outcome
        appointment.marked_by = actor
        appointment.marked_at = now
        appointment.save(update_fields=["status", "marked_by", "marked_at"])
        audit(actor=actor, action=f"appointments.{outcome}", target=appointment, ip_address=ip)
        record_event(f"appointment.{outcome}", appointment, appointment_id=appointment.pk)
    return appointment


# --- periodic jobs -------------------------------------------------------------------------------------------


def send_reminders(*, now=None) -> int:
    """The day before: one reminder per booked appointment of tomorrow (local date), never two."""
    now = now or timezone.now()
    tomorrow = selectors.local_date(now) + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(0), tzinfo=selectors.LOCAL)
    due = list(Appointment.objects.filter(status=Status.BOOKED, reminder_sent_at__isnull=True, starts_at__gte=start,
                                          starts_at__lt=start + datetime.timedelta(days=1)).values_list("pk", flat=True))
    sent = 0
    for pk in due:
        with transaction.atomic():
            appointment = _lock(pk)
            if appointment.status != Status.BOOKED or appointment.reminder_sent_at is not None:
                continue
            appointment.reminder_sent_at = now
            appointment.save(update_fields=["reminder_sent_at"])
            _mail(appointment, "appointments/reminder")
            audit(actor=None, action="appointments.remind", target=appointment)
            record_event("appointment.reminded", appointment, appointment_id=appointment.pk)
            sent += 1
    return sent


def expire_holds(*, now=None) -> int:
    """Holds never confirmed give their seat back (the booking also frees them as it counts seats)."""
    now = now or timezone.now()
    ids = list(Appointment.objects.filter(status=Status.HELD, hold_expires_at__lte=now).values_list("pk", flat=True))
    expired = 0
    for pk in ids:
        with transaction.atomic():
            appointment = Appointment.objects.select_for_update().get(pk=pk)
            if appointment.status != Status.HELD or appointment.hold_expires_at > now:
                continue
            appointment.status = Status.EXPIRED
            appointment.save(update_fields=["status"])
            record_event("appointment.expired", appointment, appointment_id=appointment.pk)
            expired += 1
    return expired


# --- the set-up of counters and programmes ---------------------------------------------------------------


def save_setup(*, actor, obj, form=None, formsets=(), change: bool, ip=None):
    """The admin's save of a location (with its programme, exceptions and counters) or of a service booked at
    the counters: refused unless the actor configures appointments, with an audit entry and an event."""
    institution_id = getattr(obj, "institution_id", None)
    if institution_id is None and getattr(obj, "department_id", None):
        institution_id = obj.department.institution_id
    probe = Location(institution_id=institution_id) if institution_id else Location
    rules.require(actor, probe, "configure")
    with transaction.atomic():
        if form is not None:
            form.save()
        else:
            obj.save()
        for formset in formsets:
            formset.save()
        audit(actor=actor, action="appointments.setup_changed" if change else "appointments.setup_created",
              target=obj, ip_address=ip, fields=sorted(form.changed_data) if form is not None else [])
        record_event("appointment.setup_changed", obj, model=obj._meta.label_lower, object_id=obj.pk)
    return obj


def _configure(actor, location):
    rules.require(actor, location, "configure")


def _time(text, field):
    try:
        return datetime.time.fromisoformat((text or "").strip()[:5])
    except ValueError:
        raise DomainError({field: _("Scrieți ora ca 08:30.")}) from None


def _booked_outside(location, *, day=None, weekday=None, intervals=()) -> int:
    """How many coming bookings of `location` (on `day`, or on every `weekday` without an exception) would fall
    outside `intervals`: a change of the programme never strands a resident who already booked."""
    from .models import ScheduleException

    now = timezone.now()
    booked = Appointment.objects.filter(location=location, status=Status.BOOKED, starts_at__gte=now)
    excepted = set(ScheduleException.objects.filter(location=location).values_list("date", flat=True))
    count = 0
    for appointment in booked.only("starts_at", "ends_at"):
        start, end = (appointment.starts_at.astimezone(selectors.LOCAL), appointment.ends_at.astimezone(selectors.LOCAL))
        if day is not None and start.date() != day:
            continue
        if weekday is not None and (start.weekday() != weekday or start.date() in excepted):
            continue
        if not any(opens <= start.time() and end.time() <= closes for opens, closes in intervals):
            count += 1
    return count


def _stranded(count):
    # One Romanian text for one and for many (as the page always said); the catalogs give both forms.
    return ngettext("%(count)s programări deja făcute ar rămâne în afara programului. Anunțați-le și anulați-le sau "
                    "mutați-le mai întâi, apoi schimbați programul.",
                    "%(count)s programări deja făcute ar rămâne în afara programului. Anunțați-le și anulați-le sau "
                    "mutați-le mai întâi, apoi schimbați programul.", count) % {"count": count}


def set_exception(*, actor, location_id, date: str, closed: bool, opens: str = "", closes: str = "", reason: str = "",
                  ip=None):
    """A date with its own programme: closed all day, or open between two hours (an extra working day)."""
    from .models import ScheduleException

    try:
        day = datetime.date.fromisoformat(date or "")
    except ValueError:
        raise DomainError({"date": _("Scrieți data ca 2026-12-24.")}) from None
    if day < selectors.local_date():
        raise DomainError({"date": _("Data a trecut; alegeți o zi de azi înainte.")})
    intervals = []
    if not closed:
        start, end = _time(opens, "opens"), _time(closes, "closes")
        if end <= start:
            raise DomainError({"closes": _("Ora de închidere trebuie să fie după ora de deschidere.")})
        intervals = [(start, end)]
    reason = " ".join((reason or "").split())[:200]
    if not reason:
        raise DomainError({"reason": _("Scrieți motivul (de exemplu „zi de lucru recuperată”).")})
    with transaction.atomic():
        location = Location.objects.select_for_update().get(pk=location_id)
        _configure(actor, location)
        _lock_day(location, day)
        stranded = _booked_outside(location, day=day, intervals=intervals)
        if stranded:
            raise DomainError({"date": _stranded(stranded)})
        exception, _created = ScheduleException.objects.update_or_create(location=location, date=day, defaults={
            "closed": closed, "opens": intervals[0][0] if intervals else None,
            "closes": intervals[0][1] if intervals else None, "reason": reason})
        audit(actor=actor, action="appointments.exception_set", target=location, ip_address=ip, date=day.isoformat(),
              closed=closed, reason=reason)
        record_event("appointment.setup_changed", location, model="appointments.scheduleexception",
                     object_id=exception.pk)
    return exception


def remove_exception(*, actor, exception_id, ip=None):
    """The date follows the weekly programme again (and the calendar's holidays)."""
    from .models import ScheduleException

    with transaction.atomic():
        exception = ScheduleException.objects.select_related("location").filter(pk=exception_id).first()
        if exception is None:
            raise DomainError(_("Excepția a fost deja ștearsă."))
        location = Location.objects.select_for_update().get(pk=exception.location_id)
        _configure(actor, location)
        _lock_day(location, exception.date)
        exception.delete()
        normal = selectors.opening_intervals(location, exception.date)
        stranded = _booked_outside(location, day=exception.date, intervals=normal)
        if stranded:
            raise DomainError(_stranded(stranded))
        audit(actor=actor, action="appointments.exception_removed", target=location, ip_address=ip,
              date=exception.date.isoformat())
        record_event("appointment.setup_changed", location, model="appointments.scheduleexception",
                     object_id=exception_id)


def set_weekly_hours(*, actor, location_id, hours: dict, ip=None):
    """The public-service programme: for each weekday (0 = Monday) one interval ("08:30", "16:30"), or none
    for a closed day."""
    from .models import OpeningHours

    parsed, errors = {}, {}
    for weekday in range(7):
        opens, closes = hours.get(weekday, ("", ""))
        if not opens and not closes:
            continue
        try:
            start, end = _time(opens, f"opens-{weekday}"), _time(closes, f"closes-{weekday}")
        except DomainError as exc:
            errors.update(exc.message_dict)
            continue
        if end <= start:
            errors[f"closes-{weekday}"] = _("Ora de închidere trebuie să fie după ora de deschidere.")
            continue
        parsed[weekday] = (start, end)
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        location = Location.objects.select_for_update().get(pk=location_id)
        _configure(actor, location)
        for weekday in range(7):
            stranded = _booked_outside(location, weekday=weekday,
                                       intervals=[parsed[weekday]] if weekday in parsed else [])
            if stranded:
                raise DomainError({f"opens-{weekday}": _stranded(stranded)})
        OpeningHours.objects.filter(location=location).delete()
        OpeningHours.objects.bulk_create([OpeningHours(location=location, weekday=w, opens=o, closes=c)
                                          for w, (o, c) in sorted(parsed.items())])
        audit(actor=actor, action="appointments.hours_set", target=location, ip_address=ip,
              hours={w: f"{o:%H:%M}-{c:%H:%M}" for w, (o, c) in parsed.items()})
        record_event("appointment.setup_changed", location, model="appointments.openinghours", object_id=location.pk)


def set_counter(*, actor, counter_id, active: bool, service_ids, ip=None):
    """A counter opened or closed, and the services it serves. Bookings already made at it stay as they are."""
    from .models import Counter

    with transaction.atomic():
        counter = Counter.objects.select_for_update().select_related("location").get(pk=counter_id)
        _configure(actor, counter.location)
        # Only services of the counter's own city hall: a code is unique per city hall, not per installation.
        wanted = list(AppointmentService.objects.filter(
            pk__in=[int(s) for s in service_ids if str(s).isdigit()],
            institution_id__in=_city_hall_ids(counter.location.institution)))
        counter.active = bool(active)
        counter.save(update_fields=["active"])
        counter.services.set(wanted)
        audit(actor=actor, action="appointments.counter_set", target=counter, ip_address=ip, active=counter.active,
              services=[s.slug for s in wanted])
        record_event("appointment.setup_changed", counter, model="appointments.counter", object_id=counter.pk)
    return counter


SERVICE_LIMITS = {"slot_minutes": (5, 240, gettext_lazy("Durata este între 5 și 240 de minute.")),
                  "min_notice_hours": (0, 720, gettext_lazy("Scrieți un număr de ore între 0 și 720.")),
                  "max_days_ahead": (1, 366, gettext_lazy("Scrieți un număr de zile între 1 și 366.")),
                  "cancel_cutoff_hours": (0, 720, gettext_lazy("Scrieți un număr de ore între 0 și 720."))}


def set_service_rules(*, actor, service_id, values: dict, ip=None):
    """The slot length, the booking window and the cancellation cut-off of a service. Bookings already made
    keep their times; the new length counts for the slots offered from now on."""
    parsed, errors = {}, {}
    for field, (low, high, message) in SERVICE_LIMITS.items():
        text = str(values.get(field, "")).strip()
        if not text.isdigit() or not low <= int(text) <= high:
            errors[field] = str(message)
        else:
            parsed[field] = int(text)
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        service = AppointmentService.objects.select_for_update().select_related("department").get(pk=service_id)
        rules.require(actor, Location(institution_id=service.department.institution_id), "configure")
        for field, value in parsed.items():
            setattr(service, field, value)
        service.save(update_fields=list(parsed))
        audit(actor=actor, action="appointments.service_set", target=service, ip_address=ip, **parsed)
        record_event("appointment.setup_changed", service, model="appointments.appointmentservice",
                     object_id=service.pk)
    return service
