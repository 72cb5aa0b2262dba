"""Legal terms on the Romanian working-day calendar.

Public holidays come from the `holidays` library (Romania's list includes 1-2 January, 6-7 January
since 2024, 24 January, Orthodox Good Friday, Easter and Easter Monday, 1 May, 1 June, Pentecost and
its Monday, 15 August, 30 November, 1 December, 25-26 December); days the government declares
non-working on top of them are kept in ExtraNonWorkingDay and edited in the admin.

Which law governs a service's term is data: `RULES` below, one `TermRule` per legal regime, chosen
per service in `catalog.Service.term_rule`. `compute_due` applies a rule; `add_term` and
`units_between` are the older unit-based helpers, still used for the pause while the applicant
completes a request. The readings of the law behind every rule are explained in docs/terms.md.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CALENDAR = "calendar"
WORKING = "working"
UNITS = [(CALENDAR, gettext_lazy("zile calendaristice")), (WORKING, gettext_lazy("zile lucrătoare"))]

# How a term of N days is counted from the day of registration D.
NTH_DAY = "nth_day"  # the N-th calendar day after D (D + N); a non-working last day moves to the next working day
FREE_DAYS = "free_days"  # "pe zile libere": neither D nor the day the term is fulfilled counts, so the act may be
#                          done on D + N + 1; a non-working last day moves to the next working day
WORKING_DAYS = "working_days"  # the N-th working day after D


@dataclass(frozen=True)
class TermRule:
    code: str
    label: str
    legal_basis: str
    counting: str  # NTH_DAY, FREE_DAYS or WORKING_DAYS
    days: int | None = None  # the legal term; None: the service sets it
    max_days: int | None = None  # the longest term the law allows a service to set; None: no limit
    extension: int = 0  # the longest extension the law allows, in the same unit
    notice: str = ""  # what the law requires before an extension (empty: no extension)
    urgent_counting: str | None = None  # how an urgent term is counted, if not like the normal one

    @property
    def unit(self) -> str:
        return WORKING if self.counting == WORKING_DAYS else CALENDAR


RULES: dict[str, TermRule] = {rule.code: rule for rule in (
    TermRule(
        "calendar", gettext_lazy("Zile calendaristice (ziua a N-a)"), gettext_lazy("termen stabilit de primărie"), NTH_DAY,
    ),
    TermRule(
        "working", gettext_lazy("Zile lucrătoare"), gettext_lazy("termen stabilit de primărie"), WORKING_DAYS,
    ),
    TermRule(
        "lege544", gettext_lazy("Legea nr. 544/2001 (informații de interes public)"),
        "Legea nr. 544/2001, art. 7 alin. (1); HG nr. 123/2002, art. 16", FREE_DAYS,
        days=10, max_days=10, extension=20,
        notice=gettext_lazy("înștiințarea scrisă a solicitantului în termenul de 10 zile"),
    ),
    TermRule(
        "og27", gettext_lazy("OG nr. 27/2002 (petiții)"),
        "OG nr. 27/2002, art. 8 alin. (1) și art. 9; Codul civil, art. 2.551–2.554", FREE_DAYS,  # i18n: ro (legal citation)
        days=30, max_days=30, extension=15,
        notice=gettext_lazy("notificarea prealabilă a petentului, înainte de împlinirea termenului de 30 de zile"),
    ),
    TermRule(
        "lege50_cu", gettext_lazy("Legea nr. 50/1991 – certificat de urbanism"),
        "Legea nr. 50/1991, art. 6^1; Codul civil, art. 2.551–2.554", FREE_DAYS,
        days=15, max_days=15,
    ),
    TermRule(
        "lege50_ac", gettext_lazy("Legea nr. 50/1991 – autorizație de construire"),
        "Legea nr. 50/1991, art. 7 alin. (1); Codul civil, art. 2.551–2.554", FREE_DAYS,
        days=30, max_days=30, urgent_counting=WORKING_DAYS,
    ),
    TermRule(
        "fiscal_working", gettext_lazy("Codul de procedură fiscală – zile lucrătoare"),
        "Legea nr. 207/2015, art. 159 (certificat de atestare fiscală)", WORKING_DAYS,  # i18n: ro (legal citation)
        days=2, max_days=3,
    ),
)}
RULE_CHOICES = [(rule.code, rule.label) for rule in RULES.values()]
DEFAULT_RULE = "calendar"


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset:
    return frozenset(holidays.country_holidays("RO", years=year).keys())


def _extra_days() -> frozenset:
    from django.core.cache import cache

    from primaria.core.cache import fill

    cached = cache.get("core:extra-non-working-days")
    if cached is None:
        from primaria.core.models import ExtraNonWorkingDay

        cached = frozenset(ExtraNonWorkingDay.objects.values_list("date", flat=True))
        fill("core:extra-non-working-days", cached, 300)
    return cached


def forget_extra_days():
    from primaria.core.cache import forget

    forget("core:extra-non-working-days")


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


def _count(start: date, days: int, counting: str, extra: frozenset) -> date:
    if counting == WORKING_DAYS:
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if is_working_day(day, extra):
                counted += 1
        return day
    if counting == FREE_DAYS:
        return next_working_day(start + timedelta(days=days + 1), extra)
    if counting == NTH_DAY:
        return next_working_day(start + timedelta(days=days), extra)
    raise ValueError(_("Mod de calcul necunoscut: %(counting)s.") % {"counting": counting})


def add_term(start: date, days: int, unit: str) -> date:
    """The last day of a term of `days` counted from `start` (the day of registration is not counted).

    Calendar days: a term that ends on a non-working day ends on the next working day.
    Working days: the `days`-th working day after `start`.
    """
    return _count(start, days, WORKING_DAYS if unit == WORKING else NTH_DAY, _extra_days())


def add_months(start: date, months: int) -> date:
    """The day a term of `months` months counted from `start` ends (Codul civil art. 2552 alin. 2): the
    day of the last month with the same number as `start`, or that month's last day when it has none."""
    import calendar

    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


