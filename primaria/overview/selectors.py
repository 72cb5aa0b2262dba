"""Read-side figures for the mayor and the secretary general.

Everything is computed by the database with aggregates (conditional counts, averages of durations) or
with annotations on the few rows shown, so the page stays fast with millions of requests: no query here
loads all requests into Python.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import perf_counter

from django.db import NotSupportedError, connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DateField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from primaria.institutions.models import Department
from primaria.institutions.selectors import institution_ids_of
from primaria.requests.models import OPEN_STATUSES, Request, Status

# Every status a filed request can be in (drafts are not requests yet, for the office).
FILED_STATUSES = [s for s in Status if s != Status.DRAFT]

# Sort orders of the open-requests list: key → (label, ordering).
OPEN_SORTS = {
    "vechime": (gettext_lazy("Cele mai vechi întâi"), ("submitted_at", "pk")),
    "vechime-noi": (gettext_lazy("Cele mai noi întâi"), ("-submitted_at", "-pk")),
    "stare": (gettext_lazy("Cel mai mult timp în starea actuală"), ("status_changed_at", "pk")),
    "stare-noi": (gettext_lazy("Cel mai puțin timp în starea actuală"), ("-status_changed_at", "-pk")),
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


# --- Requests closed before today never change again: their share of the figures is added up once a day
# (SETTLED_TTL), and each refresh reads only the open requests and those closed today, through the partial
# indexes over them. The figures then cost the same with three years of history as with three days.

CLOSED_STATUSES = [Status.RESOLVED, Status.WITHDRAWN]
SETTLED_TTL = 26 * 60 * 60


def _moments(now=None):
    now = timezone.localtime(now or timezone.now())
    return now.date(), now.replace(hour=0, minute=0, second=0, microsecond=0), now.replace(
        day=1, hour=0, minute=0, second=0, microsecond=0)


def _live(institution_ids, day_start):
    return _filed(institution_ids).filter(
        Q(status__in=OPEN_STATUSES) | Q(status__in=CLOSED_STATUSES, status_changed_at__gte=day_start))


def _settled(institution_ids, day_start):
    return _filed(institution_ids).filter(status__in=CLOSED_STATUSES, status_changed_at__lt=day_start)


def _headline_sums(qs, today, month_start) -> dict:
    """The headline's counts and the total handling time of `qs`, in one aggregate query."""
    resolved = Q(status=Status.RESOLVED)
    timed = resolved & Q(resolved_at__isnull=False, submitted_at__isnull=False)
    sums = qs.aggregate(
        filed=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=_overdue_q(today)),
        resolved_this_month=Count("pk", filter=resolved & Q(resolved_at__gte=month_start)),
        handled=Count("pk", filter=timed),
        handling=Sum(_handling(), filter=timed),
        online=Count("pk", filter=Q(channel="online")),
        counter=Count("pk", filter=Q(channel="counter")),
    )
    sums["handling"] = sums["handling"] or timedelta(0)
    return sums


def _table_counts(qs) -> dict:
    """{department id: [count per status, in the order of FILED_STATUSES]} for `qs`, in one query."""
    per_status = {f"n_{s.value}": Count("pk", filter=Q(status=s)) for s in FILED_STATUSES}
    return {g["department_id"]: [g[f"n_{s.value}"] for s in FILED_STATUSES]
            for g in qs.order_by().values("department_id").annotate(**per_status)}


def _settled_figures(institution_ids, today, day_start, month_start) -> dict:
    from django.core.cache import cache

    key = f"overview:settled:{','.join(str(i) for i in sorted(institution_ids))}:{today.isoformat()}"
    settled = cache.get(key)
    if settled is None:
        qs = _settled(institution_ids, day_start)
        settled = {"headline": _headline_sums(qs, today, month_start), "table": _table_counts(qs)}
        cache.set(key, settled, SETTLED_TTL)
    return settled


