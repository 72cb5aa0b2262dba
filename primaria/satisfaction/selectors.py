"""The survey's figures for the dashboard and the comments for those allowed to read them.

Every figure is counted over the invitations of the chosen period (by the day the request or report was closed)
in the viewer's institutions: invited, answered, the response rate, and, from `MIN_ANSWERS` answers on, the
average overall mark and its distribution. A smaller group shows only how many answered: an average of two or
three answers would point at the people who gave them. No figure or comment carries an applicant's name.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.institutions.selectors import institution_ids_of

from .models import Answer, Invitation
from .rules import comment_scope

MIN_ANSWERS = 5
PERIODS = {"30": gettext_lazy("ultimele 30 de zile"), "90": gettext_lazy("ultimele 90 de zile"),
           "365": gettext_lazy("ultimele 12 luni")}
DEFAULT_PERIOD = "90"
GROUPS = (("department", "department__name", gettext_lazy("Compartiment")),
          ("service", "service__name", gettext_lazy("Serviciu")),
          ("category", "category__name", gettext_lazy("Categorie de sesizări")))


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    key: str  # one of PERIODS, or "" for dates typed
    error: str = ""

    @property
    def label(self) -> str:
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"


def _parse(text):
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


EARLIEST = date(2000, 1, 1)  # no survey is older; a date typed before it is a mistake


def period_from(params, today: date | None = None) -> Period:
    """The period asked in the query (`perioada` = 30, 90 or 365 days, or `de_la` and `pana_la`), else the last
    90 days; dates that do not make a period are refused with a message and the default is shown."""
    today = today or timezone.localdate()
    start, end = _parse(params.get("de_la")), _parse(params.get("pana_la"))
    if params.get("de_la") or params.get("pana_la"):
        if start is None or end is None:
            error = _("Scrieți ambele date ale perioadei, de exemplu 2026-01-31.")
        elif start > end:
            error = _("Data de început este după data de sfârșit.")
        elif end > today:
            error = _("Alegeți o perioadă care se încheie cel târziu azi, %(today)s.") % {"today": f"{today:%d.%m.%Y}"}
        elif start < EARLIEST:
            error = _("Alegeți o perioadă care începe după %(date)s.") % {"date": f"{EARLIEST:%d.%m.%Y}"}
        elif (end - start).days > 3 * 366:
            error = _("Alegeți o perioadă de cel mult trei ani.")
        else:
            return Period(start, end, "")
        return Period(today - timedelta(days=int(DEFAULT_PERIOD) - 1), today, DEFAULT_PERIOD, error)
    key = params.get("perioada", DEFAULT_PERIOD)
    key = key if key in PERIODS else DEFAULT_PERIOD
    return Period(today - timedelta(days=int(key) - 1), today, key)


def _bounds(period: Period):
    zone = timezone.get_current_timezone()
    return (datetime.combine(period.start, time.min, tzinfo=zone),
            datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=zone))


def invitations_in(user, period: Period):
    low, high = _bounds(period)
    return Invitation.objects.filter(institution_id__in=institution_ids_of(user), closed_at__gte=low,
                                     closed_at__lt=high)


_FIGURES = {
    "invited": Count("pk"),
    "answered": Count("answer"),
    "average": Avg("answer__overall"),
    **{f"n{mark}": Count("answer", filter=Q(answer__overall=mark)) for mark in range(1, 6)},
}


def _figures(row: dict) -> dict:
    invited, answered = row["invited"], row["answered"]
    enough = answered >= MIN_ANSWERS
    distribution = [{"mark": m, "count": row[f"n{m}"],
                     "share": round(100 * row[f"n{m}"] / answered, 1) if answered else 0} for m in range(1, 6)]
    return {
        "invited": invited, "answered": answered,
        "rate": round(100 * answered / invited, 1) if invited else 0,
        "enough": enough,
        "average": round(row["average"], 2) if enough and row["average"] is not None else None,
        "distribution": distribution if enough else None,
    }


def results(user, period: Period) -> dict:
    """The overall figures and those per department, per service and per report category."""
    invitations = invitations_in(user, period)
    total = _figures(invitations.aggregate(**_FIGURES))
    groups = {}
    for key, name_field, _label in GROUPS:
        rows = (invitations.filter(**{f"{key}__isnull": False}).values(f"{key}_id", name_field)
                .annotate(**_FIGURES).order_by(name_field))
        groups[key] = [{"id": row[f"{key}_id"], "name": row[name_field], **_figures(row)} for row in rows]
    return {"period": period, "total": total, "departments": groups["department"], "services": groups["service"],
            "categories": groups["category"], "min_answers": MIN_ANSWERS}


def comments_visible_to(user, period: Period | None = None, *, department_id=None):
    """The comments the user may read (`rules` `read_comments`): the answer, what it is about (service or
    category, department) and when; never who gave it."""
    institutions, departments = comment_scope(user)
    if not institutions and not departments:
        return Answer.objects.none()
    answers = (Answer.objects.exclude(comment="")
               .filter(Q(invitation__institution_id__in=institutions) | Q(invitation__department_id__in=departments))
               .select_related("invitation__department", "invitation__service", "invitation__category")
               .only("comment", "overall", "answered_at", "invitation__department__name", "invitation__service__name",
                     "invitation__category__name", "invitation__subject")
               .order_by("-answered_at", "-pk"))
    if period is not None:
        low, high = _bounds(period)
        answers = answers.filter(invitation__closed_at__gte=low, invitation__closed_at__lt=high)
    if department_id:
        answers = answers.filter(invitation__department_id=department_id)
    return answers


def can_read_comments(user) -> bool:
    institutions, departments = comment_scope(user)
    return bool(institutions or departments)


def open_invitation_for(user, *, request=None, report=None) -> Invitation | None:
    """The applicant's own invitation, still open, for the request's or report's page."""
    if not getattr(user, "is_authenticated", False):
        return None
    invitation = Invitation.objects.filter(
        **({"request": request} if request is not None else {"report": report})).first()
    if invitation is None or not invitation.open:
        return None
    if invitation.user_id != user.pk:
        return None
    return invitation


def invitations_of(user):
    return Invitation.objects.filter(user=user).select_related("service", "category", "request__registry_entry",
                                                               "report__registry_entry", "answer")


def dashboard_context(user, params) -> dict:
    """What the dashboard's satisfaction section shows: the figures of the chosen period, and whether the viewer
    may open the comments."""
    period = period_from(params)
    return {**results(user, period), "periods": PERIODS, "can_read_comments": can_read_comments(user)}
