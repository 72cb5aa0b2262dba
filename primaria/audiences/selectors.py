"""Reads: the officials who give audiences, their free slots, the day list and the register."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from primaria.core import terms

from .models import SLOT_STATUSES, Audience, AudienceHours

# How far ahead the mayor's office is offered slots.
SLOT_HORIZON_DAYS = 42


def officials(institution=None):
    """The officials with audience hours in force: [(user, title)], one per person, by title."""
    hours = AudienceHours.objects.filter(active=True).select_related("official")
    if institution is not None:
        hours = hours.filter(institution=institution)
    seen = {}
    for h in hours.order_by("pk"):
        seen.setdefault(h.official_id, (h.official, h.title))
    return sorted(seen.values(), key=lambda pair: (_title_order(pair[1]), pair[0].last_name))


def _title_order(title: str) -> int:
    lowered = title.lower()
    return 0 if lowered.startswith("primar") else 1 if "viceprimar" in lowered else 2


def audience_department(institution):
    """The mayor's office of the institution (settings.PRIMARIA_AUDIENCE_DEPARTMENT)."""
    code = getattr(settings, "PRIMARIA_AUDIENCE_DEPARTMENT", "cab").lower()
    return institution.departments.filter(code__iexact=code).first()


def follow_up_service(institution):
    """The catalog service of the requests an audience sends to a department, or None if it is not in the catalog."""
    from primaria.catalog.models import Service

    slug = getattr(settings, "PRIMARIA_AUDIENCE_SERVICE", "solicitare-in-urma-audientei")
    # Unpublished on purpose: residents do not file it themselves.
    return Service.objects.filter(institution=institution, slug=slug).first()


def slot_moments(hours: AudienceHours, day):
    """The start of every slot of `hours` on `day` (aware datetimes), none on a non-working day."""
    if day.weekday() != hours.weekday or not terms.is_working_day(day):
        return []
    start = timezone.make_aware(datetime.combine(day, hours.starts_at))
    end = timezone.make_aware(datetime.combine(day, hours.ends_at))
    step = timedelta(minutes=hours.slot_minutes)
    moments = []
    while start + step <= end:
        moments.append(start)
        start += step
    return moments


def hours_for_moment(official, moment):
    """The audience hours of `official` that have a slot starting at `moment`, or None."""
    local = timezone.localtime(moment)
    for hours in AudienceHours.objects.filter(official=official, active=True, weekday=local.weekday()):
        if moment in slot_moments(hours, local.date()):
            return hours
    return None


def free_slots(official, *, preferred_days=None, days=SLOT_HORIZON_DAYS, now=None):
    """The free slots of `official` from tomorrow on, [(moment, hours)], the preferred weekdays first."""
    now = now or timezone.now()
    first = timezone.localdate(now) + timedelta(days=1)
    hours_list = list(AudienceHours.objects.filter(official=official, active=True))
    if not hours_list:
        return []
    taken = set(Audience.objects.filter(
        official=official, status__in=SLOT_STATUSES, starts_at__gte=now,
        starts_at__lt=now + timedelta(days=days + 2)).values_list("starts_at", flat=True))
    slots = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        for hours in hours_list:
            slots.extend((m, hours) for m in slot_moments(hours, day) if m not in taken)
    preferred = set(preferred_days or [])
    slots.sort(key=lambda pair: (timezone.localtime(pair[0]).weekday() not in preferred if preferred else False,
                                 pair[0]))
    return slots


def audiences_of(user, parties):
    """The audiences the user asked for, for themselves or for the parties they act for."""
    return (Audience.objects.filter(applicant__in=parties)
            .select_related("registry_entry", "official", "wanted_official", "applicant")
            .order_by("-created_at"))


def day_list(official, day):
    """An official's audiences of one day, in order, with what they are about."""
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return (Audience.objects.filter(official=official, starts_at__gte=start, starts_at__lt=start + timedelta(days=1),
                                    status__in=SLOT_STATUSES)
            .select_related("applicant", "registry_entry", "follow_up__registry_entry").order_by("starts_at"))


def register(*, status="", official_id=None, date_from=None, date_to=None, q=""):
    """The register of audiences, filtered; newest first."""
    rows = (Audience.objects.select_related("registry_entry", "applicant", "official", "wanted_official",
                                            "referred_to", "follow_up__registry_entry")
            .order_by("-registry_entry__registered_at", "-pk"))
    if status:
        rows = rows.filter(status=status)
    if official_id:
        rows = rows.filter(Q(official_id=official_id) | Q(official__isnull=True, wanted_official_id=official_id))
    if date_from:
        rows = rows.filter(created_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(created_at__date__lte=date_to)
    if q:
        rows = rows.filter(Q(applicant__name__icontains=q) | Q(topic__icontains=q))
    return rows


def due_for_reminder(now=None):
    """Audiences of tomorrow (local date) whose applicant has not been reminded of this slot yet."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    return list(Audience.objects.filter(
        status__in=("proposed", "confirmed"), starts_at__gte=start, starts_at__lt=start + timedelta(days=1),
    ).exclude(reminded_for=F("starts_at")).values_list("pk", flat=True))
