"""The walk-in queue of a hall (bonuri de ordine), over the rows of `appointments`.

* `QueueService`: a service booked at the counters (`appointments.AppointmentService`) that also takes walk-in
  tickets, with the letter its numbers start with ("A017") and the serving time assumed until the hall has
  served some tickets of it.
* `TicketSequence`: one row per location, service and local date; locked while a number is issued, so that two
  kiosks never print the same number.
* `QueueDay`: one row per location and date; locked while a counter calls its next resident, so that two
  counters never call the same ticket.
* `Ticket`: one resident in the queue: `waiting` → `called` (at a counter; may be called again) → `served` or
  `no_show`. A resident with an appointment who is called through the queue gets a ticket too (tied to the
  appointment), so the display, the timings and the statistics treat everybody alike. What a day leaves open
  is closed the next night as `expired` (not an absence: nobody called it, or the counter left it open).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class QueueService(models.Model):
    service = models.OneToOneField("appointments.AppointmentService", verbose_name=_("serviciul"),
                                   on_delete=models.CASCADE, related_name="queue")
    letter = models.CharField(_("litera bonurilor"), max_length=1, unique=True,
                              help_text=_("Numerele bonurilor încep cu această literă, de exemplu „A017”."))
    default_minutes = models.PositiveSmallIntegerField(
        _("durata presupusă a servirii (minute)"), default=10,
        help_text=_("Folosită la estimarea așteptării până când s-au servit bonuri ale acestui serviciu."))
    active = models.BooleanField(_("se dau bonuri"), default=True)

    class Meta:
        verbose_name = _("serviciu cu bon de ordine")
        verbose_name_plural = _("servicii cu bon de ordine")
        ordering = ["letter"]

    def __str__(self):
        return f"{self.letter} – {self.service}"

    def clean(self):
        self.letter = (self.letter or "").upper()
        if not ("A" <= self.letter <= "Z") or self.letter == "P":
            raise ValidationError({"letter": _("Alegeți o literă de la A la Z, alta decât P (P marchează prioritatea).")})
        if not 1 <= (self.default_minutes or 0) <= 240:
            raise ValidationError({"default_minutes": _("Durata este între 1 și 240 de minute.")})


class TicketSequence(models.Model):
    """The last number issued for a service at a location on a date (the row locked while issuing)."""

    location = models.ForeignKey("appointments.Location", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("appointments.AppointmentService", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "service", "date"], name="ticket_sequence_unique")]

    def __str__(self):
        return f"{self.location_id}/{self.service_id}: {self.date:%d.%m.%Y} – {self.last_number}"


class QueueDay(models.Model):
    """The row locked while a counter of the location calls its next resident on that date."""

    location = models.ForeignKey("appointments.Location", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "date"], name="queue_day_unique")]

    def __str__(self):
        return f"{self.location_id}: {self.date:%d.%m.%Y}"


class Priority(models.TextChoices):
    NONE = "", _("Fără prioritate")
    ELDERLY = "elderly", _("Persoană vârstnică")
    DISABILITY = "disability", _("Persoană cu dizabilități")
    PREGNANT = "pregnant", _("Gravidă")


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Așteaptă")
    CALLED = "called", _("Chemat la ghișeu")
    SERVED = "served", _("Servit")
    NO_SHOW = "no_show", _("Absent")
    EXPIRED = "expired", _("Neservit (ziua s-a încheiat)")


class Ticket(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    location = models.ForeignKey("appointments.Location", verbose_name=_("locația"), on_delete=models.PROTECT,
                                 related_name="tickets")
    service = models.ForeignKey("appointments.AppointmentService", verbose_name=_("serviciul"), on_delete=models.PROTECT,
                                related_name="tickets")
    date = models.DateField(_("ziua"))
    number = models.PositiveIntegerField(_("numărul"), null=True, blank=True)
    code = models.CharField(_("bonul"), max_length=12)
    priority = models.CharField(_("prioritate"), max_length=12, choices=Priority.choices, blank=True, default="")
    appointment = models.OneToOneField("appointments.Appointment", verbose_name=_("programarea"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="ticket")
    status = models.CharField(_("starea"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING)
    issued_at = models.DateTimeField(_("emis la"))
    counter = models.ForeignKey("appointments.Counter", verbose_name=_("ghișeul"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="tickets")
    called_at = models.DateTimeField(_("chemat prima dată la"), null=True, blank=True)
    last_called_at = models.DateTimeField(_("chemat ultima dată la"), null=True, blank=True)
    calls = models.PositiveSmallIntegerField(_("de câte ori a fost chemat"), default=0)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    finished_at = models.DateTimeField(_("încheiat la"), null=True, blank=True)

    class Meta:
        verbose_name = _("bon de ordine")
        verbose_name_plural = _("bonuri de ordine")
        ordering = ["date", "issued_at", "pk"]
        indexes = [
            models.Index(fields=["location", "date", "status"], name="ticket_queue_idx"),
            models.Index(fields=["location", "last_called_at"], name="ticket_calls_idx"),
        ]
        constraints = [
            # The database's guard under the sequence's lock: one number per service, location and day.
            models.UniqueConstraint(fields=["location", "service", "date", "number"], condition=Q(number__isnull=False),
                                    name="ticket_number_unique"),
        ]

    def __str__(self):
        return self.code

    @property
    def is_priority(self) -> bool:
        return bool(self.priority)

    @property
    def spoken_code(self) -> str:
        """The code as a display announces it: letters apart, the number as a number ("P A 17")."""
        letters = "".join(ch for ch in self.code if ch.isalpha())
        digits = "".join(ch for ch in self.code if ch.isdigit())
        if self.appointment_id:
            return _("programarea %(code)s") % {"code": self.code}
        return " ".join(letters) + (f" {int(digits)}" if digits else "")

    @property
    def wait_seconds(self) -> float | None:
        return (self.called_at - self.issued_at).total_seconds() if self.called_at else None

    @property
    def serve_seconds(self) -> float | None:
        if self.status != TicketStatus.SERVED or not self.called_at or not self.finished_at:
            return None
        return (self.finished_at - self.called_at).total_seconds()
