"""Read-side queries for requests: who may see what, inboxes and the applicant's list."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from primaria.accounts.selectors import parties_of, party_ids_of
from primaria.core import rules
from primaria.core.cache import Generation, content_key
from primaria.institutions.selectors import visible_department_ids
from primaria.registry.models import format_reference

from .models import OPEN_STATUSES, Request, Status, is_overdue


def requests_of_applicant(user):
    """The requests of the user and of the companies they represent (drafts included): core.rules decides."""
    return (
        rules.applicant_requests(user)
        .select_related("service", "applicant", "registry_entry", "department")
        .order_by("-created_at")
    )


# An applicant's list ("my requests") is kept in the shared cache until one of the requests of the parties
# it lists changes (requests.signals): drafts included, as they are listed.
MINE = Generation("mine", seconds=300)
MINE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class MyRequestRow:
    public_id: uuid.UUID
    reference: str
    service: str
    status: str
    status_label: str
    outcome_label: str
    due_date: date | None
    started_at: datetime | None = None  # when a draft was begun


def my_request_rows(user, party=None) -> list[MyRequestRow]:
    """The newest requests of the user and of the companies they represent, or of one of those parties."""
    from .models import Outcome
    from .signals import EVERYONE

    own = sorted(party_ids_of(user))
    parties = own if party is None else [pk for pk in own if pk == party.pk]
    # A mandate limited to some services lists only their requests: the scope is part of the key.
    scope = rules.applicant_scope(user, parties)
    scoped = sorted(f"{entry.pk}:{'.'.join(map(str, sorted(entry.mandate_services)))}"
                    for entry in parties_of(user)
                    if entry.pk in parties and getattr(entry, "mandate_services", None) is not None)

    def read():
        labels, outcomes = dict(Status.choices), dict(Outcome.choices)
        values = (Request.objects.filter(scope).order_by("-created_at")
                  .values_list("public_id", "registry_entry__number", "registry_entry__registered_at", "service__name",
                               "status", "outcome", "due_date", "created_at")[:MINE_LIMIT])
        return [MyRequestRow(
            public_id=public_id, reference=format_reference(number, registered_at) if number else "",
            service=service, status=status, status_label=labels.get(status, status),
            outcome_label=outcomes.get(outcome, "") if outcome else "", due_date=due_date, started_at=created_at,
        ) for public_id, number, registered_at, service, status, outcome, due_date, created_at in values]

    key = ",".join(map(str, parties)) + (f";{content_key(*scoped)}" if scoped else "")
    return MINE.get(key, read, parts=[EVERYONE, *parties])


def request_for_applicant(user, public_id) -> Request:
    request = requests_of_applicant(user).filter(public_id=public_id).first()
    if request is None:
        raise Http404(_("Cererea nu există."))
    return request


def applicant_request_id(user, public_id) -> int:
    """The id of one of the user's requests (404 for anyone else's): all a change needs, as the domain
    function locks and reads the request itself."""
    found = rules.applicant_requests(user).filter(public_id=public_id).values_list("pk", flat=True).first()
    if found is None:
        raise Http404(_("Cererea nu există."))
    return found


def requests_for_official(user):
    """Filed requests an official may open (core.rules.official_requests: the one rule for lists and pages)."""
    return rules.official_requests(user).select_related("service", "applicant", "registry_entry", "department",
                                                        "assignee")


def _work_of(user, part=None):
    """The requests an inbox lists: their departments', or the whole institution's for wider roles, and
    those with an open process step for one of their departments (an opinion asked from another department).
    Every one of them is among those the official may open (`requests_for_official`).

    `part` takes one of the two: "own" (the departments' requests) or "asked" (the others' requests that wait
    for an opinion of these departments); each can be read along an index in the inbox's order."""
    from primaria.workflow.selectors import requests_asked_of

    departments = visible_department_ids(user)
    # The few requests waiting for an opinion of these departments, as a list of ids: with a literal list the
    # database combines two index scans, where a subquery would make it filter every open request.
    asked = requests_asked_of(departments)
    own = Q(department_id__in=departments)
    if part == "own":
        visible = own
    elif part == "asked":
        visible = Q(pk__in=asked) & ~own
    else:
        visible = own | Q(pk__in=asked) if asked else own
    return (
        Request.objects.exclude(status=Status.DRAFT)
        .filter(visible)
        .select_related("service", "applicant", "registry_entry", "department", "assignee")
    )


