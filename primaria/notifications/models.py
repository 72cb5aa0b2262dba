from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one recipient on one channel, stored before it is sent (an outbox).

    It is stored with the event that has it sent (primaria.outbox): a worker sends it at least once after
    the transaction that created it commits, retrying failures with back-off; a message that could not be
    sent stays visible as failed here and in the outbox, with a "send again" action.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("De trimis")
        SENT = "sent", _("Trimisă")
        FAILED = "failed", _("Eșuată")

    channel = models.CharField(_("canal"), max_length=30, default="email")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    address = models.CharField(_("adresa"), max_length=254)
    template = models.CharField(_("șablon"), max_length=80)
    context = models.JSONField(_("date pentru șablon"), default=dict, blank=True)
    subject = models.CharField(_("subiect"), max_length=250, blank=True)
    body = models.TextField(_("conținut"), blank=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("stare"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("încercări"), default=0)
    last_error = models.TextField(_("ultima eroare"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(_("citită la"), null=True, blank=True)  # in-app notices ("Notificările mele")
    # The language the message is written in: the recipient's, or the one the page was in when they asked for it.
    language = models.CharField(_("limba"), max_length=8, blank=True)
    # The city hall the message is about: its links are written with its host name (`tenancy.site_url`).
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("notificare")
        verbose_name_plural = _("notificări")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox_idx")]

    def __str__(self):
        return f"{self.address}: {self.subject}"
