"""State changes of processes: publishing a version, starting a request's process, completing a step, and
following the request's own actions (propose → signature, issue → issue and archive, withdraw → cancel).

The request's status stays the business of primaria.requests.services; a process adds structure to the
time a request spends in review. Every step an official completes writes a public timeline line and an
audit entry through requests.services.note_step.

Locks are always taken in the same order: process instance → its tasks → the request (note_step).
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from primaria.audit.services import record
from primaria.core import rules, terms
from primaria.core.errors import DomainError
from primaria.core.phrases import phrase
from primaria.institutions.models import Department, Position, Role
from primaria.institutions.selectors import positions_of
from primaria.requests import services as request_services
from primaria.requests.models import OPEN_STATUSES, Request, Status

from . import engine
from .lines import LINES
from .models import HUMAN_KINDS, Kind, ProcessDefinition, ProcessInstance, WorkflowTask
from .selectors import ASKED

logger = logging.getLogger(__name__)

OPINION_OUTCOMES = {"favorabil": gettext_lazy("favorabil"), "favorabil_cu_conditii": gettext_lazy("favorabil cu condiții"),
                    "nefavorabil": gettext_lazy("nefavorabil")}
APPROVAL_OUTCOMES = {"aprobat": gettext_lazy("aprobat"), "respins": gettext_lazy("respins")}
INSTITUTION_ROLES = rules.INSTITUTION_WIDE_ACTORS


# --- definitions --------------------------------------------------------------------------------------


def publish(*, service, bpmn_xml, actor=None, note: str = "") -> ProcessDefinition:
    """Check a BPMN file and make it the service's current process, for requests filed from now on.

    Requests already running keep the version they started with.
    """
    if isinstance(bpmn_xml, bytes):
        try:
            bpmn_xml = bpmn_xml.decode("utf-8")
        except UnicodeDecodeError:
            raise DomainError(_("Fișierul nu este text UTF-8; încărcați un fișier .bpmn (XML)."))
    parsed = engine.parse(bpmn_xml)
    with transaction.atomic():
        # Lock the service's row so two uploads at once cannot take the same version number.
        type(service).objects.select_for_update().get(pk=service.pk)
        version = (ProcessDefinition.objects.filter(service=service).aggregate(v=Max("version"))["v"] or 0) + 1
        ProcessDefinition.objects.filter(service=service, is_current=True).update(is_current=False)
        definition = ProcessDefinition.objects.create(
            service=service, version=version, process_id=parsed.process_id, bpmn_xml=bpmn_xml,
            published_by=actor if getattr(actor, "is_authenticated", False) else None, is_current=True, note=note[:300],
        )
        record(actor=actor, action="workflow.publish", target=definition, institution_id=service.institution_id,
               version=version, process_id=parsed.process_id)
    return definition


def ensure_default_process(service, actor=None) -> ProcessDefinition:
    """The generated default process as version 1, unless the service already has a process."""
    from .defaults import default_bpmn

    current = ProcessDefinition.objects.filter(service=service, is_current=True).first()
    if current is not None:
        return current
    return publish(service=service, bpmn_xml=default_bpmn(service), actor=actor,
                   note="Procesul implicit, generat din catalog.")  # i18n: ro (the definition's record)


def current_definition(service) -> ProcessDefinition | None:
    return ProcessDefinition.objects.filter(service=service, is_current=True).first()


# --- the data a process decides on --------------------------------------------------------------------


def process_data(request: Request) -> dict:
    """What gateway conditions see: the form answers (numbers as numbers), `urgent` and `applicant_kind`."""
    from primaria.catalog.models import FieldKind

    data = {}
    kinds = {f.name: f.kind for f in request.service.fields.all()}
    for name, value in (request.data or {}).items():
        if name.isidentifier():
            data[name] = engine.number(value) if kinds.get(name) == FieldKind.NUMBER else value
    for name in kinds:
        data.setdefault(name, None)
    data.update(urgent=bool(request.urgent), applicant_kind=request.applicant.kind, channel=request.channel)
    return data


# --- starting ----------------------------------------------------------------------------------------


def start(*, request_id) -> ProcessInstance | None:
    """Start the request's process on the service's current version (once: a second call does nothing)."""
    with transaction.atomic():
        request = Request.objects.select_for_update(of=("self",)).select_related(
            "service", "applicant", "department", "institution").get(pk=request_id)
        existing = ProcessInstance.objects.filter(request=request).first()
        if existing is not None or request.status not in OPEN_STATUSES:
            return existing
        definition = current_definition(request.service)
        if definition is None:
            return None
        parsed = engine.parse_published(definition.bpmn_xml)
        workflow = engine.new_workflow(parsed.spec, process_data(request))
        try:
            with transaction.atomic():
                instance = ProcessInstance.objects.create(request=request, definition=definition, state="")
        except IntegrityError:  # started meanwhile by another process
            return ProcessInstance.objects.get(request=request)
        created = _sync(instance, workflow, request, parsed.steps)
        _save(instance, workflow)
        first = _ready_phrase(created)
        request_services.note_step(
            # Internal: the filing line already tells the applicant where the request went; their page names
            # the current step (workflow/_applicant.html).
            request_id=request.pk, actor=None, public=False, definition=definition.pk, version=definition.version,
            message=phrase(gettext_noop("Cererea urmează procesul serviciului (versiunea %(version)s). Primul pas: "
                                        "%(first)s."), version=definition.version, first=first),
        )
    return instance


# --- keeping the mirror of the engine's tasks --------------------------------------------------------


def _save(instance, workflow):
    instance.state = engine.dump(workflow)
    instance.finished = workflow.is_completed()
    instance.save(update_fields=["state", "finished", "updated_at"])


def _department_for(meta, request) -> Department:
    if meta.department:
        department = Department.objects.filter(institution_id=request.institution_id, code=meta.department.lower()).first()
        if department is not None:
            return department
        logger.warning("Compartimentul %s din procesul cererii %s nu există; pasul merge la %s", meta.department,
                       request.pk, request.department)
    return request.department


def _candidates(department, meta, request):
    """Officials who may do a step under its assignment rule (before anyone is named)."""
    positions = Position.objects.filter(active=True, department__institution_id=request.institution_id)
    if meta.role:
        positions = positions.filter(role=meta.role)
        if meta.role not in INSTITUTION_ROLES:
            positions = positions.filter(department=department)
    else:
        positions = positions.filter(department=department, role__in=[Role.SPECIALIST, Role.HEAD])
    return positions


def _assignee(department, meta, request):
    from primaria.accounts.models import User

    if meta.assign.startswith("user:"):
        return User.objects.filter(email__iexact=meta.assign[5:], is_active=True).first()
    if meta.assign == "least_loaded":
        users = (User.objects.filter(positions__in=_candidates(department, meta, request).filter(role=Role.SPECIALIST)
                                     if not meta.role else _candidates(department, meta, request))
                 .distinct()
                 .annotate(load=Count("workflow_tasks", filter=Q(workflow_tasks__status=WorkflowTask.Status.READY),
                                      distinct=True))
                 .order_by("load", "pk"))
        return users.first()
    return None


def _due(meta, request, now):
    """A step's time limit counts working time: days and hours on working days of the Romanian calendar."""
    limit = engine.parse_duration(meta.time_limit_urgent if request.urgent and meta.time_limit_urgent else meta.time_limit)
    return terms.add_working_time(now, limit) if limit else None


