import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from primaria.core import terms
from primaria.core.models import ProtectedRecord


class Status(models.TextChoices):
    DRAFT = "draft", _("Ciornă")
    REGISTERED = "registered", _("Înregistrată")
    IN_REVIEW = "in_review", _("În analiză")
    AWAITING_APPLICANT = "awaiting_applicant", _("Așteaptă completări")
    PENDING_APPROVAL = "pending_approval", _("La semnare")
    RESOLVED = "resolved", _("Soluționată")
    WITHDRAWN = "withdrawn", _("Retrasă")


OPEN_STATUSES = [Status.REGISTERED, Status.IN_REVIEW, Status.AWAITING_APPLICANT, Status.PENDING_APPROVAL]
CLOSED_STATUSES = [Status.RESOLVED, Status.WITHDRAWN]
UNREAD = object()  # a column not read with the row (QuerySet.only)


class Outcome(models.TextChoices):
    NONE = "", "—"
    GRANTED = "granted", _("Admisă")
    REJECTED = "rejected", _("Respinsă")


class Request(ProtectedRecord):
    """A request (cerere) from a person or a company for one service of the catalog."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="requests")
    service = models.ForeignKey("catalog.Service", verbose_name=_("serviciul"), on_delete=models.PROTECT, related_name="requests")
    applicant = models.ForeignKey("accounts.Party", verbose_name=_("solicitantul"), on_delete=models.PROTECT, related_name="requests")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("depusă de"), null=True, blank=True, on_delete=models.SET_NULL, related_name="filed_requests"
    )
    mandate = models.ForeignKey(
        "accounts.Representation", verbose_name=_("mandatul"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="requests", help_text=_("Mandatul sub care a fost depusă, când cel care a depus-o nu este solicitantul."),
    )
    login_method = models.CharField(_("autentificat prin"), max_length=20, blank=True)
    assurance_level = models.CharField(_("nivelul de încredere al autentificării"), max_length=20, blank=True)
    channel = models.CharField(_("canalul"), max_length=10, default="online")
    status = models.CharField(_("starea"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(_("soluția"), max_length=10, choices=Outcome.choices, blank=True, default="")
    data = models.JSONField(_("răspunsurile din formular"), default=dict, blank=True)
    urgent = models.BooleanField(_("regim de urgență"), default=False)

    registry_entry = models.OneToOneField(
        "registry.RegistryEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="request"
    )
    department = models.ForeignKey(
        "institutions.Department", verbose_name=_("compartimentul"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsabil"), null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_requests"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("depusă la"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("ultima schimbare de stare"), default=timezone.now)
    due_date = models.DateField(_("termen de soluționare"), null=True, blank=True)
    term_unit = models.CharField(max_length=10, choices=terms.UNITS, default=terms.CALENDAR)
    paused_on = models.DateField(_("termen suspendat din"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("soluționată la"), null=True, blank=True)

    completion_request = models.TextField(_("ce trebuie completat"), blank=True)
    proposed_outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    resolution_text = models.TextField(_("motivarea soluției"), blank=True)
    answer_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="answered_requests"
    )
    outbound_entry = models.OneToOneField(
        "registry.RegistryEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="answered_request"
    )
    claim_code = models.CharField(_("cod de revendicare"), max_length=12, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("prelungirea termenului (zile)"), default=0)
    reminded_for = models.DateField(_("memento trimis pentru termenul"), null=True, blank=True)
    escalated_for = models.DateField(_("escaladat pentru termenul"), null=True, blank=True)

    class Meta:
        verbose_name = _("cerere")
        verbose_name_plural = _("cereri")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="request_applicant_idx"),
            models.Index(fields=["department", "status", "due_date"], name="request_inbox_idx"),
            models.Index(fields=["assignee", "status", "due_date"], name="request_assignee_idx"),
            models.Index(fields=["institution", "status"], name="request_status_idx"),
            # Partial indexes over the few open requests among millions of closed ones: the department
            # inbox (by due date), the overview's list of open requests (by age) and its overdue list.
            models.Index(fields=["department", "due_date", "id"], name="request_open_inbox_idx",
                         condition=models.Q(status__in=OPEN_STATUSES)),
            models.Index(fields=["institution", "submitted_at", "id"], name="request_open_age_idx",
                         condition=models.Q(status__in=OPEN_STATUSES)),
            models.Index(fields=["institution", "due_date", "id"], name="request_open_due_idx",
                         condition=models.Q(status__in=OPEN_STATUSES, paused_on__isnull=True)),
            # Requests closed recently: the overview adds up those closed before today once a day and reads
            # only these with the open ones on every refresh.
            models.Index(fields=["institution", "status_changed_at"], name="request_closed_at_idx",
                         condition=models.Q(status__in=["resolved", "withdrawn"])),
        ]

    def __str__(self):
        return f"{self.service} – {self.reference or _('ciornă')}"

    @classmethod
    def kept(cls, queryset):
        """A draft is not a record yet (no number, nobody saw it): its applicant may throw it away."""
        return queryset.exclude(status=Status.DRAFT)

    @classmethod
    def from_db(cls, db, field_names, values):
        request = super().from_db(db, field_names, values)
        # Where the row stood when it was read: a change that moves it to another department or applicant
        # renews the cached inbox and list it left too (requests.signals).
        known = request.__dict__
        request._read_as = (known.get("department_id", UNREAD), known.get("status", UNREAD),
                             known.get("applicant_id", UNREAD))
        return request

    @property
    def reference(self):
        return self.registry_entry.reference if self.registry_entry_id else ""

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return is_overdue(self.status, self.paused_on, self.due_date, timezone.localdate())

    @property
    def days_in_current_state(self):
        return (timezone.now() - self.status_changed_at).days


class Attachment(ProtectedRecord):
    """A document from the applicant's folder attached to a request (uploaded now, or reused)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="attachments")
    required_document = models.ForeignKey(
        "catalog.RequiredDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    field_name = models.CharField(max_length=60, blank=True)
    reused = models.BooleanField(_("preluat din dosar"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anexă")
        verbose_name_plural = _("anexe")
        ordering = ["pk"]

    def __str__(self):
        return str(self.document)

    @classmethod
    def kept(cls, queryset):
        """What a filed request was filed with is part of it; a draft's attachments may still be swapped."""
        return queryset.exclude(request__status=Status.DRAFT)


class TimelineEvent(ProtectedRecord):
    """One step in a request's history. `message` is the plain-Romanian line the applicant reads; shown in the
    reader's language with `{{ event|translated_record }}`."""

    @classmethod
    def kept(cls, queryset):
        """A filed request's history is kept; a draft's goes with the draft."""
        return queryset.exclude(request__status=Status.DRAFT)

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40)
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey("institutions.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(max_length=500)
    # The phrase the line was made from, so each reader reads it in their language (primaria.core.phrases).
    message_key = models.CharField(max_length=500, blank=True)
    message_params = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("observații"), blank=True)
    public = models.BooleanField(_("vizibil solicitantului"), default=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"], name="timeline_request_idx")]

    def __str__(self):
        return self.message


def is_overdue(status, paused_on, due_date, today) -> bool:
    """An open request whose term is not suspended and ended before today."""
    return status in OPEN_STATUSES and paused_on is None and due_date is not None and due_date < today


class StagedUpload(models.Model):
    """A scanned file a counter clerk chose on a form that had errors: checked and stored once, kept until the
    clerk files the request (it then becomes the request's document) or a periodic job removes it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    slot = models.CharField(_("câmp"), max_length=100)
    document_id = models.UUIDField(_("identificatorul documentului"))
    file_name = models.CharField(_("fișier în stocare"), max_length=300)
    original_name = models.CharField(_("numele original"), max_length=250)
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dimensiune (octeți)"))
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(_("pagini"), default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("fișier păstrat la ghișeu")
        verbose_name_plural = _("fișiere păstrate la ghișeu")

    def __str__(self):
        return self.original_name
