"""Read-side figures for the mayor and the secretary general.

Everything is computed by the database with aggregates (conditional counts, averages of durations) or
with annotations on the few rows shown, so the page stays fast with millions of requests: no query here
loads all requests into Python.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Avg,
    Count,
    DateField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
)
from django.utils import timezone

from primaria.institutions.models import Department
from primaria.institutions.selectors import institution_ids_of
from primaria.requests.models import OPEN_STATUSES, Request, Status

# Every status a filed request can be in (drafts are not requests yet, for the office).
FILED_STATUSES = [s for s in Status if s != Status.DRAFT]

# Sort orders of the open-requests list: key → (label, ordering).
OPEN_SORTS = {
    "vechime": ("Cele mai vechi întâi", ("submitted_at", "pk")),
    "vechime-noi": ("Cele mai noi întâi", ("-submitted_at", "-pk")),
    "stare": ("Cel mai mult timp în starea actuală", ("status_changed_at", "pk")),
    "stare-noi": ("Cel mai puțin timp în starea actuală", ("-status_changed_at", "-pk")),
}
DEFAULT_SORT = "vechime"
OVERDUE_LIMIT = 50

# The lists read only these columns; their related rows come in one small query each for the page shown,
# so the database sorts and limits narrow rows instead of joining every open request first.
LIST_FIELDS = ("public_id", "status", "service", "department", "assignee", "registry_entry", "due_date",
               "paused_on", "submitted_at", "status_changed_at")
LIST_RELATED = ("service", "department", "assignee", "registry_entry")


def filed_requests(user):
    """Filed (non-draft) requests of the institutions the user belongs to."""
    return _filed(institution_ids_of(user))


def _filed(institution_ids):
    return Request.objects.filter(institution_id__in=institution_ids, status__in=FILED_STATUSES)


def departments_of(user):
    return Department.objects.filter(institution_id__in=institution_ids_of(user)).order_by("name", "pk")


def _overdue_q(today):
    return Q(status__in=OPEN_STATUSES, paused_on__isnull=True, due_date__lt=today)


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else round(duration.total_seconds() / 86400, 1)


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Headline:
    open: int
    overdue: int
    resolved_this_month: int
    average_days: float | None
    filed: int
    online: int
    counter: int

    @property
    def online_share(self):
        return _share(self.online, self.filed)

    @property
    def counter_share(self):
        return _share(self.counter, self.filed)


def headline(institution_ids) -> Headline:
    """The big numbers, in a single aggregate query."""
    now = timezone.now()
    today = timezone.localdate(now)
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    handling = ExpressionWrapper(F("resolved_at") - F("submitted_at"), output_field=DurationField())
    resolved = Q(status=Status.RESOLVED)
    row = _filed(institution_ids).aggregate(
        filed=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=_overdue_q(today)),
        resolved_this_month=Count("pk", filter=resolved & Q(resolved_at__gte=month_start)),
        average=Avg(handling, filter=resolved & Q(resolved_at__isnull=False, submitted_at__isnull=False)),
        online=Count("pk", filter=Q(channel="online")),
        counter=Count("pk", filter=Q(channel="counter")),
    )
    return Headline(
        open=row["open"], overdue=row["overdue"], resolved_this_month=row["resolved_this_month"],
        average_days=_days(row["average"]), filed=row["filed"], online=row["online"], counter=row["counter"],
    )


@dataclass(frozen=True)
class DepartmentRow:
    department_id: int | None
    name: str
    counts: list[int]  # in the order of FILED_STATUSES
    total: int


@dataclass(frozen=True)
class StatusTable:
    statuses: list  # [(value, label)]
    rows: list[DepartmentRow]
    totals: list[int]
    total: int


def by_department_and_status(institution_ids) -> StatusTable:
    """Requests counted per department (one row each) and per status (one conditional count each)."""
    per_status = {f"n_{s.value}": Count("pk", filter=Q(status=s)) for s in FILED_STATUSES}
    grouped = (
        _filed(institution_ids)
        .values("department_id", "department__name")
        .annotate(total=Count("pk"), **per_status)
        .order_by("department__name", "department_id")
    )
    rows = [
        DepartmentRow(
            department_id=g["department_id"], name=g["department__name"] or "Fără compartiment",
            counts=[g[f"n_{s.value}"] for s in FILED_STATUSES], total=g["total"],
        )
        for g in grouped  # one row per department, not per request
    ]
    totals = [sum(r.counts[i] for r in rows) for i in range(len(FILED_STATUSES))]
    return StatusTable(
        statuses=[(s.value, s.label) for s in FILED_STATUSES], rows=rows, totals=totals,
        total=sum(r.total for r in rows),
    )


def _with_ages(qs, now):
    return qs.annotate(
        in_state=ExpressionWrapper(Value(now, output_field=DateTimeField()) - F("status_changed_at"),
                                   output_field=DurationField()),
        age=ExpressionWrapper(Value(now, output_field=DateTimeField()) - F("submitted_at"),
                              output_field=DurationField()),
    )


def overdue_requests(user, limit=OVERDUE_LIMIT):
    """The open requests past their term (not paused), the longest overdue first."""
    today = timezone.localdate()
    return (
        filed_requests(user)
        .filter(_overdue_q(today))
        .only(*LIST_FIELDS)
        .prefetch_related(*LIST_RELATED)
        .annotate(late=ExpressionWrapper(Value(today, output_field=DateField()) - F("due_date"),
                                         output_field=DurationField()))
        .order_by("due_date", "pk")[:limit]
    )


def open_requests(user, *, department_id=None, status=None, sort=DEFAULT_SORT):
    """Every open request and where it is now; filter and order as the page asks."""
    qs = filed_requests(user).filter(status__in=OPEN_STATUSES)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if status in OPEN_STATUSES:
        qs = qs.filter(status=status)
    ordering = OPEN_SORTS.get(sort, OPEN_SORTS[DEFAULT_SORT])[1]
    return (
        _with_ages(qs, timezone.now())
        .only(*LIST_FIELDS)
        .prefetch_related(*LIST_RELATED)
        .order_by(*ordering)
    )


FIGURES_TTL = 5 * 60


def _figures_key(institution_ids):
    return "overview:figures:" + ",".join(str(i) for i in sorted(institution_ids))


def compute_figures(institution_ids) -> dict:
    """Headline and department table, computed now and kept in the shared cache."""
    from django.core.cache import cache

    figures = {"headline": headline(institution_ids), "table": by_department_and_status(institution_ids),
               "at": timezone.localtime()}
    cache.set(_figures_key(institution_ids), figures, FIGURES_TTL)
    return figures


def cached_figures(user) -> dict:
    """Headline and department table as the periodic job last computed them (at most a minute old).

    Both read every filed request once (hundreds of milliseconds at a million requests), so a job
    refreshes them every minute for each institution; a page computes them itself only when the cache
    is empty (a fresh start, or a user who belongs to several institutions). The lists below them are
    always read fresh.
    """
    from django.core.cache import cache

    ids = sorted(institution_ids_of(user))
    return cache.get(_figures_key(ids)) or compute_figures(ids)