def _sync(instance, workflow, request, steps) -> list:
    """Mirror the engine's ready user tasks as WorkflowTask rows; returns the rows created."""
    now = timezone.now()
    ready = {t.id: t for t in engine.ready_tasks(workflow)}
    for row in instance.tasks.filter(status=WorkflowTask.Status.READY):
        if row.spiff_task_id not in ready:
            row.status = WorkflowTask.Status.CANCELLED
            row.save(update_fields=["status"])
    known = set(instance.tasks.values_list("spiff_task_id", flat=True))
    created = []
    for task_id, spiff_task in ready.items():
        if task_id in known:
            continue
        meta = steps.get(spiff_task.task_spec.name) or engine.StepMeta(
            step_id=spiff_task.task_spec.name, label=spiff_task.task_spec.bpmn_name or spiff_task.task_spec.name,
            kind=Kind.ANALYSIS)
        department = _department_for(meta, request)
        created.append(WorkflowTask.objects.create(
            instance=instance, request=request, spiff_task_id=task_id, step_id=meta.step_id, label=meta.label[:200],
            kind=meta.kind, department=department, rule=meta.assign, role=meta.role,
            elsewhere=department is not None and department.pk != request.department_id,
            assignee=_assignee(department, meta, request), due_at=_due(meta, request, now),
        ))
    return created


