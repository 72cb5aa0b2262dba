"""The fiscal register (rol fiscal), the yearly rules, the debts and what extinguished them.

Every row that records a fiscal fact or a sum is a legal record (never deleted): a register change is a new
dated fact, a holding's end is a date on it, a changed rule is a new version, a recomputed debt is a
correction (a new debt or a reduction), a payment is an application with its allocations.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.models import ProtectedRecord

from . import engine


class ItemKind(models.TextChoices):
    BUILDING = engine.BUILDING, gettext_lazy("Clădire")
    LAND = engine.LAND, gettext_lazy("Teren")
    VEHICLE = engine.VEHICLE, gettext_lazy("Mijloc de transport")


class DebtKind(models.TextChoices):
    BUILDING = engine.BUILDING, gettext_lazy("Impozit/taxă pe clădiri")
    LAND = engine.LAND, gettext_lazy("Impozit/taxă pe teren")
    VEHICLE = engine.VEHICLE, gettext_lazy("Impozit pe mijloacele de transport")
    FINE = engine.FINE, gettext_lazy("Amendă contravențională")
    INCREASE = "majorare", gettext_lazy("Majorări de întârziere")


class Category(models.TextChoices):
    PRINCIPAL = engine.PRINCIPAL, gettext_lazy("obligație principală")
    ACCESSORY = engine.ACCESSORY, gettext_lazy("obligație accesorie")
    FINE = engine.FINE, gettext_lazy("amendă")


class RuleSet(ProtectedRecord):
    """One version of a year's rules, as the local council decided them (HCL). A change is a new version;
    the computation of a year reads its latest version, so a past year never changes behind its debts."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"),
                                    on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(gettext_lazy("anul fiscal"))
    version = models.PositiveSmallIntegerField(gettext_lazy("versiunea"))
    decision = models.CharField(gettext_lazy("hotărârea consiliului local"), max_length=200,
                                help_text=gettext_lazy("De exemplu „HCL nr. 123/15.12.2025”."))
    rules = models.JSONField(gettext_lazy("cote, valori, praguri, bonificație, reduceri"))
    note = models.CharField(gettext_lazy("ce s-a schimbat"), max_length=300, blank=True)
    demo = models.BooleanField(gettext_lazy("date demonstrative"), default=False,
                               help_text=gettext_lazy("Cifrele nu sunt ale unei hotărâri reale (orașul demonstrativ)."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=gettext_lazy("înregistrată de"))
    created_at = models.DateTimeField(gettext_lazy("înregistrată la"), default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("regulile unui an (HCL)")
        verbose_name_plural = gettext_lazy("regulile anilor (HCL)")
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["institution", "year", "version"], name="taxes_ruleset_unique")]

    def __str__(self):
        return f"{self.year} v{self.version} – {self.decision}{' (demo)' if self.demo else ''}"

    def as_rules(self) -> engine.Rules:
        return engine.Rules(self.year, self.rules)


