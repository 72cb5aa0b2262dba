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

from primaria.core.models import ProtectedRecord

from . import plates


class Period(models.TextChoices):
    MONTH = "month", "o lună"
    QUARTER = "quarter", "trei luni"
    YEAR = "year", "un an"


class Zone(models.Model):
    code = models.CharField("codul", max_length=10, unique=True,
                            help_text="Cum apare pe indicatoare, de exemplu „Z1” sau „R-CENTRU”.")
    name = models.CharField("denumirea", max_length=120)
    description = models.TextField("descrierea", blank=True, help_text="Limitele zonei, orele în care se plătește.")
    residential = models.BooleanField(
        "zonă de rezidență", default=False,
        help_text="Locurile sunt rezervate locatarilor străzilor din zonă.")
    streets = models.TextField(
        "străzile zonei", blank=True,
        help_text="Câte o stradă pe rând, fără număr (de exemplu „Str. Mărășești”). Abonamentele de rezident "
                  "se dau doar celor care declară un domiciliu pe aceste străzi.")
    active = models.BooleanField("se vând abonamente", default=True)

    class Meta:
        verbose_name = "zonă de parcare"
        verbose_name_plural = "zone de parcare"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def street_names(self) -> list[str]:
        return [line.strip() for line in self.streets.splitlines() if line.strip()]


class SubscriptionType(models.Model):
    zone = models.ForeignKey(Zone, verbose_name="zona", on_delete=models.PROTECT, related_name="types")
    name = models.CharField("denumirea", max_length=120)
    period = models.CharField("valabilitatea", max_length=10, choices=Period.choices)
    price = models.DecimalField("prețul (lei)", max_digits=10, decimal_places=2)
    residents_only = models.BooleanField(
        "doar pentru locatarii zonei", default=False,
        help_text="Cumpărătorul este o persoană fizică și declară pe propria răspundere un domiciliu pe o "
                  "stradă a zonei.")
    proof = models.CharField(
        "documentul prezentat la control", max_length=200, blank=True,
        help_text="De exemplu „certificatul de înmatriculare pe numele titularului”; cumpărătorul confirmă că "
                  "îl are. Gol: niciunul.")
    active = models.BooleanField("se vinde", default=True)

    class Meta:
        verbose_name = "tip de abonament"
        verbose_name_plural = "tipuri de abonament"
        ordering = ["zone__code", "price"]

    def __str__(self):
        return f"{self.name} ({self.zone.code}, {self.get_period_display()}, {self.price} lei)"


class Status(models.TextChoices):
    PENDING = "pending", "De plată"
    PAID = "paid", "Plătit"
    LAPSED = "lapsed", "Neplătit (anulat)"
    REFUSED = "refused", "Plătit după anulare (se rambursează)"


class Subscription(ProtectedRecord):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey("accounts.Party", verbose_name="titularul", on_delete=models.PROTECT,
                              related_name="parking_subscriptions")
    bought_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="cumpărat de", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    plate = models.CharField("numărul de înmatriculare", max_length=12,
                             help_text="Fără spații, cu majuscule (de exemplu TM07XYZ).")
    zone = models.ForeignKey(Zone, verbose_name="zona", on_delete=models.PROTECT, related_name="subscriptions")
    type = models.ForeignKey(SubscriptionType, verbose_name="tipul", on_delete=models.PROTECT,
                             related_name="subscriptions")
    price = models.DecimalField("prețul (lei)", max_digits=10, decimal_places=2)
    starts_on = models.DateField("valabil de la")
    ends_on = models.DateField("valabil până la (inclusiv)")
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.PENDING)
    address = models.CharField("domiciliul declarat", max_length=300, blank=True)
    renewal_of = models.ForeignKey("self", verbose_name="reînnoiește", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="renewals")
    created_at = models.DateTimeField("cerut la", default=timezone.now)
    pay_by = models.DateTimeField("de plătit până la",
                                  help_text="Neplătit până atunci, abonamentul se anulează și numărul rămâne liber.")
    payment = models.ForeignKey("payments.Payment", verbose_name="plata", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField("plătit la", null=True, blank=True)
    reminded_at = models.DateTimeField("memento de reînnoire trimis la", null=True, blank=True)
    closed_at = models.DateTimeField("anulat la", null=True, blank=True)
    note = models.CharField("observații", max_length=300, blank=True)

    class Meta:
        verbose_name = "abonament de parcare"
        verbose_name_plural = "abonamente de parcare"
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["plate", "zone", "ends_on"], name="parking_plate_idx"),
            models.Index(fields=["party", "-starts_on"], name="parking_party_idx"),
            models.Index(fields=["status", "ends_on"], name="parking_status_idx"),
        ]

    def __str__(self):
        return f"Abonamentul {self.reference} ({self.plate_display}, {self.zone.code})"

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
                return "scheduled", "Plătit, începe în curând"
            if today > self.ends_on:
                return "ended", "Expirat"
            return "valid", "Valabil"
        if self.status == Status.PENDING:
            return ("pending", "De plată") if timezone.now() < self.pay_by else ("lapsed", "Neplătit (anulat)")
        return self.status, self.get_status_display()