def _ready_phrase(tasks) -> str:
    """The ready steps in plain Romanian: "analiza tehnică la Direcția Urbanism" (a value of a kept line: the
    steps' names are the process's own, as written)."""
    tasks = list(tasks)
    opinions = [t for t in tasks if t.kind == Kind.OPINION]
    if len(opinions) > 1:
        return "avizele compartimentelor: " + ", ".join(t.department.name for t in opinions)  # i18n: ro
    return "; ".join(f"{_lower_first(t.label)} la {t.department.name}" if t.department_id else _lower_first(t.label)
                     for t in tasks) or "—"


def _lower_first(text):
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def _next(instance) -> tuple[str, dict]:
    """What follows in the process: (the LINES key's second part, its values)."""
    ready = list(instance.tasks.filter(status=WorkflowTask.Status.READY).select_related("department"))
    if not ready:
        return "end", {}
    opinions = [t for t in ready if t.kind == Kind.OPINION]
    if opinions and len(opinions) == len(ready):
        return "opinions", {"departments": ", ".join(t.department.name for t in opinions)}
    if len(ready) == 1 and ready[0].kind == Kind.SIGNATURE:
        return "sign", {}
    return "steps", {"steps": _ready_phrase(ready)}


def _done(task, outcome) -> tuple[str, dict]:
    """What the step did: (the LINES key's first part, its values)."""
    if task.step_id == "verificare" or (task.kind == Kind.CHECK and task.label == "Verificarea documentelor"):  # i18n: ro
        return "checked", {}
    if task.kind in (Kind.CHECK, Kind.ANALYSIS):
        return str(task.kind), {"label": task.label}
    if task.kind == Kind.APPROVAL:
        return f"approval:{outcome}", {"label": task.label}
    return f"opinion:{outcome}", {"department": task.department.name if task.department_id else ""}


def step_line(task, outcome, instance):
    """The history's line for a step done, with what comes next (workflow.lines)."""
    done, done_values = _done(task, outcome)
    following, next_values = _next(instance)
    return phrase(LINES[(done, following)], **done_values, **next_values)


# --- who may do a step ---------------------------------------------------------------------------------


def may_complete(user, task: WorkflowTask) -> bool:
    """Whether `user` may complete the step now (core.rules)."""
    return rules.can(user, task, "complete")


def tasks_for(user):
    """Ready steps the user may complete (their departments' queues, their role, or named for them)."""
    department_ids = {p.department_id for p in positions_of(user)}
    institution_ids = {p.department.institution_id for p in positions_of(user)}
    roles = {p.role for p in positions_of(user)} & INSTITUTION_ROLES
    candidates = (WorkflowTask.objects.filter(status=WorkflowTask.Status.READY, kind__in=list(HUMAN_KINDS))
                  .filter(Q(assignee=user) | Q(department_id__in=department_ids)
                          | Q(role__in=roles, request__institution_id__in=institution_ids))
                  .select_related("request__service", "request__registry_entry", "request__applicant", "department",
                                  "assignee")
                  .order_by("due_at", "pk"))
    # Steps that fall to the user, those waiting while the applicant completes the request included.
    return [t for t in candidates if rules.can(user, t, "handle")]


