"""Payments: what was paid, through which provider, for which items; what the providers told us.

Every row here is a financial record: never deleted (core.models.ProtectedRecord). States change only
through `payments.services`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from primaria.core.models import ProtectedRecord


class Status(models.TextChoices):
    INITIATED = "initiated", "Inițiată"
    PENDING = "pending", "În așteptare"
    CONFIRMED = "confirmed", "Confirmată"
    REJECTED = "rejected", "Respinsă"
    CANCELLED = "cancelled", "Anulată"
    PARTIALLY_REFUNDED = "partially_refunded", "Rambursată parțial"
    REFUNDED = "refunded", "Rambursată"


OPEN_STATUSES = [Status.INITIATED, Status.PENDING]
PAID_STATUSES = [Status.CONFIRMED, Status.PARTIALLY_REFUNDED, Status.REFUNDED]


def new_order_id() -> str:
    """The order number we give the provider: unique, and short enough for any gateway (NETOPIA: 64)."""
    return f"PD{timezone.now():%y%m%d}{uuid.uuid4().hex[:12].upper()}"


class Payment(ProtectedRecord):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey("accounts.Party", verbose_name="plătitorul", on_delete=models.PROTECT,
                              related_name="payments")
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="plătită de", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="payments")
    provider = models.CharField("modalitatea", max_length=30)
    amount = models.DecimalField("suma", max_digits=12, decimal_places=2)
    currency = models.CharField("moneda", max_length=3, default="RON")
    status = models.CharField("starea", max_length=20, choices=Status.choices, default=Status.INITIATED)
    order_id = models.CharField("numărul comenzii", max_length=64, unique=True, default=new_order_id)
    provider_reference = models.CharField(
        "referința procesatorului", max_length=80, blank=True,
        help_text="ntpID-ul tranzacției la NETOPIA, ori identificatorul tranzacției din extrasul bancar.")
    gateway_url = models.URLField("pagina de plată", max_length=500, blank=True)
    refunded_amount = models.DecimalField("suma rambursată", max_digits=12, decimal_places=2, default=0)
    reason = models.CharField("motivul", max_length=300, blank=True)
    created_at = models.DateTimeField("inițiată la", default=timezone.now)
    settled_at = models.DateTimeField("confirmată la", null=True, blank=True)
    checked_at = models.DateTimeField("ultima interogare a stării", null=True, blank=True)

    class Meta:
        verbose_name = "plată"
        verbose_name_plural = "plăți"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A provider's transaction (a card transaction, a bank statement line) is credited once.
            models.UniqueConstraint(fields=["provider", "provider_reference"], name="payment_provider_reference_unique",
                                    condition=~models.Q(provider_reference="")),
        ]
        indexes = [
            models.Index(fields=["party", "-created_at"], name="payment_party_idx"),
            models.Index(fields=["status", "created_at"], name="payment_open_idx",
                         condition=models.Q(status__in=["initiated", "pending"])),
            models.Index(fields=["settled_at"], name="payment_settled_idx"),
        ]

    def __str__(self):
        return f"Plata {self.order_id} ({self.amount} {self.currency}, {self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def refundable(self):
        return self.amount - self.refunded_amount if self.status in PAID_STATUSES else 0


class PaymentLine(ProtectedRecord):
    """One payable item paid by a payment (a payment of a basket has several)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="lines")
    source = models.CharField("sursa", max_length=40)
    reference = models.CharField("referința", max_length=64)
    label = models.CharField("descrierea", max_length=300)
    amount = models.DecimalField("suma", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "poziție plătită"
        verbose_name_plural = "poziții plătite"
        ordering = ["pk"]
        indexes = [models.Index(fields=["source", "reference"], name="payment_line_item_idx")]

    def __str__(self):
        return f"{self.label}: {self.amount}"


class Verdict(models.TextChoices):
    RECEIVED = "received", "Primită"
    ACCEPTED = "accepted", "Aplicată"
    REPEATED = "repeated", "Repetată (fără efect)"
    REFUSED = "refused", "Refuzată"
    FAILED = "failed", "Neprelucrată (se reia)"


class ProviderNotification(ProtectedRecord):
    """Every notification a provider sent us (NETOPIA's IPN), as it came, with what we made of it."""

    provider = models.CharField("procesatorul", max_length=30)
    received_at = models.DateTimeField("primită la", default=timezone.now)
    remote_addr = models.GenericIPAddressField("de la adresa", null=True, blank=True)
    headers = models.JSONField("antete", default=dict, blank=True)
    body = models.TextField("conținutul", blank=True)
    order_id = models.CharField("numărul comenzii", max_length=64, blank=True)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="notifications")
    verdict = models.CharField("rezultatul", max_length=10, choices=Verdict.choices, default=Verdict.RECEIVED)
    reason = models.CharField("motivul", max_length=500, blank=True)

    class Meta:
        verbose_name = "notificare de la procesator"
        verbose_name_plural = "notificări de la procesatori"
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.provider} {self.received_at:%d.%m.%Y %H:%M:%S} – {self.get_verdict_display()}"


