"""Personal data (GDPR): consents to optional messages, exports of a person's data."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Optional messages a resident may agree to receive; nothing else needs consent (the law is the basis)."""

    NEWSLETTER = "newsletter", _("Buletin informativ")
    ALERTS = "alerte", _("Alerte (avarii, vreme severă, trafic)")


class ConsentText(models.Model):
    """The text a person agrees to for one purpose. A changed text is a new version; consents keep the text
    they were given for, word for word."""

    purpose = models.CharField(_("scopul"), max_length=20, choices=Purpose.choices)
    version = models.PositiveSmallIntegerField(_("versiunea"))
    text = models.TextField(_("textul"))
    published_at = models.DateTimeField(_("publicat la"), auto_now_add=True)

    class Meta:
        verbose_name = _("text de consimțământ")
        verbose_name_plural = _("texte de consimțământ")
        ordering = ["purpose", "-version"]
        constraints = [models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_version_unique")]

    def __str__(self):
        return f"{self.get_purpose_display()} v{self.version}"


class Consent(models.Model):
    """One consent: who agreed, to which text (copied here with its version), when, how and from where,
    and when it was withdrawn. A withdrawn consent stays as the record of both moments."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("persoana"), on_delete=models.CASCADE,
                             related_name="consents")
    purpose = models.CharField(_("scopul"), max_length=20, choices=Purpose.choices)
    text = models.TextField(_("textul acceptat"))
    text_version = models.PositiveSmallIntegerField(_("versiunea textului"))
    given_at = models.DateTimeField(_("dat la"))
    method = models.CharField(_("modul"), max_length=60)
    ip_address = models.GenericIPAddressField(_("adresa IP"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retras la"), null=True, blank=True)
    withdrawal_method = models.CharField(_("modul retragerii"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("consimțământ")
        verbose_name_plural = _("consimțăminte")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "purpose"], condition=models.Q(withdrawn_at__isnull=True),
                                    name="consent_one_active_per_purpose"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_purpose_display()}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


def export_path(export, filename):
    return f"exports/{export.public_id}.zip"


class DataExport(models.Model):
    """A copy of everything the platform holds about one person, as a ZIP built by a worker.

    Only its owner may download it (the link checks the signed-in account), and only until `expires_at`;
    the periodic clean-up removes the file afterwards.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Se pregătește")
        READY = "ready", _("Gata de descărcat")
        EXPIRED = "expired", _("Expirat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(_("starea"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("cerut la"), auto_now_add=True)
    ready_at = models.DateTimeField(_("gata la"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expiră la"), null=True, blank=True)
    file = models.FileField(_("arhiva"), upload_to=export_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("dimensiune (octeți)"), default=0)
    downloads = models.PositiveIntegerField(_("descărcări"), default=0)
    # The city hall whose site it was asked on: the link to it is sent on that city hall's address.
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("export de date personale")
        verbose_name_plural = _("exporturi de date personale")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="pending"),
                                    name="data_export_one_pending"),
        ]

    def __str__(self):
        return f"{self.user} {self.requested_at:%d.%m.%Y}"
