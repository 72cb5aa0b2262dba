"""Parking zones, the subscriptions the parking department sells in them, and the subscriptions bought.

Zones and types are edited by the parking department in the admin (through `parking.services`); a type's
price is copied onto each subscription when it is bought, so a later price change never alters what was
paid. A subscription is a financial record (never deleted): it waits for its payment, becomes paid when the
payment is confirmed, or lapses unpaid when it stayed in the basket too long.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.models import ProtectedRecord

from . import plates


class Period(models.TextChoices):
    MONTH = "month", gettext_lazy("o lună")
    QUARTER = "quarter", gettext_lazy("trei luni")
    YEAR = "year", gettext_lazy("un an")


class Zone(models.Model):
    """A parking zone of one city hall (`institution`); its subscription types and subscriptions are of that city
    hall. The code is unique within the city hall."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"),
                                    on_delete=models.PROTECT, related_name="+")
    code = models.CharField(gettext_lazy("codul"), max_length=10,
                            help_text=gettext_lazy("Cum apare pe indicatoare, de exemplu „Z1” sau „R-CENTRU”."))
    name = models.CharField(gettext_lazy("denumirea"), max_length=120)
    description = models.TextField(gettext_lazy("descrierea"), blank=True, help_text=gettext_lazy("Limitele zonei, orele în care se plătește."))
    residential = models.BooleanField(
        gettext_lazy("zonă de rezidență"), default=False,
        help_text=gettext_lazy("Locurile sunt rezervate locatarilor străzilor din zonă."))
    streets = models.TextField(
        gettext_lazy("străzile zonei"), blank=True,
        help_text=gettext_lazy("Câte o stradă pe rând, fără număr (de exemplu „Str. Mărășești”). Abonamentele de rezident "
                  "se dau doar celor care declară un domiciliu pe aceste străzi."))
    active = models.BooleanField(gettext_lazy("se vând abonamente"), default=True)

    class Meta:
        verbose_name = gettext_lazy("zonă de parcare")
        verbose_name_plural = gettext_lazy("zone de parcare")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="parking_zone_code_unique")]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def street_names(self) -> list[str]:
        return [line.strip() for line in self.streets.splitlines() if line.strip()]


class SubscriptionType(models.Model):
    zone = models.ForeignKey(Zone, verbose_name=gettext_lazy("zona"), on_delete=models.PROTECT, related_name="types")
    name = models.CharField(gettext_lazy("denumirea"), max_length=120)
    period = models.CharField(gettext_lazy("valabilitatea"), max_length=10, choices=Period.choices)
    price = models.DecimalField(gettext_lazy("prețul (lei)"), max_digits=10, decimal_places=2)
    residents_only = models.BooleanField(
        gettext_lazy("doar pentru locatarii zonei"), default=False,
        help_text=gettext_lazy("Cumpărătorul este o persoană fizică și declară pe propria răspundere un domiciliu pe o "
                  "stradă a zonei."))
    proof = models.CharField(
        gettext_lazy("documentul prezentat la control"), max_length=200, blank=True,
        help_text=gettext_lazy("De exemplu „certificatul de înmatriculare pe numele titularului”; cumpărătorul confirmă că "
                  "îl are. Gol: niciunul."))
    active = models.BooleanField(gettext_lazy("se vinde"), default=True)

    class Meta:
        verbose_name = gettext_lazy("tip de abonament")
        verbose_name_plural = gettext_lazy("tipuri de abonament")
        ordering = ["zone__code", "price"]

    def __str__(self):
        return f"{self.name} ({self.zone.code}, {self.get_period_display()}, {self.price} lei)"


class Status(models.TextChoices):
    PENDING = "pending", gettext_lazy("De plată")
    PAID = "paid", gettext_lazy("Plătit")
    LAPSED = "lapsed", gettext_lazy("Neplătit (anulat)")
    REFUSED = "refused", gettext_lazy("Plătit după anulare (se rambursează)")


class Subscription(ProtectedRecord):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey("accounts.Party", verbose_name=gettext_lazy("titularul"), on_delete=models.PROTECT,
                              related_name="parking_subscriptions")
    bought_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("cumpărat de"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    plate = models.CharField(gettext_lazy("numărul de înmatriculare"), max_length=12,
                             help_text=gettext_lazy("Fără spații, cu majuscule (de exemplu TM07XYZ)."))
    zone = models.ForeignKey(Zone, verbose_name=gettext_lazy("zona"), on_delete=models.PROTECT, related_name="subscriptions")
    type = models.ForeignKey(SubscriptionType, verbose_name=gettext_lazy("tipul"), on_delete=models.PROTECT,
                             related_name="subscriptions")
    price = models.DecimalField(gettext_lazy("prețul (lei)"), max_digits=10, decimal_places=2)
    starts_on = models.DateField(gettext_lazy("valabil de la"))
    ends_on = models.DateField(gettext_lazy("valabil până la (inclusiv)"))
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.PENDING)
    address = models.CharField(gettext_lazy("domiciliul declarat"), max_length=300, blank=True)
    renewal_of = models.ForeignKey("self", verbose_name=gettext_lazy("reînnoiește"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="renewals")
    created_at = models.DateTimeField(gettext_lazy("cerut la"), default=timezone.now)
    pay_by = models.DateTimeField(gettext_lazy("de plătit până la"),
                                  help_text=gettext_lazy("Neplătit până atunci, abonamentul se anulează și numărul rămâne liber."))
    payment = models.ForeignKey("payments.Payment", verbose_name=gettext_lazy("plata"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField(gettext_lazy("plătit la"), null=True, blank=True)
    reminded_at = models.DateTimeField(gettext_lazy("memento de reînnoire trimis la"), null=True, blank=True)
    closed_at = models.DateTimeField(gettext_lazy("anulat la"), null=True, blank=True)
    note = models.CharField(gettext_lazy("observații"), max_length=300, blank=True)
    note_key = models.CharField(max_length=500, blank=True)
    note_params = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = gettext_lazy("abonament de parcare")
        verbose_name_plural = gettext_lazy("abonamente de parcare")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["plate", "zone", "ends_on"], name="parking_plate_idx"),
            models.Index(fields=["party", "-starts_on"], name="parking_party_idx"),
            models.Index(fields=["status", "ends_on"], name="parking_status_idx"),
        ]

    def __str__(self):
        return _("Abonamentul %(reference)s (%(plate)s, %(zone)s)") % {
            "reference": self.reference, "plate": self.plate_display, "zone": self.zone.code}

    @property
    def reference(self) -> str:
        """The payment reference: PK and the id on seven digits (a payment order's details hold it)."""
        return f"PK{self.pk:07d}"

    @property
    def plate_display(self) -> str:
        return plates.display(self.plate)

    def state(self, today) -> tuple[str, str]:
        """(code, label) of where the subscription stands on `today`, for pages."""
        if self.status == Status.PAID:
            if today < self.starts_on:
                return "scheduled", _("Plătit, începe în curând")
            if today > self.ends_on:
                return "ended", _("Expirat")
            return "valid", _("Valabil")
        if self.status == Status.PENDING:
            return ("pending", _("De plată")) if timezone.now() < self.pay_by else ("lapsed", _("Neplătit (anulat)"))
        return self.status, self.get_status_display()