# --- completing a step -----------------------------------------------------------------------------------


def complete_step(*, actor, task_id, outcome: str = "", note: str = "", ip=None) -> WorkflowTask:
    """An official completes a step of a request's process; the engine moves to the next steps."""
    note = (note or "").strip()
    found = WorkflowTask.objects.filter(pk=task_id).values_list("instance_id", flat=True).first()
    if found is None:
        raise DomainError(_("Pasul nu există."))
    with transaction.atomic():
        instance = ProcessInstance.objects.select_for_update().select_related("definition").get(pk=found)
        task = (WorkflowTask.objects.select_for_update(of=("self",))
                .select_related("request__service", "request__applicant", "request__institution", "department")
                .get(pk=task_id))
        request = task.request
        rules.require(actor, task, "complete")
        choices = OPINION_OUTCOMES if task.kind == Kind.OPINION else APPROVAL_OUTCOMES if task.kind == Kind.APPROVAL else {}
        if choices and outcome not in choices:
            raise DomainError({"outcome": _("Alegeți rezultatul: %(choices)s.")
                               % {"choices": _(" sau ").join(str(c) for c in choices.values())}})
        if not choices:
            outcome = ""
        if outcome in ("nefavorabil", "respins"):
            note = rules.require_reason(note, field="note", what=_("Motivați rezultatul nefavorabil"))
        workflow = engine.load(instance.state)
        spiff_task = workflow.get_task_from_id(task.spiff_task_id)
        spiff_task.set_data(**{f"rezultat_{task.step_id}": outcome or "încheiat"})  # i18n: ro (process data)
        spiff_task.run()
        workflow.do_engine_steps()
        task.status = WorkflowTask.Status.COMPLETED
        task.outcome = outcome
        task.note = note
        task.completed_by = actor
        task.completed_at = timezone.now()
        task.save(update_fields=["status", "outcome", "note", "completed_by", "completed_at"])
        _sync(instance, workflow, request, engine.parse_published(instance.definition.bpmn_xml).steps)
        _save(instance, workflow)
        message = step_line(task, outcome, instance)
        request_services.note_step(request_id=request.pk, actor=actor, message=message, note=note, public=True,
                                   ip=ip, step=task.step_id, outcome=outcome, task=task.pk)
    return task


# --- following the request's own actions -----------------------------------------------------------------


def _advance_system(instance, workflow, request, steps, kinds, *, until_kind=None, reason=""):
    """Complete the ready engine tasks of `kinds` (and skip ready human steps, with `reason`) until a task of
    `until_kind` is ready or nothing of those kinds is left. Returns the steps skipped."""
    skipped = []
    for _attempt in range(50):
        ready = engine.ready_tasks(workflow)
        if until_kind and any(steps.get(t.task_spec.name) and steps[t.task_spec.name].kind == until_kind for t in ready):
            break
        todo = [t for t in ready if steps.get(t.task_spec.name) and steps[t.task_spec.name].kind in kinds]
        if not todo:
            break
        now = timezone.now()
        for spiff_task in todo:
            row = instance.tasks.filter(spiff_task_id=spiff_task.id).first()
            human = steps[spiff_task.task_spec.name].kind in HUMAN_KINDS
            spiff_task.set_data(**{f"rezultat_{spiff_task.task_spec.name}": "omis" if human else "încheiat"})  # i18n: ro
            spiff_task.run()
            if row is not None:
                row.status = WorkflowTask.Status.CANCELLED if human else WorkflowTask.Status.COMPLETED
                row.note = reason if human else row.note
                row.completed_at = now
                row.save(update_fields=["status", "note", "completed_at"])
                if human:
                    skipped.append(row)
        workflow.do_engine_steps()
        _sync(instance, workflow, request, steps)
    return skipped