class FiscalItem(ProtectedRecord):
    """A building, a plot of land or a vehicle in the register of one city hall (`institution`); its facts and
    holdings are of that city hall."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"),
                                    on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(gettext_lazy("felul"), max_length=10, choices=ItemKind.choices)
    label = models.CharField(gettext_lazy("adresa / numărul de înmatriculare"), max_length=300)
    identifier = models.CharField(gettext_lazy("nr. cadastral / serie șasiu"), max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("bun din evidența fiscală")
        verbose_name_plural = gettext_lazy("bunuri din evidența fiscală")
        ordering = ["kind", "label"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"


class ItemFact(ProtectedRecord):
    """What the register knows of an item from `valid_from` on: destination, areas, value, year, zone and
    rank, land category and location, vehicle type and engine capacity (`attrs`, keys in docs/taxes.md)."""

    item = models.ForeignKey(FiscalItem, on_delete=models.PROTECT, related_name="facts")
    valid_from = models.DateField(gettext_lazy("valabil de la"))
    attrs = models.JSONField(gettext_lazy("atribute"))
    source = models.CharField(gettext_lazy("sursa"), max_length=200)
    request = models.ForeignKey("requests.Request", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=gettext_lazy("declarația"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("date ale bunului")
        verbose_name_plural = gettext_lazy("date ale bunurilor")
        ordering = ["item_id", "valid_from", "pk"]

    def __str__(self):
        return _("%(item)s de la %(date)s") % {"item": self.item, "date": f"{self.valid_from:%d.%m.%Y}"}

    def as_fact(self) -> engine.Fact:
        return engine.Fact(self.valid_from, self.attrs)


class Holding(ProtectedRecord):
    """Who holds an item, from when to when: ownership with its share, or a concession, lease or use of public
    property (taxed by its months). A sale is the day on `ends_on`, and the buyer's own holding."""

    item = models.ForeignKey(FiscalItem, on_delete=models.PROTECT, related_name="holdings")
    party = models.ForeignKey("accounts.Party", on_delete=models.PROTECT, related_name="tax_holdings",
                              verbose_name=gettext_lazy("contribuabilul"))
    share = models.DecimalField(gettext_lazy("cota-parte"), max_digits=5, decimal_places=4, default=Decimal(1))
    starts_on = models.DateField(gettext_lazy("de la (dobândire)"))
    ends_on = models.DateField(gettext_lazy("până la (înstrăinare)"), null=True, blank=True)
    concession = models.BooleanField(gettext_lazy("concesiune, închiriere sau folosință a proprietății publice"), default=False)
    reduction = models.CharField(gettext_lazy("scutire / reducere (cod din HCL)"), max_length=40, blank=True)
    source = models.CharField(gettext_lazy("sursa"), max_length=200)
    request = models.OneToOneField("requests.Request", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=gettext_lazy("declarația"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("deținere")
        verbose_name_plural = gettext_lazy("dețineri")
        ordering = ["item_id", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(share__gt=0, share__lte=1), name="taxes_holding_share"),
            models.CheckConstraint(condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                                   name="taxes_holding_dates"),
        ]

    def __str__(self):
        return f"{self.party} – {self.item}"


class Emission(ProtectedRecord):
    """One computation of a year's debts (emiterea rolului) of one city hall, with the rules version it used (whose
    `institution` is that city hall)."""

    year = models.PositiveSmallIntegerField(gettext_lazy("anul fiscal"))
    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="emissions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    created = models.PositiveIntegerField(gettext_lazy("debite noi"), default=0)
    corrected = models.PositiveIntegerField(gettext_lazy("corecții"), default=0)

    class Meta:
        verbose_name = gettext_lazy("emiterea rolului")
        verbose_name_plural = gettext_lazy("emiterile rolului")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.year} ({self.at:%d.%m.%Y %H:%M})"


class Debt(ProtectedRecord):
    """An obligation of a party (obligație de plată): a tax term, a correction, a frozen increase or a fine.
    Each has its own payment reference (ISO 7064 MOD 97-10 check digits, references.py), unique on the whole
    installation; the debt is owed to one city hall's budget (`institution`), and its reductions and
    allocations with it."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"),
                                    on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("accounts.Party", on_delete=models.PROTECT, related_name="tax_debts")
    year = models.PositiveSmallIntegerField(gettext_lazy("anul"))
    item = models.ForeignKey(FiscalItem, null=True, blank=True, on_delete=models.PROTECT, related_name="debts")
    kind = models.CharField(gettext_lazy("felul"), max_length=10, choices=DebtKind.choices)
    category = models.CharField(gettext_lazy("categoria"), max_length=10, choices=Category.choices)
    term = models.PositiveSmallIntegerField(gettext_lazy("rata / luna"), default=1)
    monthly = models.BooleanField(gettext_lazy("lunar (concesiune, închiriere)"), default=False)
    amount = models.DecimalField(gettext_lazy("suma (lei)"), max_digits=14, decimal_places=2)
    due_date = models.DateField(gettext_lazy("scadența"))
    reference = models.CharField(gettext_lazy("referința de plată"), max_length=14, unique=True)
    executory = models.BooleanField(gettext_lazy("cu titlu executoriu"), default=False)
    title = models.CharField(gettext_lazy("actul"), max_length=200, blank=True,
                             help_text=gettext_lazy("Procesul-verbal de contravenție sau decizia de impunere."))
    title_key = models.CharField(max_length=500, blank=True)
    title_params = models.JSONField(default=dict, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="accessories",
                               verbose_name=gettext_lazy("obligația principală"))
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
                                 verbose_name=gettext_lazy("corectează"))
    emission = models.ForeignKey(Emission, null=True, blank=True, on_delete=models.PROTECT, related_name="debts")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("obligație de plată")
        verbose_name_plural = gettext_lazy("obligații de plată")
        ordering = ["party_id", "due_date", "pk"]
        indexes = [models.Index(fields=["party", "year"], name="taxes_debt_party_year_idx"),
                   models.Index(fields=["institution", "party"], name="taxes_debt_city_party_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="taxes_debt_positive")]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()} {self.year} – {self.amount} lei"


class Reduction(ProtectedRecord):
    """A debt lowered by a recomputation (a register change for a past year), never rewritten."""

    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="reductions")
    amount = models.DecimalField(gettext_lazy("suma (lei)"), max_digits=14, decimal_places=2)
    reason = models.CharField(gettext_lazy("motivul"), max_length=300)
    emission = models.ForeignKey(Emission, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("diminuare a unei obligații")
        verbose_name_plural = gettext_lazy("diminuări ale obligațiilor")

    def __str__(self):
        return _("−%(amount)s lei la %(debt)s") % {"amount": self.amount, "debt": self.debt_id}


class Account(models.Model):
    """A party's fiscal account with one city hall: the row locked while a payment or a recomputation changes its
    debts there, and the credit it has there (sumă de restituit sau de compensat)."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"),
                                    on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("accounts.Party", on_delete=models.PROTECT, related_name="tax_accounts")
    credit = models.DecimalField(gettext_lazy("sumă de restituit / compensat (lei)"), max_digits=14, decimal_places=2,
                                 default=Decimal(0))

    class Meta:
        verbose_name = gettext_lazy("cont fiscal")
        verbose_name_plural = gettext_lazy("conturi fiscale")
        constraints = [models.UniqueConstraint(fields=["institution", "party"], name="taxes_account_unique")]

    def __str__(self):
        return f"{self.party}"


