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


class Event(models.Model):
    name = models.CharField("evenimentul", max_length=80)
    subject_type = models.CharField("obiectul", max_length=80, blank=True)
    subject_id = models.CharField("id-ul obiectului", max_length=64, blank=True)
    payload = models.JSONField("date", default=dict, blank=True)
    created_at = models.DateTimeField("înregistrat la", default=timezone.now)
    # The id of the web request (or job) that made the change: the worker logs its handlers' lines under it.
    request_id = models.CharField("cererea HTTP", max_length=64, blank=True, db_default="")

    class Meta:
        verbose_name = "eveniment"
        verbose_name_plural = "evenimente"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="outbox_event_subject_idx")]

    def __str__(self):
        return f"{self.name} {self.subject_type}#{self.subject_id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "De făcut"
        RUNNING = "running", "În lucru"
        DONE = "done", "Făcută"
        FAILED = "failed", "Eșuată"

    MAX_ATTEMPTS = 10

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="deliveries", verbose_name="evenimentul")
    handler = models.CharField("efectul", max_length=100)
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("încercări", default=0)
    available_at = models.DateTimeField("de făcut de la", default=timezone.now)
    lease_until = models.DateTimeField("rezervată până la", null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField("lucrătorul", max_length=100, blank=True)
    last_error = models.TextField("ultima eroare", blank=True)
    waiting = models.BooleanField(
        "așteaptă o condiție", default=False,
        help_text="Nu se poate face încă (de exemplu lipsește o poziție din nomenclator); nu consumă încercări.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField("făcută la", null=True, blank=True)

    class Meta:
        verbose_name = "efect al unui eveniment"
        verbose_name_plural = "efectele evenimentelor"
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