def follow_request(*, request_id, action) -> ProcessInstance | None:
    """Keep the process in step with what happened to the request (called after the change commits)."""
    with transaction.atomic():
        instance = (ProcessInstance.objects.select_for_update().select_related("definition")
                    .filter(request_id=request_id).first())
        if instance is None or instance.finished:
            return instance
        if action in ("ask_completion", "complete"):
            _pause_or_resume_steps(instance, request_id, action)
            return instance
        request = Request.objects.select_related("department", "applicant", "service").get(pk=request_id)
        workflow = engine.load(instance.state)
        steps = engine.parse_published(instance.definition.bpmn_xml).steps
        human = set(HUMAN_KINDS)
        if action == "propose":
            skipped = _advance_system(instance, workflow, request, steps, human, until_kind=Kind.SIGNATURE,
                                      reason=gettext_noop("Răspunsul a fost trimis la semnare înainte de încheierea "
                                                          "pasului."))
            if skipped:
                request_services.note_step(
                    request_id=request.pk, actor=None, public=False,
                    message=phrase(gettext_noop("Răspunsul a fost trimis la semnare înainte de încheierea pașilor: "
                                                "%(steps)s."), steps=", ".join(t.label for t in skipped)))
        elif action == "issue" or request.status == Status.RESOLVED:
            _advance_system(instance, workflow, request, steps, human | {Kind.SIGNATURE, Kind.ISSUE, Kind.ARCHIVE},
                            reason=gettext_noop("Cererea a fost soluționată înainte de încheierea pasului."))
        elif request.status == Status.WITHDRAWN:
            workflow.cancel()
            instance.tasks.filter(status=WorkflowTask.Status.READY).update(
                status=WorkflowTask.Status.CANCELLED, note=gettext_noop("Cererea a fost retrasă."), completed_at=timezone.now())
            ASKED.changed()  # an update() sends no signals
            instance.state = engine.dump(workflow)
            instance.finished = True
            instance.save(update_fields=["state", "finished", "updated_at"])
            return instance
        else:
            return instance
        _save(instance, workflow)
    return instance


def _pause_or_resume_steps(instance, request_id, action):
    """Stop the clocks of the ready steps while the applicant completes the request; on their answer each
    step's due date moves on by the working time the pause lasted. The moments come from the request's
    timeline, so a late follow-up still counts exactly. Runs inside follow_request's transaction."""
    from primaria.requests.models import TimelineEvent

    event = TimelineEvent.objects.filter(request_id=request_id, action=action).order_by("-at", "-pk").first()
    if event is None:
        return
    ready = list(instance.tasks.select_for_update().filter(status=WorkflowTask.Status.READY).order_by("pk"))
    if action == "ask_completion":
        paused = [t for t in ready if t.paused_at is None]
        for task in paused:
            task.paused_at = event.at
            task.save(update_fields=["paused_at"])
        if any(t.due_at for t in paused):
            request_services.note_step(
                request_id=request_id, actor=None, public=False, tasks=[t.pk for t in paused],
                message=phrase(gettext_noop("Termenele pașilor în curs sunt suspendate până la răspunsul "
                                            "solicitantului: %(steps)s."),
                               steps=", ".join(t.label for t in paused if t.due_at)))
        return
    resumed = []
    for task in (t for t in ready if t.paused_at is not None):
        if task.due_at is not None:
            task.due_at = terms.add_working_time(task.due_at, terms.working_time_between(task.paused_at, event.at))
            # A new due date deserves its own reminder, and its own escalation if it passes too.
            task.reminded_at = None
            task.escalated_at = None
        task.paused_at = None
        task.save(update_fields=["due_at", "paused_at", "reminded_at", "escalated_at"])
        resumed.append(task)
    timed = [t for t in resumed if t.due_at is not None]
    if timed:
        request_services.note_step(
            request_id=request_id, actor=None, public=False, tasks=[t.pk for t in timed],
            message=phrase(gettext_noop("Termenele pașilor în curs au fost prelungite cu durata suspendării: "
                                        "%(steps)s."),
                           steps="; ".join(f"{t.label} – până la {timezone.localtime(t.due_at):%d.%m.%Y, %H:%M}"  # i18n: ro
                                           for t in timed)))


