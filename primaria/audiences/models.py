"""Audiences with the mayor, the deputy mayors and the heads of departments.

An audience request is a petition-like entry: it gets a number in the register when it is made. The mayor's
office (cabinetul primarului) accepts it with a slot from the official's audience hours, refuses it with
reasons, or sends it to the competent department as a request. The applicant confirms the slot; the official
holds the audience and records what was decided.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from primaria.core.models import ProtectedRecord

WEEKDAYS = [(0, _("luni")), (1, _("marți")), (2, _("miercuri")), (3, _("joi")), (4, _("vineri")), (5, _("sâmbătă")),
            (6, _("duminică"))]


class AudienceHours(models.Model):
    """When an official receives people in audience: one weekday, a time window cut into slots, a place."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("instituția"), on_delete=models.PROTECT,
                                    related_name="+")
    official = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("demnitarul sau funcționarul"),
                                 on_delete=models.PROTECT, related_name="audience_hours")
    title = models.CharField(_("funcția"), max_length=120, help_text=_("Cum apare pentru solicitanți, de ex. „Primar”."))
    weekday = models.PositiveSmallIntegerField(_("ziua"), choices=WEEKDAYS)
    starts_at = models.TimeField(_("de la ora"))
    ends_at = models.TimeField(_("până la ora"))
    slot_minutes = models.PositiveSmallIntegerField(_("durata unei audiențe (minute)"), default=15)
    location = models.CharField(_("locul"), max_length=200)
    active = models.BooleanField(_("în vigoare"), default=True)

    class Meta:
        verbose_name = _("program de audiențe")
        verbose_name_plural = _("programe de audiențe")
        ordering = ["official_id", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="audience_hours_order"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=240),
                                   name="audience_hours_slot_length"),
        ]

    def __str__(self):
        return f"{self.title}: {self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Topic(models.TextChoices):
    URBANISM = "urbanism", _("Urbanism și construcții")
    TAXES = "taxes", _("Impozite și taxe locale")
    SOCIAL = "social", _("Asistență socială")
    CIVIL = "civil", _("Stare civilă și evidența persoanelor")
    PUBLIC_DOMAIN = "public_domain", _("Domeniul public, străzi, spații verzi")
    TRANSPORT = "transport", _("Transport și circulație")
    ENVIRONMENT = "environment", _("Mediu și salubrizare")
    OTHER = "other", _("Altă problemă")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Înregistrată, în analiză la Cabinetul Primarului")
    PROPOSED = "proposed", _("Programare propusă, așteaptă confirmarea dumneavoastră")
    RESCHEDULE = "reschedule", _("Ați cerut altă programare")
    CONFIRMED = "confirmed", _("Programare confirmată")
    REFUSED = "refused", _("Respinsă")
    REFERRED = "referred", _("Trimisă compartimentului competent")
    HELD = "held", _("Audiență ținută")
    ABSENT = "absent", _("Nu v-ați prezentat")


# Statuses in which the audience holds its slot: no other audience may take it.
SLOT_STATUSES = (Status.PROPOSED, Status.CONFIRMED, Status.HELD, Status.ABSENT)
OPEN_STATUSES = (Status.REGISTERED, Status.PROPOSED, Status.RESCHEDULE, Status.CONFIRMED)


class Audience(ProtectedRecord):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey("accounts.Party", verbose_name=_("solicitantul"), on_delete=models.PROTECT,
                                  related_name="audiences")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("depusă de"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="audiences_filed")
    mandate = models.ForeignKey("accounts.Representation", verbose_name=_("în baza mandatului"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    registry_entry = models.ForeignKey("registry.RegistryEntry", verbose_name=_("înregistrarea"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    wanted_official = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cu cine a cerut audiența"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("domeniul"), max_length=20, choices=Topic.choices)
    topic = models.TextField(_("tema audienței"))
    preferred_days = models.JSONField(_("zilele preferate"), default=list, blank=True)
    status = models.CharField(_("starea"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    # The slot, once the mayor's office accepts the request.
    official = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("primește în audiență"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="audiences_held")
    hours = models.ForeignKey(AudienceHours, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("data și ora"), null=True, blank=True)
    location = models.CharField(_("locul"), max_length=200, blank=True)
    reminded_for = models.DateTimeField(_("memento trimis pentru"), null=True, blank=True)

    # What the office answered and what the audience decided.
    refusal_reason = models.TextField(_("motivul respingerii"), blank=True)
    referred_to = models.ForeignKey("institutions.Department", verbose_name=_("trimisă la"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    decision = models.TextField(_("ce s-a hotărât"), blank=True)
    follow_up = models.ForeignKey("requests.Request", verbose_name=_("cererea rezultată"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("audiență")
        verbose_name_plural = _("audiențe")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["official", "starts_at"], condition=Q(status__in=SLOT_STATUSES),
                                    name="audience_one_per_slot"),
        ]
        indexes = [models.Index(fields=["official", "starts_at"], name="audience_day_idx")]

    def __str__(self):
        return _("Audiența nr. %(reference)s") % {"reference": self.reference}

    @property
    def reference(self):
        return self.registry_entry.reference if self.registry_entry_id else "—"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class AudienceEvent(ProtectedRecord):
    """One line of an audience's history, in plain Romanian for the applicant unless `public` is false."""

    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField()
    action = models.CharField(max_length=40)
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    message = models.CharField(max_length=500)
    # The phrase the line was made from (primaria.core.phrases): each reader sees it in their language.
    message_key = models.CharField(max_length=500, blank=True)
    message_params = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(_("vizibil solicitantului"), default=True)

    class Meta:
        ordering = ["at", "pk"]

    @property
    def status_label(self) -> str:
        """The status the audience moved to, in the active language."""
        return Status(self.status_to).label if self.status_to in Status.values else self.status_to
