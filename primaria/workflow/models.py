"""Processes as data: a BPMN 2.0 definition per service and version, the running instance of each request
(pinned to the version it started with) and the steps officials see and complete."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from primaria.core.models import ProtectedRecord


class Kind(models.TextChoices):
    CHECK = "check", _("Verificarea documentelor")
    ANALYSIS = "analysis", _("Analiza tehnică")
    OPINION = "opinion", _("Aviz")
    APPROVAL = "approval", _("Aprobare")
    SIGNATURE = "signature", _("Semnarea răspunsului")
    ISSUE = "issue", _("Emiterea răspunsului")
    ARCHIVE = "archive", _("Arhivarea")


# Steps completed by an official from the workflow panel; the others follow the request's own actions.
HUMAN_KINDS = {Kind.CHECK, Kind.ANALYSIS, Kind.OPINION, Kind.APPROVAL}


class ProcessDefinition(models.Model):
    """One version of a service's process. Requests keep the version they started with."""

    service = models.ForeignKey("catalog.Service", verbose_name=_("serviciul"), on_delete=models.CASCADE,
                                related_name="process_definitions")
    version = models.PositiveIntegerField(_("versiunea"))
    process_id = models.CharField(_("identificatorul procesului (BPMN)"), max_length=200)
    bpmn_xml = models.TextField(_("definiția BPMN 2.0 (XML)"))
    published_at = models.DateTimeField(_("publicată la"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("publicată de"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    is_current = models.BooleanField(_("versiunea curentă"), default=False)
    note = models.CharField(_("ce s-a schimbat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("proces (versiune)")
        verbose_name_plural = _("procese (versiuni)")
        ordering = ["service_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="process_definition_version_unique"),
            models.UniqueConstraint(fields=["service"], condition=models.Q(is_current=True),
                                    name="process_definition_one_current"),
        ]

    def __str__(self):
        return f"{self.service} – v{self.version}"


class ProcessInstance(ProtectedRecord):
    """The process of one request: the engine's serialized state, on the definition it started with."""

    request = models.OneToOneField("requests.Request", on_delete=models.CASCADE, related_name="process")
    definition = models.ForeignKey(ProcessDefinition, verbose_name=_("versiunea procesului"), on_delete=models.PROTECT,
                                   related_name="instances")
    # SpiffWorkflow's serializer output as JSON text: the engine relies on the order of its keys, which a
    # PostgreSQL jsonb column would not keep.
    state = models.TextField(_("starea motorului (SpiffWorkflow, JSON)"), blank=True)
    finished = models.BooleanField(_("încheiat"), default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proces al unei cereri")
        verbose_name_plural = _("procese ale cererilor")

    def __str__(self):
        return f"{self.request} ({self.definition})"


class WorkflowTask(ProtectedRecord):
    class Status(models.TextChoices):
        READY = "ready", _("De făcut")
        COMPLETED = "completed", _("Făcut")
        CANCELLED = "cancelled", _("Anulat")

    instance = models.ForeignKey(ProcessInstance, on_delete=models.CASCADE, related_name="tasks")
    request = models.ForeignKey("requests.Request", on_delete=models.CASCADE, related_name="workflow_tasks")
    spiff_task_id = models.UUIDField(unique=True)
    step_id = models.CharField(_("pasul (id BPMN)"), max_length=200)
    label = models.CharField(_("pasul"), max_length=200)
    kind = models.CharField(_("tipul"), max_length=12, choices=Kind.choices)
    department = models.ForeignKey("institutions.Department", verbose_name=_("compartimentul"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="workflow_tasks")
    # An opinion or another step asked of a department other than the competent one: that department then
    # sees the request too (requests.selectors.requests_for_official reads these through a small index).
    elsewhere = models.BooleanField(_("la alt compartiment decât cel competent"), default=False)
    rule = models.CharField(_("regula de repartizare"), max_length=200, default="queue")
    role = models.CharField(_("rolul"), max_length=30, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("funcționarul"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="workflow_tasks")
    status = models.CharField(_("starea"), max_length=10, choices=Status.choices, default=Status.READY)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(_("termenul pasului"), null=True, blank=True)
    # While the applicant completes the request the step's clock stops; on their answer due_at moves on by
    # the working time the pause lasted.
    paused_at = models.DateTimeField(_("suspendat de la"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("memento trimis la"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("semnalat șefului la"), null=True, blank=True)
    outcome = models.CharField(_("rezultatul"), max_length=20, blank=True)
    note = models.TextField(_("observații"), blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pas al procesului")
        verbose_name_plural = _("pași ai proceselor")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["department", "status"], name="wftask_department_idx",
                         condition=models.Q(status="ready")),
            models.Index(fields=["assignee", "status"], name="wftask_assignee_idx", condition=models.Q(status="ready")),
            models.Index(fields=["request", "status"], name="wftask_request_idx"),
            models.Index(fields=["due_at"], name="wftask_open_due_idx", condition=models.Q(status="ready")),
            models.Index(fields=["department"], name="wftask_asked_idx",
                         condition=models.Q(status="ready", elsewhere=True)),
        ]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_overdue(self):
        from django.utils import timezone

        return (self.status == self.Status.READY and self.paused_at is None and self.due_at is not None
                and self.due_at < timezone.now())