# --- time limits of steps: reminders and escalation ------------------------------------------------------

# A step's handlers are reminded when a quarter of its time limit is left, and at the latest one working day
# before it ends.
STEP_REMINDER_AT_MOST = timedelta(days=1)
# No run of non-working days is longer than this: the bound of the reminder query, refined per step.
LONGEST_NON_WORKING_RUN = timedelta(days=12)
TIMED_KINDS = [*HUMAN_KINDS, Kind.SIGNATURE]


def _open_timed_steps():
    return WorkflowTask.objects.filter(
        status=WorkflowTask.Status.READY, kind__in=TIMED_KINDS, due_at__isnull=False, paused_at__isnull=True,
        request__status__in=OPEN_STATUSES, request__paused_on__isnull=True)


def _reminder_window(task) -> timedelta:
    return min(STEP_REMINDER_AT_MOST, terms.working_time_between(task.created_at, task.due_at) / 4)


def steps_due_for_reminder(now=None) -> list:
    now = now or timezone.now()
    candidates = (_open_timed_steps().filter(reminded_at__isnull=True, due_at__gt=now,
                                             due_at__lte=now + STEP_REMINDER_AT_MOST + LONGEST_NON_WORKING_RUN)
                  .only("pk", "created_at", "due_at"))
    return [t.pk for t in candidates if terms.working_time_between(now, t.due_at) <= _reminder_window(t)]


def steps_due_for_escalation(now=None) -> list:
    now = now or timezone.now()
    return list(_open_timed_steps().filter(escalated_at__isnull=True, due_at__lt=now).values_list("pk", flat=True))


def responsible_for(task: WorkflowTask) -> list:
    """Who has to act on a step now: its named official, the signer whose turn it is, the request's
    specialist for the competent department's own steps, the holders of its role, else the heads who
    share out the step's department queue."""
    from primaria.documents.models import OutgoingDocument, SignatureStep
    from primaria.institutions.selectors import heads_of

    request = task.request
    if task.assignee_id:
        return [task.assignee]
    if task.kind == Kind.SIGNATURE:
        turn = (SignatureStep.objects.filter(document__request=request, status=SignatureStep.Status.CURRENT,
                                             document__status=OutgoingDocument.Status.SIGNING)
                .select_related("signer").order_by("-document_id").first())
        if turn is not None:
            return [turn.signer]
    if task.role:
        positions = Position.objects.filter(active=True, role=task.role, department__institution_id=request.institution_id)
        if task.role not in INSTITUTION_ROLES:
            positions = positions.filter(department_id=task.department_id)
        return _users_of(positions)
    if request.assignee_id and task.department_id in (None, request.department_id):
        return [request.assignee]
    return heads_of(task.department or request.department)


def _users_of(positions) -> list:
    users = {}
    for position in positions.select_related("user").order_by("pk"):
        if position.user.is_active:
            users.setdefault(position.user_id, position.user)
    return list(users.values())


def _escalation_to(task: WorkflowTask, responsible: list) -> list:
    """The heads of the step's department; for the heads' own steps the secretary general; for the
    secretary general's, the mayor."""
    from primaria.institutions.selectors import heads_of

    late = {u.pk for u in responsible}
    institution = task.request.institution_id
    for candidates in (
        lambda: heads_of(task.department or task.request.department),
        lambda: _users_of(Position.objects.filter(active=True, role=Role.SECRETARY_GENERAL,
                                                  department__institution_id=institution)),
        lambda: _users_of(Position.objects.filter(active=True, role=Role.MAYOR, department__institution_id=institution)),
    ):
        chosen = [u for u in candidates() if u.pk not in late]
        if chosen:
            return chosen
    return []


