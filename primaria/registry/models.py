"""The electronic registry (registratură): the legal register of every document in and out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from primaria.core.models import ProtectedRecord


class RegisterCounter(models.Model):
    """The last number given in an institution's register in one calendar year.

    Numbers are taken by incrementing this row inside the transaction that creates the entry, so two
    filings can never get the same number and a rolled-back filing gives its number back (no gaps).
    """

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contor de registru")
        verbose_name_plural = _("contoare de registru")
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="register_counter_unique")]

    def __str__(self):
        return f"{self.institution_id}/{self.year}: {self.last_number}"


class Direction(models.TextChoices):
    INBOUND = "in", pgettext_lazy("sensul documentului", "Intrare")
    OUTBOUND = "out", pgettext_lazy("sensul documentului", "Ieșire")
    INTERNAL = "internal", _("Intern")


class Channel(models.TextChoices):
    ONLINE = "online", _("Portal online")
    COUNTER = "counter", _("Ghișeu")
    EMAIL = "email", _("E-mail")
    POST = "post", _("Poștă / curier")
    INTERNAL = "internal", _("Intern")


class RegistryEntry(ProtectedRecord):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("instituția"), on_delete=models.PROTECT, related_name="registry_entries")
    year = models.PositiveSmallIntegerField(_("anul"))
    number = models.PositiveIntegerField(_("numărul"))
    registered_at = models.DateTimeField(_("data înregistrării"))
    direction = models.CharField(_("sensul"), max_length=10, choices=Direction.choices)
    channel = models.CharField(_("canalul"), max_length=10, choices=Channel.choices)
    sender = models.CharField(_("emitentul"), max_length=250, blank=True)
    sender_reference = models.CharField(_("numărul emitentului"), max_length=60, blank=True)
    sender_date = models.DateField(_("data documentului emitentului"), null=True, blank=True)
    summary = models.CharField(_("conținutul pe scurt"), max_length=500)
    pages = models.PositiveIntegerField(_("număr de file"), default=1)
    annexes = models.CharField(_("anexe"), max_length=250, blank=True)
    department = models.ForeignKey(
        "institutions.Department", verbose_name=_("compartimentul căruia i s-a repartizat"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="registry_entries",
    )
    recipient = models.CharField(_("destinatarul"), max_length=250, blank=True)
    outcome = models.CharField(_("modul de rezolvare"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("data rezolvării / expedierii"), null=True, blank=True)
    in_reply_to = models.ForeignKey(
        "self", verbose_name=_("conexat cu"), null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("înregistrare")
        verbose_name_plural = _("registrul de intrare-ieșire")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["institution", "year", "number"], name="registry_number_unique")]
        indexes = [models.Index(fields=["institution", "-registered_at"], name="registry_recent_idx")]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return format_reference(self.number, self.registered_at)


def format_reference(number, registered_at) -> str:
    """How a registry number is written on documents: 1234/23.11.2026."""
    from django.utils import timezone

    return f"{number}/{timezone.localtime(registered_at):%d.%m.%Y}"
