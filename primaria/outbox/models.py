"""The transactional outbox: what a change implies, recorded in the change's own transaction.

* `Event`: one thing that happened (a request filed, a step done, a document signed), written by the domain
  function that made the change, in the same transaction. If the change rolls back, so does the event; if
  it commits, the event is there, whatever happens to the process afterwards.
* `Delivery`: one event for one handler (start the process, archive, send the e-mail, renew a cache),
  created with the event. A worker carries it out at least once: it takes a lease, runs the handler and
  marks it done; a worker that dies leaves a lease that runs out, and the delivery is taken again. Handlers
  are idempotent, so a second run changes nothing. Failures are retried with back-off and, after
  MAX_ATTEMPTS, stay failed where the admin and the health page show them, with a "retry" action.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class Event(models.Model):
    name = models.CharField(gettext_lazy("evenimentul"), max_length=80)
    subject_type = models.CharField(gettext_lazy("obiectul"), max_length=80, blank=True)
    subject_id = models.CharField(gettext_lazy("id-ul obiectului"), max_length=64, blank=True)
    payload = models.JSONField(gettext_lazy("date"), default=dict, blank=True)
    created_at = models.DateTimeField(gettext_lazy("înregistrat la"), default=timezone.now)
    # The id of the web request (or job) that made the change: the worker logs its handlers' lines under it.
    request_id = models.CharField(gettext_lazy("cererea HTTP"), max_length=64, blank=True, db_default="")

    class Meta:
        verbose_name = gettext_lazy("eveniment")
        verbose_name_plural = gettext_lazy("evenimente")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="outbox_event_subject_idx")]

    def __str__(self):
        return f"{self.name} {self.subject_type}#{self.subject_id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("De făcut")
        RUNNING = "running", gettext_lazy("În lucru")
        DONE = "done", gettext_lazy("Făcută")
        FAILED = "failed", gettext_lazy("Eșuată")

    MAX_ATTEMPTS = 10

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="deliveries", verbose_name=gettext_lazy("evenimentul"))
    handler = models.CharField(gettext_lazy("efectul"), max_length=100)
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("încercări"), default=0)
    available_at = models.DateTimeField(gettext_lazy("de făcut de la"), default=timezone.now)
    lease_until = models.DateTimeField(gettext_lazy("rezervată până la"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(gettext_lazy("lucrătorul"), max_length=100, blank=True)
    last_error = models.TextField(gettext_lazy("ultima eroare"), blank=True)
    waiting = models.BooleanField(
        gettext_lazy("așteaptă o condiție"), default=False,
        help_text=gettext_lazy("Nu se poate face încă (de exemplu lipsește o poziție din nomenclator); nu consumă încercări."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(gettext_lazy("făcută la"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("efect al unui eveniment")
        verbose_name_plural = gettext_lazy("efectele evenimentelor")
        ordering = ["-pk"]
        constraints = [models.UniqueConstraint(fields=["event", "handler"], name="outbox_delivery_unique")]
        indexes = [
            # The worker's queries: what is due, whose lease ran out, what one handler has waiting.
            models.Index(fields=["available_at"], name="outbox_due_idx",
                         condition=models.Q(status="pending")),
            models.Index(fields=["lease_until"], name="outbox_lease_idx",
                         condition=models.Q(status="running")),
            models.Index(fields=["handler", "status"], name="outbox_handler_idx"),
        ]

    def __str__(self):
        return f"{self.handler} ← {self.event_id} ({self.get_status_display()})"