def _lock_step(task_id):
    """Lock a step for a scheduled change, in the usual order: process instance, then the step."""
    instance_id = WorkflowTask.objects.filter(pk=task_id).values_list("instance_id", flat=True).first()
    if instance_id is None:
        return None
    ProcessInstance.objects.select_for_update().get(pk=instance_id)
    return (WorkflowTask.objects.select_for_update(of=("self",))
            .select_related("request__service", "request__applicant", "request__institution", "request__department",
                            "request__assignee", "request__registry_entry", "department", "assignee")
            .get(pk=task_id))


def _still_running(task) -> bool:
    request = task.request
    return (task.status == WorkflowTask.Status.READY and task.kind in TIMED_KINDS and task.due_at is not None
            and task.paused_at is None and request.status in OPEN_STATUSES and request.paused_on is None)


def remind_step(*, task_id, now=None) -> WorkflowTask | None:
    """Tell whoever has to act on a step that its time limit ends soon (once per due date)."""
    from primaria.notifications.services import notify

    now = now or timezone.now()
    with transaction.atomic():
        task = _lock_step(task_id)
        if task is None or not _still_running(task) or task.reminded_at is not None or task.due_at <= now:
            return None
        officials = responsible_for(task)
        task.reminded_at = now
        task.save(update_fields=["reminded_at"])
        for official in officials:
            notify(address=official.email, recipient=official, template="step_reminder", related=task.request,
                   context={"request": task.request, "task": task, "official": official,
                            "due_at": _local(task.due_at)})
        names = ", ".join(u.get_full_name() for u in officials)
        request_services.note_step(
            request_id=task.request_id, actor=None, public=False, task=task.pk, step=task.step_id,
            message=phrase(gettext_noop("Memento: termenul pasului „%(step)s” expiră la %(due_at)s; anunțați: "
                                        "%(names)s."), step=task.label, due_at=_local(task.due_at), names=names)
            if names else phrase(gettext_noop("Memento: termenul pasului „%(step)s” expiră la %(due_at)s; anunțați: "
                                              "nimeni (niciun funcționar activ)."), step=task.label,
                                 due_at=_local(task.due_at)))
    return task


def escalate_step(*, task_id, now=None) -> WorkflowTask | None:
    """A step past its time limit goes up: to the head of its department (once per due date)."""
    from primaria.notifications.services import notify

    now = now or timezone.now()
    with transaction.atomic():
        task = _lock_step(task_id)
        if task is None or not _still_running(task) or task.escalated_at is not None or task.due_at >= now:
            return None
        responsible = responsible_for(task)
        bosses = _escalation_to(task, responsible)
        task.escalated_at = now
        task.save(update_fields=["escalated_at"])
        who = ", ".join(u.get_full_name() for u in responsible)
        for boss in bosses:
            notify(address=boss.email, recipient=boss, template="step_escalation", related=task.request,
                   context={"request": task.request, "task": task, "official": boss, "due_at": _local(task.due_at),
                            "responsible": who})
        names = ", ".join(u.get_full_name() for u in bosses)
        request_services.note_step(
            request_id=task.request_id, actor=None, public=False, task=task.pk, step=task.step_id,
            message=phrase(gettext_noop("Termenul pasului „%(step)s” (%(due_at)s) a fost depășit; pasul a fost "
                                        "semnalat: %(names)s."), step=task.label, due_at=_local(task.due_at),
                           names=names)
            if names else phrase(gettext_noop("Termenul pasului „%(step)s” (%(due_at)s) a fost depășit; pasul a "
                                              "fost semnalat: nimeni (niciun superior activ)."), step=task.label,
                                 due_at=_local(task.due_at)))
    return task


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y, %H:%M}"


def ensure_default_processes(services_qs=None) -> int:
    """The default process for every service that has none yet (the demo loader calls this)."""
    from primaria.catalog.models import Service

    count = 0
    for service in (services_qs if services_qs is not None else Service.objects.all()).select_related(
            "department", "institution"):
        if not ProcessDefinition.objects.filter(service=service).exists():
            ensure_default_process(service)
            count += 1
    return count