def headline(institution_ids) -> Headline:
    """The big numbers: the requests closed before today as added up today, plus the others read now."""
    today, day_start, month_start = _moments()
    parts = [_settled_figures(institution_ids, today, day_start, month_start)["headline"],
             _headline_sums(_live(institution_ids, day_start), today, month_start)]
    total = {key: sum((part[key] for part in parts), timedelta(0) if key == "handling" else 0) for key in parts[0]}
    return Headline(
        open=total["open"], overdue=total["overdue"], resolved_this_month=total["resolved_this_month"],
        average_days=_days(total["handling"] / total["handled"]) if total["handled"] else None,
        filed=total["filed"], online=total["online"], counter=total["counter"],
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
    """Requests counted per department and status: those closed before today as added up today, plus the
    others read now."""
    today, day_start, month_start = _moments()
    counts = {}
    for part in (_settled_figures(institution_ids, today, day_start, month_start)["table"],
                 _table_counts(_live(institution_ids, day_start))):
        for department_id, row in part.items():
            counts[department_id] = [a + b for a, b in zip(counts.get(department_id, [0] * len(row)), row, strict=True)]
    names = _department_names(counts)
    rows = sorted(
        (DepartmentRow(department_id=pk, name=names.get(pk, gettext_lazy("Fără compartiment")), counts=row, total=sum(row))
         for pk, row in counts.items()),
        key=lambda r: (r.name, r.department_id or 0),
    )
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


# --- Tablou de bord (/birou/situatie/tablou/) ----------------------------------------------------------
#
# Every figure below is one GROUP BY query over the filed requests of the institutions (by month with
# TruncMonth, by department, service, status or channel); Python only arranges the few grouped rows
# (12 months × a handful of departments) into series. The whole dashboard is computed by
# compute_dashboard(), kept in the shared cache per set of institutions and refreshed by the periodic
# job in tasks.py, like the overview's figures.

DASHBOARD_TTL = 15 * 60
# About 5 s at a million requests on PostgreSQL: the job recomputes it every 5 minutes, not every minute.
DASHBOARD_REFRESH = timedelta(minutes=5)
DASHBOARD_MONTHS = 12
TOP_SERVICES = 15
MAX_DEPARTMENTS = 8  # more than this many departments in a chart: the smallest are put together
OLDEST_OVERDUE = 10
P90 = 0.9


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression), an ordered-set aggregate.

    It interpolates between the two nearest values, like numpy's default percentile. On intervals it
    returns an interval, so the result is a DurationField. Only PostgreSQL has it; see
    _percentile_by_offset for the other databases.
    """

    function = "percentile_cont"
    name = "Percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, fraction, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            raise NotSupportedError("percentile_cont is only available on PostgreSQL.")
        return super().as_sql(compiler, connection, **extra_context)


def _handling():
    return ExpressionWrapper(F("resolved_at") - F("submitted_at"), output_field=DurationField())


def _percentile_by_offset(qs, count: int, fraction: float) -> timedelta | None:
    """The same value as percentile_cont, from the database's ordered durations of `qs` (`count` rows).

    With n values sorted ascending the percentile lies at position h = fraction × (n − 1); the database
    sorts the durations and returns only the two rows at OFFSET floor(h) (LIMIT 2), and the value is
    interpolated between them. One small query per service, never the whole list of durations.
    """
    if count <= 0:
        return None
    position = fraction * (count - 1)
    low = math.floor(position)
    values = list(qs.annotate(duration=_handling()).order_by("duration").values_list("duration", flat=True)
                  [low:low + 2])
    if not values:
        return None
    if len(values) == 1 or position == low:
        return values[0]
    return values[0] + (values[1] - values[0]) * (position - low)


def _month_start(day, back=0):
    """The first day of the month `back` months before the month of `day`."""
    month_index = day.year * 12 + (day.month - 1) - back
    return date(month_index // 12, month_index % 12 + 1, 1)


RO_MONTHS = [pgettext_lazy("month", "ian."), pgettext_lazy("month", "feb."), pgettext_lazy("month", "mar."),
             pgettext_lazy("month", "apr."), pgettext_lazy("month", "mai"), pgettext_lazy("month", "iun."),
             pgettext_lazy("month", "iul."), pgettext_lazy("month", "aug."), pgettext_lazy("month", "sept."),
             pgettext_lazy("month", "oct."), pgettext_lazy("month", "nov."), pgettext_lazy("month", "dec.")]


def month_label(day) -> str:
    return f"{RO_MONTHS[day.month - 1]} {day.year}"


def _as_month(value) -> date:
    """A TruncMonth value (an aware datetime in the current time zone, or a date) as the month's first day."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date(value.year, value.month, 1)
    return date(value.year, value.month, 1)


def _window(now):
    """The last DASHBOARD_MONTHS months, the current one included: their first days and the first instant."""
    today = timezone.localdate(now)
    months = [_month_start(today, back) for back in range(DASHBOARD_MONTHS - 1, -1, -1)]
    start = timezone.make_aware(datetime.combine(months[0], time.min))
    return months, start


