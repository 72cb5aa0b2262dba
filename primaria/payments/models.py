"""Payments: what was paid, through which provider, for which items; what the providers told us.

Every row here is a financial record: never deleted (core.models.ProtectedRecord). States change only
through `payments.services`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.models import ProtectedRecord


class Status(models.TextChoices):
    INITIATED = "initiated", gettext_lazy("Inițiată")
    PENDING = "pending", gettext_lazy("În așteptare")
    CONFIRMED = "confirmed", gettext_lazy("Confirmată")
    REJECTED = "rejected", gettext_lazy("Respinsă")
    CANCELLED = "cancelled", gettext_lazy("Anulată")
    PARTIALLY_REFUNDED = "partially_refunded", gettext_lazy("Rambursată parțial")
    REFUNDED = "refunded", gettext_lazy("Rambursată")


OPEN_STATUSES = [Status.INITIATED, Status.PENDING]
PAID_STATUSES = [Status.CONFIRMED, Status.PARTIALLY_REFUNDED, Status.REFUNDED]


def new_order_id() -> str:
    """The order number we give the provider: unique, and short enough for any gateway (NETOPIA: 64)."""
    return f"PD{timezone.now():%y%m%d}{uuid.uuid4().hex[:12].upper()}"


class Payment(ProtectedRecord):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey("accounts.Party", verbose_name=gettext_lazy("plătitorul"), on_delete=models.PROTECT,
                              related_name="payments")
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("plătită de"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="payments")
    provider = models.CharField(gettext_lazy("modalitatea"), max_length=30)
    amount = models.DecimalField(gettext_lazy("suma"), max_digits=12, decimal_places=2)
    currency = models.CharField(gettext_lazy("moneda"), max_length=3, default="RON")
    status = models.CharField(gettext_lazy("starea"), max_length=20, choices=Status.choices, default=Status.INITIATED)
    order_id = models.CharField(gettext_lazy("numărul comenzii"), max_length=64, unique=True, default=new_order_id)
    provider_reference = models.CharField(
        gettext_lazy("referința procesatorului"), max_length=80, blank=True,
        help_text=gettext_lazy("ntpID-ul tranzacției la NETOPIA, ori identificatorul tranzacției din extrasul bancar."))
    gateway_url = models.URLField(gettext_lazy("pagina de plată"), max_length=500, blank=True)
    refunded_amount = models.DecimalField(gettext_lazy("suma rambursată"), max_digits=12, decimal_places=2, default=0)
    reason = models.CharField(gettext_lazy("motivul"), max_length=300, blank=True)
    created_at = models.DateTimeField(gettext_lazy("inițiată la"), default=timezone.now)
    settled_at = models.DateTimeField(gettext_lazy("confirmată la"), null=True, blank=True)
    checked_at = models.DateTimeField(gettext_lazy("ultima interogare a stării"), null=True, blank=True)
    # The city hall whose budget the payment goes to (its site, its bank statement, its counter).
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = gettext_lazy("plată")
        verbose_name_plural = gettext_lazy("plăți")
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

    def save(self, *args, **kwargs):
        if self.city_hall_id is None:  # made without naming it: the site's city hall, else the installation's
            from primaria.institutions import tenancy

            self.city_hall = tenancy.current() or tenancy.default_city_hall()
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def refundable(self):
        return self.amount - self.refunded_amount if self.status in PAID_STATUSES else 0


class PaymentLine(ProtectedRecord):
    """One payable item paid by a payment (a payment of a basket has several)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="lines")
    source = models.CharField(gettext_lazy("sursa"), max_length=40)
    reference = models.CharField(gettext_lazy("referința"), max_length=64)
    label = models.CharField(gettext_lazy("descrierea"), max_length=300)
    amount = models.DecimalField(gettext_lazy("suma"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = gettext_lazy("poziție plătită")
        verbose_name_plural = gettext_lazy("poziții plătite")
        ordering = ["pk"]
        indexes = [models.Index(fields=["source", "reference"], name="payment_line_item_idx")]

    def __str__(self):
        return f"{self.label}: {self.amount}"


class Verdict(models.TextChoices):
    RECEIVED = "received", gettext_lazy("Primită")
    ACCEPTED = "accepted", gettext_lazy("Aplicată")
    REPEATED = "repeated", gettext_lazy("Repetată (fără efect)")
    REFUSED = "refused", gettext_lazy("Refuzată")
    FAILED = "failed", gettext_lazy("Neprelucrată (se reia)")


class ProviderNotification(ProtectedRecord):
    """Every notification a provider sent us (NETOPIA's IPN), as it came, with what we made of it."""

    provider = models.CharField(gettext_lazy("procesatorul"), max_length=30)
    received_at = models.DateTimeField(gettext_lazy("primită la"), default=timezone.now)
    remote_addr = models.GenericIPAddressField(gettext_lazy("de la adresa"), null=True, blank=True)
    headers = models.JSONField(gettext_lazy("antete"), default=dict, blank=True)
    body = models.TextField(gettext_lazy("conținutul"), blank=True)
    order_id = models.CharField(gettext_lazy("numărul comenzii"), max_length=64, blank=True)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="notifications")
    verdict = models.CharField(gettext_lazy("rezultatul"), max_length=10, choices=Verdict.choices, default=Verdict.RECEIVED)
    reason = models.CharField(gettext_lazy("motivul"), max_length=500, blank=True)

    class Meta:
        verbose_name = gettext_lazy("notificare de la procesator")
        verbose_name_plural = gettext_lazy("notificări de la procesatori")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.provider} {self.received_at:%d.%m.%Y %H:%M:%S} – {self.get_verdict_display()}"