def units_between(start: date, end: date, unit: str) -> int:
    """How many days of `unit` lie after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    if unit == WORKING:
        extra = _extra_days()
        return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n), extra))
    return (end - start).days


# --- Working time (time limits of process steps) -----------------------------------------------


def _day_start(day: date) -> datetime:
    """Local midnight at the start of `day`, in UTC (so that arithmetic across a DST change stays exact)."""
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time.min)).astimezone(UTC)


def add_working_time(start: datetime, amount: timedelta) -> datetime:
    """The moment `amount` of working time after `start`.

    Only time on working days counts, whole local days at a time: a step of two days given on Friday at
    15:00 is due on Tuesday at 15:00, and one given on the eve of 1 December is due after the holiday.
    """
    from django.utils import timezone

    extra = _extra_days()
    moment = start.astimezone(UTC)
    remaining = amount
    if remaining <= timedelta(0):
        return moment
    while True:
        day = timezone.localtime(moment).date()
        day_end = _day_start(day + timedelta(days=1))
        if is_working_day(day, extra):
            left = day_end - moment
            if remaining <= left:
                return moment + remaining
            remaining -= left
        moment = day_end


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """How much working time (time on working days) lies between `start` and `end` (zero if end <= start)."""
    from django.utils import timezone

    extra = _extra_days()
    moment, end = start.astimezone(UTC), end.astimezone(UTC)
    total = timedelta(0)
    while moment < end:
        day = timezone.localtime(moment).date()
        day_end = min(_day_start(day + timedelta(days=1)), end)
        if is_working_day(day, extra):
            total += day_end - moment
        moment = day_end
    return total


# --- Legal rules --------------------------------------------------------------------------------

def get_rule(rule: str) -> TermRule:
    try:
        return RULES[rule]
    except KeyError:
        raise ValueError(_("Regulă de termen necunoscută: „%(rule)s”.") % {"rule": rule}) from None


def rule_unit(rule: str) -> str:
    """CALENDAR or WORKING: the unit in which the days of `rule` are counted (for the pause in requests)."""
    return get_rule(rule).unit


def can_extend(rule: str) -> bool:
    return get_rule(rule).extension > 0


def max_extension(rule: str) -> int:
    """The longest extension the law allows for `rule`, in days (0: the term cannot be extended)."""
    return get_rule(rule).extension


def extension_deadline(rule: str, start: date) -> date:
    """The last day on which the applicant may be told that the term is extended.

    Legea 544/2001: the notice is due "în termen de 10 zile", counted like the 10-day term itself
    (HG 123/2002, art. 16 alin. (1) lit. b) and alin. (2)-(3)). OG 27/2002: the notice is "prealabilă",
    so it must reach the petitioner while the 30-day term still runs, i.e. by its last day.
    """
    spec = get_rule(rule)
    if not spec.extension:
        raise ValueError(_("Termenul „%(label)s” nu se poate prelungi.") % {"label": spec.label})
    return _count(start, spec.days, spec.counting, _extra_days())


def check_extension(rule: str, start: date, *, extension_days: int, notified_on: date | None = None) -> None:
    """Raise ValueError (in Romanian) unless the law allows extending by `extension_days` with that notice."""
    spec = get_rule(rule)
    if not spec.extension:
        raise ValueError(_("Termenul „%(label)s” nu se poate prelungi.") % {"label": spec.label})
    if extension_days <= 0:
        raise ValueError(_("Prelungirea trebuie să fie de cel puțin o zi."))
    if extension_days > spec.extension:
        raise ValueError(
            _("Prelungirea de %(extension_days)s zile depășește maximul legal de %(extension)s zile (%(legal_basis)s).") % {"extension_days": extension_days, "extension": spec.extension, "legal_basis": spec.legal_basis}
        )
    if notified_on is not None:
        if notified_on < start:
            raise ValueError(_("Înștiințarea privind prelungirea nu poate fi anterioară înregistrării cererii."))
        deadline = extension_deadline(rule, start)
        if notified_on > deadline:
            raise ValueError(
                _("Termenul nu mai poate fi prelungit: înștiințarea trebuia trimisă cel târziu la %(deadline)s "
                  "(%(notice)s).") % {"deadline": f"{deadline:%d.%m.%Y}", "notice": spec.notice}
            )


def compute_due(
    *, rule: str, start: date, urgent: bool = False, days: int | None = None, extension_days: int = 0,
    notified_on: date | None = None,
) -> date:
    """The last day on which the answer may be given, for a request registered on `start`.

    `days` is the service's term (for the legal rules it defaults to the legal term and may not exceed
    it); with `urgent` it is the urgent term and is required. `extension_days` extends the term as the
    law allows (the total is counted from registration); `notified_on`, if given, is the day the
    applicant was told of the extension and is checked against `extension_deadline`.
    Raises ValueError with a Romanian message when the law does not allow what is asked.
    """
    spec = get_rule(rule)
    extra = _extra_days()
    if urgent:
        if days is None:
            raise ValueError(_("Pentru regimul de urgență indicați termenul de urgență, în zile."))
        if days < 1:
            raise ValueError(_("Termenul de urgență trebuie să fie de cel puțin o zi."))
        if extension_days:
            raise ValueError(_("Termenul de urgență nu se poate prelungi."))
        if spec.days is not None and days >= spec.days:
            raise ValueError(_("Termenul de urgență trebuie să fie mai scurt decât termenul legal de %(days)s zile.") % {"days": spec.days})
        return _count(start, days, spec.urgent_counting or spec.counting, extra)
    if days is None:
        if spec.days is None:
            raise ValueError(_("Pentru regula „%(label)s” indicați termenul serviciului, în zile.") % {"label": spec.label})
        days = spec.days
    if days < 1:
        raise ValueError(_("Termenul trebuie să fie de cel puțin o zi."))
    if spec.max_days is not None and days > spec.max_days:
        raise ValueError(
            _("Termenul de %(days)s zile depășește termenul legal de cel mult %(max_days)s zile (%(legal_basis)s).") % {"days": days, "max_days": spec.max_days, "legal_basis": spec.legal_basis}
        )
    if extension_days:
        check_extension(rule, start, extension_days=extension_days, notified_on=notified_on)
    return _count(start, days + extension_days, spec.counting, extra)


def service_due(service, start: date, *, urgent: bool = False, extension_days: int = 0,
                notified_on: date | None = None) -> date:
    """compute_due for a catalog.Service: its rule, its (urgent) term."""
    return compute_due(
        rule=service.term_rule, start=start, urgent=urgent,
        days=service.urgent_term_days if urgent else service.term_days,
        extension_days=extension_days, notified_on=notified_on,
    )