def _department_names(ids) -> dict:
    return dict(Department.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _by_month_department_channel(institution_ids, start):
    """Requests filed since `start`, counted per (month, department), with the online and counter counts."""
    return list(
        _filed(institution_ids).filter(submitted_at__gte=start)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "department_id")
        .annotate(n=Count("pk"), online=Count("pk", filter=Q(channel="online")),
                  counter=Count("pk", filter=Q(channel="counter")))
        .order_by()
    )


def filed_by_month_and_department(institution_ids, months, start, rows=None) -> dict:
    if rows is None:
        rows = _by_month_department_channel(institution_ids, start)
    index = {m: i for i, m in enumerate(months)}
    per_department: dict = {}
    for row in rows:  # at most 12 × departments grouped rows
        counts = per_department.setdefault(row["department_id"], [0] * len(months))
        i = index.get(_as_month(row["month"]))
        if i is not None:
            counts[i] += row["n"]
    names = _department_names(per_department)
    departments = sorted(
        ({"id": pk, "name": names.get(pk, gettext_lazy("Fără compartiment")), "counts": counts, "total": sum(counts)}
         for pk, counts in per_department.items()),
        key=lambda d: (-d["total"], d["name"]),
    )
    if len(departments) > MAX_DEPARTMENTS:
        kept, rest = departments[:MAX_DEPARTMENTS - 1], departments[MAX_DEPARTMENTS - 1:]
        merged = [sum(d["counts"][i] for d in rest) for i in range(len(months))]
        departments = [*kept, {"id": None, "name": f"Alte {len(rest)} compartimente", "counts": merged,
                               "total": sum(merged)}]
    totals = [sum(d["counts"][i] for d in departments) for i in range(len(months))]
    return {"departments": departments, "totals": totals, "total": sum(totals)}


def open_by_status(table: StatusTable) -> list[dict]:
    """The open requests per status, read from the overview's table: both pages show the same figures."""
    column = {value: i for i, (value, _label) in enumerate(table.statuses)}
    return [{"status": s.value, "label": s.label, "count": table.totals[column[s.value]]} for s in OPEN_STATUSES]


def handling_by_service(institution_ids, start, limit=TOP_SERVICES) -> list[dict]:
    """Average and 90th percentile of the handling time (submitted → resolved), per service.

    For the `limit` services with most requests resolved since `start`. On PostgreSQL the percentile is
    computed in the same GROUP BY query (percentile_cont); elsewhere one OFFSET query per service.
    """
    resolved = _filed(institution_ids).filter(
        status=Status.RESOLVED, resolved_at__gte=start, submitted_at__isnull=False)
    postgres = connection.vendor == "postgresql"
    aggregates = {"n": Count("pk"), "average": Avg(_handling())}
    if postgres:
        aggregates["p90"] = Percentile(_handling(), P90, output_field=DurationField())
    rows = list(resolved.values("service_id", "service__name").annotate(**aggregates)
                .order_by("-n", "service__name")[:limit])
    result = []
    for row in rows:
        p90 = row["p90"] if postgres else _percentile_by_offset(
            resolved.filter(service_id=row["service_id"]), row["n"], P90)
        result.append({"service_id": row["service_id"], "name": row["service__name"], "count": row["n"],
                       "average_days": _days(row["average"]), "p90_days": _days(p90)})
    return result


def on_time_by_department(institution_ids, start) -> dict:
    """Requests resolved since `start` with a term, and how many on or before the term (local date)."""
    rows = (
        _filed(institution_ids)
        .filter(status=Status.RESOLVED, resolved_at__gte=start, due_date__isnull=False)
        .annotate(resolved_day=TruncDate("resolved_at"))
        .values("department_id")
        .annotate(resolved=Count("pk"), on_time=Count("pk", filter=Q(resolved_day__lte=F("due_date"))))
        .order_by()
    )
    rows = list(rows)
    names = _department_names(r["department_id"] for r in rows)
    departments = sorted(
        ({"id": r["department_id"], "name": names.get(r["department_id"], gettext_lazy("Fără compartiment")),
          "resolved": r["resolved"], "on_time": r["on_time"], "rate": _rate(r["on_time"], r["resolved"])}
         for r in rows),
        key=lambda d: d["name"],
    )
    resolved = sum(d["resolved"] for d in departments)
    on_time = sum(d["on_time"] for d in departments)
    return {"departments": departments, "resolved": resolved, "on_time": on_time, "rate": _rate(on_time, resolved)}