def request_for_official(user, public_id) -> Request:
    request = requests_for_official(user).filter(public_id=public_id).first()
    if request is None:
        raise Http404(_("Cererea nu există."))
    return request


def inbox(user, *, department_ids=None, status=None, service_id=None, assignee=None, overdue=False, query="",
          part=None):
    """A department inbox: open requests first by due date; filters as the official chose them."""
    qs = _work_of(user, part)
    if department_ids:
        qs = qs.filter(department_id__in=department_ids)
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if service_id:
        qs = qs.filter(service_id=service_id)
    if assignee == "me":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee:
        qs = qs.filter(assignee_id=assignee)
    if overdue:
        qs = qs.filter(due_date__lt=timezone.localdate(), paused_on__isnull=True, status__in=OPEN_STATUSES)
    if query:
        number = query.split("/")[0].strip()
        condition = Q(applicant__name__icontains=query) | Q(service__name__icontains=query)
        if number.isdigit():
            condition |= Q(registry_entry__number=int(number))
        qs = qs.filter(condition)
    return qs.order_by("due_date", "pk")


@dataclass(frozen=True, slots=True)
class InboxRow:
    url: str
    reference: str
    service: str
    department: str
    applicant: str
    status: str
    status_label: str
    assignee: str
    due_date: date | None
    paused: bool
    overdue: bool


# What a row of the inbox reads from the request, its registry entry and its applicant. The names of the
# service, the department and the assignee come from small lookups instead of three more joins, which would
# cost the database more to plan than to run.
INBOX_VALUES = ("public_id", "status", "due_date", "paused_on", "registry_entry__number",
                "registry_entry__registered_at", "applicant__name", "service_id", "department_id", "assignee_id")


# A page of an inbox (its count and rows) is kept in the shared cache until a request of one of its
# departments or an applicant changes (requests.signals), or the opinions asked of them change.
INBOX = Generation("inbox", seconds=120)
INBOX_PAGE_SIZE = 50


def inbox_listing(user, *, page=None, **filters) -> tuple[int, int, list[dict]]:
    """(how many requests, the page's number, the page's `INBOX_VALUES`) of an official's inbox, with the
    filters of `inbox()`. Read from the cache while nothing it shows has changed."""
    from django.core.paginator import Paginator

    from primaria.requests.signals import EVERYONE
    from primaria.workflow.selectors import asked_of

    departments = sorted(visible_department_ids(user))
    asked = asked_of(departments)

    def read():
        if not asked:
            qs = inbox(user, **filters)
            found = Paginator(qs, INBOX_PAGE_SIZE).get_page(page)  # counts without the joins of the rows
            count = found.paginator.count
            values = list(qs.select_related(None).values(*INBOX_VALUES)[found.start_index() - 1:found.end_index()]
                          ) if count else []
            return count, found.number, values
        # With opinions asked of these departments, "theirs or asked" would make the database gather and sort
        # every open request of theirs. Read the two parts apart instead, each along its index in the inbox's
        # order up to the end of the page, and merge them here.
        own = inbox(user, part="own", **filters)
        # The asked ones are at most a thousand ids: order them along the index first, join only those shown.
        others = list(inbox(user, part="asked", **filters).select_related(None).values_list("pk", flat=True))
        count = own.count() + len(others)
        found = Paginator(range(count), INBOX_PAGE_SIZE).get_page(page)
        end = found.end_index()
        values = list(own.select_related(None).values(*INBOX_VALUES, "id")[:end]) if end else []
        if others[:end]:
            values += Request.objects.filter(pk__in=others[:end]).values(*INBOX_VALUES, "id")
        values.sort(key=lambda row: (row["due_date"] is None, row["due_date"] or date.min, row["id"]))
        return count, found.number, values[found.start_index() - 1:end]

    key = content_key(departments, asked, sorted(filters.items()), page, timezone.localdate(),
                      user.pk if filters.get("assignee") == "me" else None)
    parts = {EVERYONE, *departments, *(department for _request, department in asked)}
    return INBOX.get(key, read, parts=sorted(parts, key=str))


INBOX_CHOICES_SECONDS = 5 * 60


