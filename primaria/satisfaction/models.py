"""The short survey after a request or a report is closed.

* `QuestionSet`: the survey's questions as data, versioned: publishing a change makes a new version, and every
  invitation keeps the version it was made with, so an old answer keeps the meaning of the questions it answered.
* `Invitation`: one per closed request or report (unique), to the applicant's e-mail and account, with the
  department, the service or the report's category it is counted under, and an expiry.
* `Answer`: at most one per invitation; the overall mark (1–5) is kept in its own column for the figures, the
  other answers as the question set's codes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from primaria.core.models import ProtectedRecord


class QuestionSet(models.Model):
    # [{"code": "overall", "label": "…", "type": "scale"|"yesno"|"choice"|"text", "choices": […], "required": true}]
    version = models.PositiveIntegerField(_("versiunea"), unique=True)
    questions = models.JSONField(_("întrebările"))
    note = models.CharField(_("ce s-a schimbat"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("publicată la"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("publicată de"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("set de întrebări")
        verbose_name_plural = _("seturile de întrebări ale chestionarului")
        ordering = ["-version"]

    def __str__(self):
        return gettext("Chestionarul, versiunea %(version)s") % {"version": self.version}


class Subject(models.TextChoices):
    REQUEST = "request", _("Cerere")
    REPORT = "report", _("Sesizare sau petiție")


class Invitation(ProtectedRecord):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(_("pentru"), max_length=10, choices=Subject.choices)
    request = models.OneToOneField("requests.Request", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="survey_invitation")
    report = models.OneToOneField("reports.Report", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="survey_invitation")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("institutions.Department", verbose_name=_("compartimentul"),
                                   on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("catalog.Service", verbose_name=_("serviciul"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey("reports.Category", verbose_name=_("categoria sesizării"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="survey_invitations")
    email = models.EmailField(_("e-mail"), blank=True)
    closed_at = models.DateTimeField(_("închisă la"))
    created_at = models.DateTimeField(_("trimisă la"), default=timezone.now)
    expires_at = models.DateTimeField(_("expiră la"))
    answered_at = models.DateTimeField(_("răspuns la"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitație la chestionar")
        verbose_name_plural = _("invitații la chestionar")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["institution", "closed_at"], name="survey_invitation_period_idx")]
        constraints = [
            models.CheckConstraint(condition=(Q(request__isnull=False) & Q(report__isnull=True))
                                   | (Q(request__isnull=True) & Q(report__isnull=False)),
                                   name="survey_invitation_one_subject"),
        ]

    def __str__(self):
        return gettext("Invitația %(id)s") % {"id": self.public_id}

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def open(self) -> bool:
        return self.answered_at is None and not self.expired

    @property
    def about(self) -> str:
        """What the survey is about, in the active language (names as written)."""
        if self.request_id:
            return gettext("cererea nr. %(reference)s – %(service)s") % {
                "reference": self.request.reference, "service": self.service.name if self.service_id else ""}
        return gettext("sesizarea %(reference)s – %(category)s") % {
            "reference": self.report.reference, "category": self.category.name if self.category_id else ""}


class Answer(ProtectedRecord):
    class Source(models.TextChoices):
        SURVEY = "survey", _("Chestionar")
        RATING = "rating", _("Nota dată rezolvării sesizării")

    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="answer")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="answers")
    overall = models.PositiveSmallIntegerField(_("satisfacția generală (1–5)"))
    values = models.JSONField(_("răspunsurile"), default=dict, blank=True)
    comment = models.CharField(_("comentariul"), max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SURVEY)
    answered_at = models.DateTimeField(_("răspuns la"), default=timezone.now)

    class Meta:
        verbose_name = _("răspuns la chestionar")
        verbose_name_plural = _("răspunsuri la chestionar")
        ordering = ["-answered_at"]
        constraints = [models.CheckConstraint(condition=Q(overall__gte=1, overall__lte=5),
                                              name="survey_answer_overall_1_5")]

    def __str__(self):
        return gettext("Răspunsul la %(invitation)s") % {"invitation": self.invitation_id}
