"""Local alerts (alerte locale): what the city hall announces on the map, and who wants to know.

Alerts and subscriptions belong to the city hall they were made on (`city_hall`, the root of an institution tree):
its pages, feeds and API show only its alerts, and an alert reaches only its own city hall's subscribers.

* `Alert`: planned works, a traffic restriction, a water, heating or power cut... as areas or lines (GeoJSON) with
  their period and issuing department. A draft becomes published; an update is a new version (and notifies again,
  saying what changed); it ends early or is cancelled. Alerts are kept (`ProtectedRecord`), their versions too
  (`AlertVersion`), so what residents were told stays on record.
* `Subscription`: an area drawn on the map, an address with a radius, or a district, with topics and channels;
  of an account, or of an e-mail address confirmed by a link (double opt-in). Its bounding box is kept in four
  columns, so matching an alert starts with an indexed database filter.
* `Phone`: a resident's mobile number for SMS, confirmed by a code sent by SMS.
* `AlertNotice`: one per alert version, subscriber and channel: the key that makes delivery idempotent.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from primaria.core.models import ProtectedRecord


class Topic(models.TextChoices):
    WORKS = "lucrari", _("Lucrări planificate")
    TRAFFIC = "circulatie", _("Restricții de circulație")
    WATER = "apa", _("Întrerupere apă")
    HEATING = "caldura", _("Întrerupere căldură / apă caldă")
    POWER = "curent", _("Întrerupere curent electric")
    GAS = "gaze", _("Întrerupere gaze naturale")
    WASTE = "salubrizare", _("Colectarea deșeurilor (program schimbat)")
    TRANSPORT = "transport", _("Transport public (trasee deviate)")
    EVENT = "eveniment", _("Evenimente publice (zone închise)")
    WEATHER = "vreme", _("Avertizări meteo și deszăpezire")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    INAPP = "inapp", _("În cont (Notificările mele)")
    SMS = "sms", _("SMS")


class AlertStatus(models.TextChoices):
    DRAFT = "draft", _("Ciornă")
    PUBLISHED = "published", _("Publicată")
    ENDED = "ended", _("Încheiată")
    CANCELLED = "cancelled", _("Anulată")


def _token():
    return secrets.token_urlsafe(18)


class Alert(ProtectedRecord):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), on_delete=models.PROTECT,
                                  related_name="+")
    topic = models.CharField(_("subiectul"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("titlul"), max_length=200)
    description = models.TextField(_("descrierea"), max_length=4000)
    geometry = models.JSONField(_("zona sau traseul (GeoJSON)"))
    min_lat = models.FloatField()
    max_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lon = models.FloatField()
    starts_at = models.DateTimeField(_("începe la"))
    ends_at = models.DateTimeField(_("se încheie la"))
    department = models.ForeignKey("institutions.Department", verbose_name=_("compartimentul emitent"),
                                   on_delete=models.PROTECT, related_name="alerts")
    status = models.CharField(_("starea"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.DRAFT)
    version = models.PositiveIntegerField(_("versiunea"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("publicată la"), null=True, blank=True)
    updated_at = models.DateTimeField(_("actualizată la"), null=True, blank=True)
    closed_at = models.DateTimeField(_("încheiată / anulată la"), null=True, blank=True)
    close_reason = models.CharField(_("motivul"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("alertă locală")
        verbose_name_plural = _("alerte locale")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["city_hall", "status", "ends_at", "starts_at"], name="alert_hall_current_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("alerts:detail", args=[self.public_id])

    @property
    def is_public(self) -> bool:
        return self.status != AlertStatus.DRAFT


class AlertVersion(ProtectedRecord):
    """What was published at each version, who did it and what changed (the alert's timeline)."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=12)  # publish, update, end, cancel
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changes = models.TextField(blank=True)  # as kept in Romanian; shown in the reader's language (changes_shown)
    changes_key = models.CharField(max_length=500, blank=True)
    changes_params = models.JSONField(default=dict, blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["version", "pk"]
        constraints = [models.UniqueConstraint(fields=["alert", "version"], name="alert_version_unique")]

    def __str__(self):
        return f"{self.alert_id} v{self.version} {self.action}"

    def changes_shown(self) -> str:
        """What changed, in the active language (`primaria.core.phrases`; an update lists the changed fields)."""
        from primaria.core.phrases import shown

        from .changes import describe

        if isinstance(self.changes_params, dict) and "changed" in self.changes_params:
            return describe(self.changes_params["changed"], self.changes_params.get("note", ""))
        return shown(self, "changes")


class Phone(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_phones")
    number = models.CharField(_("numărul de mobil"), max_length=16)
    code_hash = models.CharField(max_length=128, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("telefon pentru SMS")
        verbose_name_plural = _("telefoane pentru SMS")
        constraints = [models.UniqueConstraint(fields=["user", "number"], name="alert_phone_unique")]

    def __str__(self):
        return self.number

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class SubscriptionKind(models.TextChoices):
    AREA = "area", _("Zonă desenată pe hartă")
    ADDRESS = "address", _("Adresă și rază")
    DISTRICT = "district", _("Cartier")


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Așteaptă confirmarea e-mailului")
        ACTIVE = "active", _("Activă")

    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), on_delete=models.PROTECT,
                                  related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="alert_subscriptions")
    email = models.EmailField(_("e-mail (fără cont)"), blank=True)
    label = models.CharField(_("denumirea"), max_length=120, blank=True)
    kind = models.CharField(_("felul zonei"), max_length=10, choices=SubscriptionKind.choices)
    geometry = models.JSONField(_("zona (GeoJSON)"), null=True, blank=True)
    district = models.ForeignKey("reports.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(_("adresa"), max_length=250, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    radius_m = models.PositiveIntegerField(_("raza (metri)"), null=True, blank=True)
    min_lat = models.FloatField()
    max_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lon = models.FloatField()
    topics = models.JSONField(_("subiectele"), default=list)
    channels = models.JSONField(_("canalele"), default=list)
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.SET_NULL, related_name="subscriptions")
    status = models.CharField(_("starea"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # The language of the page it was made on: every message to it (confirmation, alerts) is written in it.
    language = models.CharField(_("limba"), max_length=8, blank=True)
    confirm_token = models.CharField(max_length=40, default=_token, unique=True)
    unsubscribe_token = models.CharField(max_length=40, default=_token, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("abonare la alerte")
        verbose_name_plural = _("abonări la alerte")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["city_hall", "status", "min_lat", "max_lat", "min_lon", "max_lon"],
                                name="alert_sub_hall_bbox_idx")]
        constraints = [models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(email=""),
                                              name="alert_sub_has_owner")]

    def __str__(self):
        return self.label or self.get_kind_display()

    @property
    def subscriber_key(self) -> str:
        return f"u{self.user_id}" if self.user_id else f"e:{self.email.lower()}"

    def topic_labels(self):
        return [Topic(t).label for t in self.topics if t in Topic.values]

    def channel_labels(self):
        return [Channel(c).label for c in self.channels if c in Channel.values]


class AlertNotice(models.Model):
    """One notice per alert version, subscriber and channel: the database refuses a second."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="notices")
    version = models.PositiveIntegerField()
    subscriber = models.CharField(max_length=270)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    notification = models.ForeignKey("notifications.Notification", null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "version", "subscriber", "channel"],
                                               name="alert_notice_once")]

    def __str__(self):
        return f"{self.alert_id} v{self.version} → {self.subscriber} ({self.channel})"