class Refund(ProtectedRecord):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Cerută procesatorului"
        DONE = "done", "Efectuată"
        FAILED = "failed", "Refuzată de procesator"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField("suma", max_digits=12, decimal_places=2)
    reason = models.TextField("motivul")
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.REQUESTED)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="aprobată de", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    provider_reference = models.CharField("referința procesatorului", max_length=64, blank=True)
    error = models.CharField("eroarea", max_length=500, blank=True)
    created_at = models.DateTimeField("cerută la", default=timezone.now)
    done_at = models.DateTimeField("efectuată la", null=True, blank=True)

    class Meta:
        verbose_name = "rambursare"
        verbose_name_plural = "rambursări"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Rambursare {self.amount} – {self.get_status_display()}"


class BankStatement(ProtectedRecord):
    """A bank statement uploaded by the tax office (MT940 or CSV), kept as it came."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField("încărcat la", default=timezone.now)
    filename = models.CharField("fișierul", max_length=200)
    format = models.CharField("formatul", max_length=10)
    content = models.TextField("conținutul")

    class Meta:
        verbose_name = "extras de cont"
        verbose_name_plural = "extrase de cont"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({self.uploaded_at:%d.%m.%Y})"


class StatementLine(ProtectedRecord):
    class Status(models.TextChoices):
        MATCHED = "matched", "Plată înregistrată"
        UNMATCHED = "unmatched", "De verificat manual"

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    transaction_id = models.CharField("identificatorul tranzacției", max_length=80, unique=True)
    booked_on = models.DateField("data")
    amount = models.DecimalField("suma", max_digits=12, decimal_places=2)
    currency = models.CharField("moneda", max_length=3, default="RON")
    payer = models.CharField("plătitorul", max_length=200, blank=True)
    details = models.TextField("detaliile plății", blank=True)
    status = models.CharField("starea", max_length=10, choices=Status.choices)
    reason = models.CharField("de ce", max_length=300, blank=True)
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="statement_line")

    class Meta:
        verbose_name = "încasare din extras"
        verbose_name_plural = "încasări din extrase"
        ordering = ["-booked_on", "pk"]

    def __str__(self):
        return f"{self.booked_on:%d.%m.%Y} {self.amount} {self.currency} – {self.details[:60]}"


class ServiceFee(ProtectedRecord):
    """The fee (or the urgent fee) of a request, paid: the record of the "taxa-serviciu" payable source."""

    class Kind(models.TextChoices):
        FEE = "fee", "Taxa serviciului"
        URGENT = "urgent", "Taxa de urgență"

    request = models.ForeignKey("requests.Request", on_delete=models.PROTECT, related_name="fees_paid")
    kind = models.CharField("taxa", max_length=10, choices=Kind.choices)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="service_fees")
    amount = models.DecimalField("suma", max_digits=12, decimal_places=2)
    paid_at = models.DateTimeField("plătită la")

    class Meta:
        verbose_name = "taxă de serviciu plătită"
        verbose_name_plural = "taxe de serviciu plătite"
        constraints = [models.UniqueConstraint(fields=["request", "kind"], name="service_fee_once")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.amount} lei"


class ReceiptCounter(models.Model):
    """The last receipt number given by an institution in one calendar year (incremented under its row lock,
    like the register's counter: two receipts never share a number and a rolled-back one gives it back)."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "contor de chitanțe"
        verbose_name_plural = "contoare de chitanțe"
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="receipt_counter_unique")]

    def __str__(self):
        return f"{self.institution_id}/{self.year}: {self.last_number}"


class Receipt(ProtectedRecord):
    """The receipt (chitanța) of a confirmed payment: at most one per payment. Its number is taken first, the
    sealed PDF is made with no lock held and then linked (`document`), so a retry prints the same number."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    series = models.CharField("seria", max_length=20)
    year = models.PositiveSmallIntegerField("anul")
    number = models.PositiveIntegerField("numărul")
    issued_at = models.DateTimeField("emisă la", default=timezone.now)
    document = models.OneToOneField("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="receipt")

    class Meta:
        verbose_name = "chitanță"
        verbose_name_plural = "chitanțe"
        ordering = ["-issued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["institution", "year", "number"], name="receipt_number_unique")]

    def __str__(self):
        return f"Chitanța seria {self.series} nr. {self.number}"

    @property
    def label(self):
        return f"seria {self.series} nr. {self.number}/{self.year}"