def inbox_choices(department_ids) -> tuple[list, list]:
    """The departments and services an inbox can be filtered by, as (id, name) pairs in name order; kept in
    each process's own cache for a few minutes (a renamed service shows in the filter a little later)."""
    from django.core.cache import caches

    from primaria.catalog.models import Service
    from primaria.institutions.models import Department

    key = "inbox:choices:" + ",".join(str(pk) for pk in sorted(department_ids))
    cache = caches["local"]
    choices = cache.get(key)
    if choices is None:
        departments = list(Department.objects.filter(pk__in=department_ids).order_by("name").values_list("pk", "name"))
        services = list(Service.objects.filter(department__in=department_ids).order_by("name").values_list("pk", "name"))
        choices = (departments, services)
        cache.set(key, choices, INBOX_CHOICES_SECONDS)
    return choices


def _names(model, ids, known, *fields):
    missing = set(ids) - set(known) - {None}
    found = {pk: " ".join(filter(None, rest)) for pk, *rest in
             model.objects.filter(pk__in=missing).values_list("pk", *fields)} if missing else {}
    return {**known, **found}


class InboxPage:
    """A page of the inbox (an `inbox(...).values(*INBOX_VALUES)` slice) read as plain values: an official's
    busiest page builds no model instances. `key` digests everything its rows show, and `rows` builds them
    only when asked, i.e. when the fragment cached under `key` is missing. `services` and `departments` map
    ids to names for those the page already lists; others are looked up."""

    def __init__(self, values, *, services: dict, departments: dict):
        from primaria.accounts.selectors import display_names
        from primaria.catalog.models import Service
        from primaria.institutions.models import Department

        self.values = list(values)
        services = _names(Service, [r["service_id"] for r in self.values], services, "name")
        departments = _names(Department, [r["department_id"] for r in self.values], departments, "name")
        assignees = display_names(r["assignee_id"] for r in self.values)
        self.names = [(services.get(r["service_id"], ""), departments.get(r["department_id"], ""),
                       assignees.get(r["assignee_id"], "")) for r in self.values]
        self.today = timezone.localdate()
        self.key = content_key(self.values, self.names, self.today)

    @cached_property
    def rows(self) -> list[InboxRow]:
        blank = str(uuid.UUID(int=0))
        link = reverse("office:request", args=[blank])
        labels = dict(Status.choices)
        today = self.today
        return [InboxRow(
            url=link.replace(blank, str(r["public_id"])),
            reference=format_reference(r["registry_entry__number"], r["registry_entry__registered_at"])
            if r["registry_entry__number"] else "",
            service=service, department=department, applicant=r["applicant__name"], status=r["status"],
            status_label=labels.get(r["status"], r["status"]), assignee=assignee, due_date=r["due_date"],
            paused=r["paused_on"] is not None, overdue=is_overdue(r["status"], r["paused_on"], r["due_date"], today),
        ) for r, (service, department, assignee) in zip(self.values, self.names, strict=True)]


def public_timeline(request):
    return request.timeline.filter(public=True).select_related("department")


def assignee_options(department_id):
    """The officials a request of the department may be handed to, each with whether they head it
    (`is_head`) and how many of its open requests they already hold (`open_count`), read in one query so
    that the list costs the same for a department of three or of thirty."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from primaria.institutions.models import Position, Role

    positions = Position.objects.filter(department_id=department_id, active=True)
    open_held = (Request.objects.filter(assignee=OuterRef("pk"), department_id=department_id, status__in=OPEN_STATUSES)
                 .order_by().values("assignee").annotate(n=Count("pk")).values("n"))
    officials = list(get_user_model().objects.filter(
        Exists(positions.filter(user=OuterRef("pk"), role__in=[Role.SPECIALIST, Role.HEAD]))
    ).annotate(
        is_head=Exists(positions.filter(user=OuterRef("pk"), role=Role.HEAD)),
        open_count=Coalesce(Subquery(open_held, output_field=IntegerField()), Value(0)),
    ).order_by("last_name", "first_name", "pk"))
    for official in officials:
        role = _("șef") if official.is_head else _("specialist")
        official.option_label = (f"{official.get_full_name() or official.email} – "
                                 f"{role}, {_in_progress(official.open_count)}")
    return officials


def _in_progress(count: int) -> str:
    """ "nicio cerere în lucru", "1 cerere", "4 cereri", "20 de cereri" (Romanian counts from 20 take "de")."""
    if count == 0:
        return _("nicio cerere în lucru")
    if not (get_language() or "ro").startswith("ro"):
        return ngettext("%(count)s cerere în lucru", "%(count)s cereri în lucru", count) % {"count": count}
    if count == 1:
        return "1 cerere în lucru"  # i18n: ro (Romanian counts)
    return f"{count} {'de ' if count % 100 >= 20 or count % 100 == 0 else ''}cereri în lucru"  # i18n: ro