class PaymentApplication(ProtectedRecord):
    """A payment received for a debt reference, distributed over the party's debts (once per payment and
    reference)."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"),
                                    on_delete=models.PROTECT, related_name="+")
    payment_id = models.BigIntegerField(gettext_lazy("plata"))
    reference = models.CharField(gettext_lazy("referința plătită"), max_length=14)
    party = models.ForeignKey("accounts.Party", on_delete=models.PROTECT, related_name="tax_payments")
    amount = models.DecimalField(gettext_lazy("suma (lei)"), max_digits=14, decimal_places=2)
    paid_at = models.DateTimeField(gettext_lazy("plătită la"))
    credit = models.DecimalField(gettext_lazy("rămas ca sumă de restituit (lei)"), max_digits=14, decimal_places=2,
                                 default=Decimal(0))
    source = models.CharField(gettext_lazy("prin"), max_length=40, default="plati")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("plată stinsă")
        verbose_name_plural = gettext_lazy("plăți stinse")
        ordering = ["-paid_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["payment_id", "reference"], name="taxes_payment_once")]

    def __str__(self):
        return f"Plata {self.payment_id}: {self.amount} lei"


class Allocation(ProtectedRecord):
    """The part of a payment (or of the bonificație) that extinguished one debt."""

    application = models.ForeignKey(PaymentApplication, on_delete=models.PROTECT, related_name="allocations")
    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(gettext_lazy("suma (lei)"), max_digits=14, decimal_places=2)
    bonus = models.BooleanField(gettext_lazy("bonificație"), default=False)
    order = models.PositiveSmallIntegerField(gettext_lazy("ordinea stingerii"), default=0)

    class Meta:
        verbose_name = gettext_lazy("stingere")
        verbose_name_plural = gettext_lazy("stingeri")
        ordering = ["application_id", "order"]
        constraints = [models.UniqueConstraint(fields=["application", "debt", "bonus"], name="taxes_allocation_once")]

    def __str__(self):
        if self.bonus:
            return _("%(amount)s lei (bonificație)") % {"amount": self.amount}
        return f"{self.amount} lei"


class CreditEntry(ProtectedRecord):
    """How the credit of an account came about: an overpayment, or a recomputation below what was paid."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("primăria"),
                                    on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("accounts.Party", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(gettext_lazy("suma (lei)"), max_digits=14, decimal_places=2)
    reason = models.CharField(gettext_lazy("motivul"), max_length=300)
    reason_key = models.CharField(max_length=500, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    application = models.ForeignKey(PaymentApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("sumă de restituit")
        verbose_name_plural = gettext_lazy("sume de restituit")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.amount} lei – {self.reason}"


class Certificate(ProtectedRecord):
    """A certificat de atestare fiscală issued automatically: its number is taken (and committed) first; the PDF is
    rendered and sealed with no lock held and linked here (`document`). Until then the certificate "is being
    prepared": a seal that failed is tried again by the outbox handler `taxes.seal_certificate`."""

    party = models.ForeignKey("accounts.Party", on_delete=models.PROTECT, related_name="+")
    registry_entry = models.OneToOneField("registry.RegistryEntry", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(gettext_lazy("scopul"), max_length=200)
    issued_on = models.DateField(gettext_lazy("emis la"))
    valid_until = models.DateField(gettext_lazy("valabil până la"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    document = models.OneToOneField("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="tax_certificate")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("certificat de atestare fiscală")
        verbose_name_plural = gettext_lazy("certificate de atestare fiscală")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Certificat nr. {self.registry_entry_id}"