class Refund(ProtectedRecord):
    class Status(models.TextChoices):
        REQUESTED = "requested", gettext_lazy("Cerută procesatorului")
        DONE = "done", gettext_lazy("Efectuată")
        FAILED = "failed", gettext_lazy("Refuzată de procesator")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(gettext_lazy("suma"), max_digits=12, decimal_places=2)
    reason = models.TextField(gettext_lazy("motivul"))
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("aprobată de"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    provider_reference = models.CharField(gettext_lazy("referința procesatorului"), max_length=64, blank=True)
    error = models.CharField(gettext_lazy("eroarea"), max_length=500, blank=True)
    created_at = models.DateTimeField(gettext_lazy("cerută la"), default=timezone.now)
    done_at = models.DateTimeField(gettext_lazy("efectuată la"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("rambursare")
        verbose_name_plural = gettext_lazy("rambursări")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Rambursare {self.amount} – {self.get_status_display()}"


class BankStatement(ProtectedRecord):
    """A bank statement uploaded by the tax office (MT940 or CSV), kept as it came."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(gettext_lazy("încărcat la"), default=timezone.now)
    filename = models.CharField(gettext_lazy("fișierul"), max_length=200)
    format = models.CharField(gettext_lazy("formatul"), max_length=10)
    content = models.TextField(gettext_lazy("conținutul"))
    # The city hall whose bank account the statement is of (the tax office that uploaded it).
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = gettext_lazy("extras de cont")
        verbose_name_plural = gettext_lazy("extrase de cont")
        ordering = ["-uploaded_at", "-pk"]

    def save(self, *args, **kwargs):
        if self.city_hall_id is None:
            from primaria.institutions import tenancy

            self.city_hall = tenancy.current() or tenancy.default_city_hall()
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.filename} ({self.uploaded_at:%d.%m.%Y})"


class StatementLine(ProtectedRecord):
    class Status(models.TextChoices):
        MATCHED = "matched", gettext_lazy("Plată înregistrată")
        UNMATCHED = "unmatched", gettext_lazy("De verificat manual")

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    transaction_id = models.CharField(gettext_lazy("identificatorul tranzacției"), max_length=80, unique=True)
    booked_on = models.DateField(gettext_lazy("data"))
    amount = models.DecimalField(gettext_lazy("suma"), max_digits=12, decimal_places=2)
    currency = models.CharField(gettext_lazy("moneda"), max_length=3, default="RON")
    payer = models.CharField(gettext_lazy("plătitorul"), max_length=200, blank=True)
    details = models.TextField(gettext_lazy("detaliile plății"), blank=True)
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices)
    reason = models.CharField(gettext_lazy("de ce"), max_length=300, blank=True)
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="statement_line")

    class Meta:
        verbose_name = gettext_lazy("încasare din extras")
        verbose_name_plural = gettext_lazy("încasări din extrase")
        ordering = ["-booked_on", "pk"]

    def __str__(self):
        return f"{self.booked_on:%d.%m.%Y} {self.amount} {self.currency} – {self.details[:60]}"


class ServiceFee(ProtectedRecord):
    """The fee (or the urgent fee) of a request, paid: the record of the "taxa-serviciu" payable source."""

    class Kind(models.TextChoices):
        FEE = "fee", gettext_lazy("Taxa serviciului")
        URGENT = "urgent", gettext_lazy("Taxa de urgență")

    request = models.ForeignKey("requests.Request", on_delete=models.PROTECT, related_name="fees_paid")
    kind = models.CharField(gettext_lazy("taxa"), max_length=10, choices=Kind.choices)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="service_fees")
    amount = models.DecimalField(gettext_lazy("suma"), max_digits=12, decimal_places=2)
    paid_at = models.DateTimeField(gettext_lazy("plătită la"))

    class Meta:
        verbose_name = gettext_lazy("taxă de serviciu plătită")
        verbose_name_plural = gettext_lazy("taxe de serviciu plătite")
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
        verbose_name = gettext_lazy("contor de chitanțe")
        verbose_name_plural = gettext_lazy("contoare de chitanțe")
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="receipt_counter_unique")]

    def __str__(self):
        return f"{self.institution_id}/{self.year}: {self.last_number}"


class Receipt(ProtectedRecord):
    """The receipt (chitanța) of a confirmed payment: at most one per payment. Its number is taken first, the
    sealed PDF is made with no lock held and then linked (`document`), so a retry prints the same number."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(gettext_lazy("seria"), max_length=20)
    year = models.PositiveSmallIntegerField(gettext_lazy("anul"))
    number = models.PositiveIntegerField(gettext_lazy("numărul"))
    issued_at = models.DateTimeField(gettext_lazy("emisă la"), default=timezone.now)
    document = models.OneToOneField("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="receipt")

    class Meta:
        verbose_name = gettext_lazy("chitanță")
        verbose_name_plural = gettext_lazy("chitanțe")
        ordering = ["-issued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["institution", "year", "number"], name="receipt_number_unique")]

    def __str__(self):
        return _("Chitanța seria %(series)s nr. %(number)s") % {"series": self.series, "number": self.number}

    @property
    def label(self):
        return f"seria {self.series} nr. {self.number}/{self.year}"