def oldest_overdue(institution_ids, today, total: int, limit=OLDEST_OVERDUE) -> dict:
    """The most overdue requests, read now (the partial index over open requests keeps it to a few rows);
    `total` is the overview's count, so both pages say the same."""
    qs = _filed(institution_ids).filter(_overdue_q(today))
    items = [
        {"public_id": r.public_id, "reference": r.reference, "service": r.service.name,
         "department": r.department.name if r.department_id else "", "submitted_at": r.submitted_at,
         "due_date": r.due_date, "late_days": (today - r.due_date).days}
        for r in qs.select_related("registry_entry", "service", "department").order_by("due_date", "pk")[:limit]
    ]
    return {"items": items, "total": max(total, len(items))}


def channels_by_month(institution_ids, months, start, rows=None) -> list[dict]:
    """Online and counter requests per month (from the same grouped rows as the chart by department)."""
    if rows is None:
        rows = _by_month_department_channel(institution_ids, start)
    by_month: dict = {}
    for r in rows:  # grouped rows, not requests
        totals = by_month.setdefault(_as_month(r["month"]), {"online": 0, "counter": 0, "total": 0})
        totals["online"] += r["online"]
        totals["counter"] += r["counter"]
        totals["total"] += r["n"]
    result = []
    for m in months:
        r = by_month.get(m, {"online": 0, "counter": 0, "total": 0})
        result.append({"month": m, "label": month_label(m), "online": r["online"], "counter": r["counter"],
                       "total": r["total"], "online_share": _rate(r["online"], r["total"]),
                       "counter_share": _rate(r["counter"], r["total"])})
    return result


def paper_avoided(institution_ids, months) -> dict:
    """Pages that nobody printed: documents filed online, and answers delivered electronically.

    Uploaded: the pages of every document the applicant uploaded (source "uploaded") and attached to a
    filed request, counted in the month the request was filed (a document reused for a second request
    counts again: it was not printed a second time either). Answers: the pages of the signed answer of
    every request filed online, delivered to the applicant's folder, in the month it was resolved.
    Documents scanned at the counter are not counted: they were on paper.
    """
    from primaria.documents.models import Document
    from primaria.requests.models import Attachment

    uploaded = Attachment.objects.filter(
        request__institution_id__in=institution_ids, request__status__in=FILED_STATUSES,
        document__source=Document.Source.UPLOADED)
    answers = _filed(institution_ids).filter(channel="online", status=Status.RESOLVED, answer_document__isnull=False)
    # One GROUP BY month per source over all time: the all-time total is the sum of its rows, the chart
    # takes the last 12 months from them (a few dozen rows), so each table is read once.
    up_rows = (uploaded.annotate(month=TruncMonth("request__submitted_at"))
               .values("month").annotate(pages=Sum("document__pages")).order_by())
    answer_rows = (answers.annotate(month=TruncMonth("resolved_at"))
                   .values("month").annotate(pages=Sum("answer_document__pages")).order_by())
    up, issued = {}, {}
    for target, rows in ((up, up_rows), (issued, answer_rows)):
        for r in rows:
            month = _as_month(r["month"]) if r["month"] is not None else None
            target[month] = target.get(month, 0) + (r["pages"] or 0)
    per_month = [{"month": m, "label": month_label(m), "uploaded": up.get(m, 0), "issued": issued.get(m, 0),
                  "total": up.get(m, 0) + issued.get(m, 0)} for m in months]
    all_uploaded, all_issued = sum(up.values()), sum(issued.values())
    return {"months": per_month, "window_total": sum(m["total"] for m in per_month),
            "all_time": all_uploaded + all_issued, "all_time_uploaded": all_uploaded, "all_time_issued": all_issued}


def _dashboard_key(institution_ids):
    return "overview:dashboard:" + ",".join(str(i) for i in sorted(institution_ids))


MONEY_DAYS = 30
CARD_PROVIDERS = ("netopia",)  # paid online, by card; the rest (bank transfer) through a bank


