"""Reads: where a request stands in its process, in plain Romanian, and the state of each step."""

from django.utils import timezone
from django.utils.translation import gettext as _

from primaria.core.cache import Generation
from primaria.requests.models import OPEN_STATUSES

from .models import HUMAN_KINDS, Kind, ProcessInstance, WorkflowTask

# The open steps asked of a department other than the request's own (an opinion): kept in the shared cache
# until such a step is created, finished or deleted, or one of those requests moves to another department
# (workflow.apps and requests.apps connect the signals).
ASKED = Generation("steps-asked-elsewhere")


def step_changed(sender, instance, **kwargs):
    if instance.elsewhere:
        ASKED.changed()


def asked_of(department_ids) -> list[tuple[int, int]]:
    """(request id, the request's department) of the requests handled by another department that wait for a
    step (an opinion) of one of these."""
    def read():
        return list(WorkflowTask.objects.filter(department_id__in=department_ids, status=WorkflowTask.Status.READY,
                                                elsewhere=True)
                    .values_list("request_id", "request__department_id")[:1000])

    return ASKED.get(",".join(str(pk) for pk in sorted(department_ids)), read)


def requests_asked_of(department_ids) -> list[int]:
    return [request_id for request_id, _department in asked_of(department_ids)]


def instance_of(request) -> ProcessInstance | None:
    try:
        return request.process
    except ProcessInstance.DoesNotExist:
        return None


def current_tasks(request) -> list:
    return list(request.workflow_tasks.filter(status=WorkflowTask.Status.READY).select_related("department", "assignee")
                .order_by("pk"))


def current_step_label(request) -> str:
    """The step the request is at, for the applicant and the office: "Avizele compartimentelor: …"."""
    instance = instance_of(request)
    if instance is None:
        return ""
    ready = current_tasks(request)
    if not ready:
        return _("Procesul s-a încheiat.") if instance.finished else ""
    opinions = [t for t in ready if t.kind == Kind.OPINION]
    if opinions and len(opinions) == len(ready):
        return _("Avizele compartimentelor: %(departments)s") % {"departments": ", ".join(t.department.name for t in opinions)}
    if len(ready) == 1 and ready[0].kind == Kind.SIGNATURE:
        status = request.status
        if status == "pending_approval":
            return _("Semnarea răspunsului")
        return _("Redactarea răspunsului")
    return "; ".join(f"{t.label} – {t.department.name}" if t.department_id else t.label for t in ready)


def step_states(instance) -> dict:
    """{BPMN step id: "current" | "done" | "skipped"} for the instance's steps (the latest row per step wins)."""
    states = {}
    if instance is None:
        return states
    for task in instance.tasks.order_by("pk"):
        if task.status == WorkflowTask.Status.READY:
            states[task.step_id] = "current"
        elif task.status == WorkflowTask.Status.COMPLETED:
            states[task.step_id] = "done"
        else:
            states[task.step_id] = "skipped"
    return states


def overdue_steps(institution_ids, *, now=None):
    """Steps past their time limit (not suspended), the longest overdue first (a lazy queryset)."""
    return (WorkflowTask.objects.filter(
        status=WorkflowTask.Status.READY, kind__in=[*HUMAN_KINDS, Kind.SIGNATURE], due_at__lt=now or timezone.now(),
        paused_at__isnull=True, request__institution_id__in=list(institution_ids),
        request__status__in=OPEN_STATUSES, request__paused_on__isnull=True)
        .select_related("request__service", "request__registry_entry", "department", "assignee")
        .order_by("due_at", "pk"))
