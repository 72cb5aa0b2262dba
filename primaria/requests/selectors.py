"""Read-side queries for requests: who may see what, inboxes and the applicant's list."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from primaria.accounts.selectors import party_ids_of
from primaria.institutions.selectors import visible_department_ids

from .models import OPEN_STATUSES, Request, Status


def requests_of_applicant(user):
    """The requests of the user and of the companies they represent (drafts included)."""
    return (
        Request.objects.filter(applicant_id__in=party_ids_of(user))
        .select_related("service", "applicant", "registry_entry", "department")
        .order_by("-created_at")
    )


def request_for_applicant(user, public_id) -> Request:
    request = requests_of_applicant(user).filter(public_id=public_id).first()
    if request is None:
        raise Http404("Cererea nu există.")
    return request


def requests_for_official(user):
    """Filed requests an official may see: their department's, or the whole institution's for wider roles, and
    those with an open process step for one of their departments (an opinion asked from another department)."""
    from primaria.workflow.models import WorkflowTask

    departments = visible_department_ids(user)
    # The few requests waiting for an opinion of these departments, as a list of ids: with a literal list the
    # database combines two index scans, where a subquery would make it filter every open request.
    asked = list(WorkflowTask.objects.filter(department_id__in=departments, status=WorkflowTask.Status.READY)
                 .exclude(request__department_id__in=departments).values_list("request_id", flat=True)[:1000])
    visible = Q(department_id__in=departments) | Q(pk__in=asked) if asked else Q(department_id__in=departments)
    return (
        Request.objects.exclude(status=Status.DRAFT)
        .filter(visible)
        .select_related("service", "applicant", "registry_entry", "department", "assignee")
    )


def request_for_official(user, public_id) -> Request:
    request = requests_for_official(user).filter(public_id=public_id).first()
    if request is None:
        raise Http404("Cererea nu există.")
    return request


def inbox(user, *, department_ids=None, status=None, service_id=None, assignee=None, overdue=False, query=""):
    """A department inbox: open requests first by due date; filters as the official chose them."""
    qs = requests_for_official(user)
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


def public_timeline(request):
    return request.timeline.filter(public=True).select_related("department")