def money_collected(institution_ids, today) -> dict | None:
    """What the city hall collected (taxes, fines, service fees), for its mayor and secretary general:
    per day over the last MONEY_DAYS days, split by card online and bank transfer; per tax over the last 12
    months; and the online share. Net of refunds. None for a subordinate institution: payments go to the
    city hall's budget (`primaria.payments`)."""
    from primaria.institutions.selectors import main_institution
    from primaria.payments.models import PAID_STATUSES, Payment, PaymentLine
    from primaria.taxes.models import Allocation, DebtKind

    main = main_institution()
    if main is None or main.pk not in institution_ids:
        return None
    first = today - timedelta(days=MONEY_DAYS - 1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    net = F("amount") - F("refunded_amount")
    paid = Payment.objects.filter(status__in=PAID_STATUSES, city_hall=main)
    rows = (paid.filter(settled_at__gte=since).annotate(day=TruncDate("settled_at"))
            .values("day").annotate(card=Sum(net, filter=Q(provider__in=CARD_PROVIDERS)),
                                    transfer=Sum(net, filter=~Q(provider__in=CARD_PROVIDERS))).order_by())
    by_day = {r["day"]: r for r in rows}
    days = [first + timedelta(days=i) for i in range(MONEY_DAYS)]
    daily = [{"day": d, "card": float(by_day.get(d, {}).get("card") or 0),
              "transfer": float(by_day.get(d, {}).get("transfer") or 0)} for d in days]
    for d in daily:
        d["total"] = d["card"] + d["transfer"]

    year_ago = timezone.make_aware(datetime.combine(today - timedelta(days=365), time.min))
    labels = dict(DebtKind.choices)
    per_tax = {labels.get(kind, kind): float(total or 0) for kind, total in (
        Allocation.objects.filter(bonus=False, application__paid_at__gte=year_ago, debt__institution=main)
        .values_list("debt__kind").annotate(total=Sum("amount")).order_by())}
    fees = (PaymentLine.objects.filter(source="taxa-serviciu", payment__status__in=PAID_STATUSES,
                                       payment__settled_at__gte=year_ago, payment__city_hall=main).aggregate(total=Sum("amount"))["total"])
    if fees:
        per_tax[gettext_lazy("Taxe pentru servicii (eliberări, urgențe)")] = float(fees)
    taxes = sorted(({"name": name, "total": total} for name, total in per_tax.items() if total),
                   key=lambda t: -t["total"])
    card = sum(d["card"] for d in daily)
    total = sum(d["total"] for d in daily)
    return {"days": daily, "taxes": taxes, "total": total, "card": card, "transfer": total - card,
            "online_share": _rate(card, total)}


def compute_dashboard(institution_ids) -> dict:
    """Every figure of the dashboard, computed now and kept in the shared cache (plain values only)."""
    from django.core.cache import cache

    now = timezone.now()
    months, start = _window(now)
    started = perf_counter()
    rows = _by_month_department_channel(institution_ids, start)
    data = {
        "at": timezone.localtime(now),
        "months": months,
        "start": start,
        "filed": filed_by_month_and_department(institution_ids, months, start, rows),
        "handling": handling_by_service(institution_ids, start),
        "on_time": on_time_by_department(institution_ids, start),
        "channels": channels_by_month(institution_ids, months, start, rows),
        "paper": paper_avoided(institution_ids, months),
        "money": money_collected(institution_ids, timezone.localdate(now)),
        "p90_method": "percentile_cont" if connection.vendor == "postgresql" else "offset",
    }
    data["seconds"] = round(perf_counter() - started, 3)
    cache.set(_dashboard_key(institution_ids), data, DASHBOARD_TTL)
    return data


def refresh_dashboard(institution_ids, max_age=DASHBOARD_REFRESH) -> bool:
    """Recompute the cached dashboard if it is missing or older than `max_age` (for the periodic job)."""
    from django.core.cache import cache

    cached = cache.get(_dashboard_key(institution_ids))
    # A few seconds of slack, so a job that runs every minute recomputes on the fifth run, not the sixth.
    if cached and timezone.now() - cached["at"] < max_age - timedelta(seconds=20):
        return False
    compute_dashboard(institution_ids)
    return True


def cached_dashboard(user) -> dict:
    """The dashboard as the periodic job last computed it (computed here only if the cache is empty), with the
    figures it shares with the overview taken from the overview's own: the open requests per status and the
    overdue count are the same numbers, of the same moment, on both pages."""
    from django.core.cache import cache

    ids = sorted(institution_ids_of(user))
    data = cache.get(_dashboard_key(ids)) or compute_dashboard(ids)
    figures = cached_figures(user)
    return {**data, "figures_at": figures["at"], "open_by_status": open_by_status(figures["table"]),
            "overdue": oldest_overdue(ids, timezone.localdate(), figures["headline"].overdue)}
