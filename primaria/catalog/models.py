"""The service catalog is data: a new service is configured in the admin, never coded."""

from django.core.exceptions import ValidationError
from django.db import models

from primaria.core import terms
from primaria.core.files import KINDS


class Category(models.Model):
    code = models.SlugField("cod", unique=True)
    name = models.CharField("denumire", max_length=120)
    order = models.PositiveSmallIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "categorie"
        verbose_name_plural = "categorii"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Service(models.Model):
    institution = models.ForeignKey("institutions.Institution", verbose_name="instituția", on_delete=models.PROTECT, related_name="services")
    category = models.ForeignKey(Category, verbose_name="categoria", on_delete=models.PROTECT, related_name="services")
    slug = models.SlugField("identificator în adresă", max_length=120)
    name = models.CharField("denumire", max_length=200)
    summary = models.CharField("pe scurt", max_length=300)
    description = models.TextField("explicații pentru solicitanți")
    legal_basis = models.CharField("temei legal", max_length=300, blank=True)
    for_persons = models.BooleanField("pot depune persoanele fizice", default=True)
    for_companies = models.BooleanField("pot depune persoanele juridice", default=False)
    department = models.ForeignKey(
        "institutions.Department", verbose_name="compartimentul competent", on_delete=models.PROTECT, related_name="services"
    )
    term_days = models.PositiveSmallIntegerField("termen legal (zile)")
    term_unit = models.CharField("unitatea termenului", max_length=10, choices=terms.UNITS, default=terms.CALENDAR)
    term_rule = models.CharField(
        "regula de calcul a termenului", max_length=20, choices=terms.RULE_CHOICES, default=terms.DEFAULT_RULE,
        help_text="Legea după care se calculează termenul (vezi docs/terms.md).",
    )
    term_extension_days = models.PositiveSmallIntegerField("prelungire posibilă (zile)", default=0)
    urgent_term_days = models.PositiveSmallIntegerField("termen de urgență (zile)", null=True, blank=True)
    urgent_fee = models.DecimalField("taxă de urgență (lei)", max_digits=10, decimal_places=2, null=True, blank=True)
    fee = models.DecimalField("taxă (lei)", max_digits=10, decimal_places=2, default=0)
    answer_title = models.CharField("titlul documentului emis", max_length=200, blank=True)
    answer_body = models.TextField("textul documentului emis", blank=True)
    keywords = models.CharField(
        "cuvinte-cheie", max_length=300, blank=True,
        help_text="Alte cuvinte după care oamenii caută serviciul, despărțite prin virgulă (de ex. buletin, CI).",
    )
    active = models.BooleanField("publicat", default=True)

    class Meta:
        verbose_name = "serviciu"
        verbose_name_plural = "servicii"
        ordering = ["category__order", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "slug"], name="service_slug_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.for_persons or self.for_companies):
            raise ValidationError("Serviciul trebuie să poată fi solicitat de persoane fizice, juridice sau ambele.")
        if (self.urgent_term_days is None) != (self.urgent_fee is None):
            raise ValidationError("Pentru regimul de urgență completați atât termenul, cât și taxa.")
        if self.urgent_term_days is not None and self.urgent_term_days >= self.term_days:
            raise ValidationError("Termenul de urgență trebuie să fie mai scurt decât termenul legal.")

    @property
    def offers_urgent(self):
        return self.urgent_term_days is not None

    def term_label(self, urgent=False):
        days = self.urgent_term_days if urgent else self.term_days
        unit = "zile lucrătoare" if self.term_unit == terms.WORKING else "zile calendaristice"
        if days == 1:
            unit = "zi lucrătoare" if self.term_unit == terms.WORKING else "zi"
        return f"{days} {unit}"

    def accepts(self, party) -> bool:
        return self.for_companies if party.is_company else self.for_persons


class FieldKind(models.TextChoices):
    TEXT = "text", "Text scurt"
    LONG_TEXT = "long_text", "Text lung"
    NUMBER = "number", "Număr"
    DATE = "date", "Dată"
    CHOICE = "choice", "Alegere dintr-o listă"
    YES_NO = "yes_no", "Da / Nu"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Telefon"
    CNP = "cnp", "CNP"
    CUI = "cui", "CUI"
    IBAN = "iban", "IBAN"
    ADDRESS = "address", "Adresă"
    FILE = "file", "Fișier"


class FormField(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="fields")
    order = models.PositiveSmallIntegerField("ordine", default=0)
    name = models.SlugField("cheie", max_length=60, help_text="Identificator tehnic, de ex. adresa_imobil.")
    label = models.CharField("etichetă", max_length=200)
    help_text = models.CharField("indicații", max_length=300, blank=True)
    kind = models.CharField("tip", max_length=12, choices=FieldKind.choices)
    required = models.BooleanField("obligatoriu", default=True)
    choices = models.TextField("variante (una pe rând)", blank=True)
    max_length = models.PositiveIntegerField("lungime maximă", null=True, blank=True)
    allowed_types = models.CharField("tipuri de fișier acceptate", max_length=100, blank=True, help_text="De ex. pdf,jpeg,png")
    max_size_mb = models.PositiveSmallIntegerField("dimensiune maximă (MB)", null=True, blank=True)

    class Meta:
        verbose_name = "câmp de formular"
        verbose_name_plural = "câmpuri de formular"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="form_field_name_unique")]

    def __str__(self):
        return self.label

    def clean(self):
        if self.kind == FieldKind.CHOICE and not self.choice_list:
            raise ValidationError("Un câmp de tip alegere are nevoie de cel puțin o variantă.")
        unknown = set(self.allowed_kinds) - set(KINDS)
        if unknown:
            raise ValidationError(f"Tipuri de fișier necunoscute: {', '.join(sorted(unknown))}.")

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def allowed_kinds(self):
        return [k.strip() for k in self.allowed_types.split(",") if k.strip()]


class RequiredDocument(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    order = models.PositiveSmallIntegerField("ordine", default=0)
    document_type = models.ForeignKey("documents.DocumentType", verbose_name="tipul documentului", on_delete=models.PROTECT)
    required = models.BooleanField("obligatoriu", default=True)
    note = models.CharField("indicații", max_length=300, blank=True)

    class Meta:
        verbose_name = "document necesar"
        verbose_name_plural = "documente necesare"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["service", "document_type"], name="required_document_unique")]

    def __str__(self):
        return str(self.document_type)


class SignerRole(models.TextChoices):
    SPECIALIST = "specialist", "Specialistul care a întocmit"
    HEAD = "head", "Șeful compartimentului"
    SECRETARY_GENERAL = "secretary_general", "Secretarul general"
    MAYOR = "mayor", "Primarul"


class ServiceSigner(models.Model):
    """Who signs the answer, in order: the first signs first."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="signers")
    order = models.PositiveSmallIntegerField("ordine", default=0)
    role = models.CharField("rol", max_length=30, choices=SignerRole.choices)
    function = models.CharField("funcția", max_length=120)
    capacity = models.CharField("calitatea în care semnează", max_length=120)

    class Meta:
        verbose_name = "semnatar"
        verbose_name_plural = "semnatari"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.capacity} ({self.function})"


class SearchSynonym(models.Model):
    """A word or phrase people type and what the catalog search also looks for when they do.

    "divorț" → "desfacerea căsătoriei": a search for divorț also finds the services that speak only of the
    dissolution of a marriage. One direction only; the reverse is a row of its own. Both sides are compared
    as the search compares text (without diacritics, word endings folded: `primaria.search.text`).
    """

    term = models.CharField("se caută", max_length=100, help_text="Cuvântul sau expresia tastată, de ex. divorț.")
    expansion = models.CharField(
        "se caută și", max_length=200, help_text="Ce se caută în plus, de ex. desfacerea căsătoriei.",
    )

    class Meta:
        verbose_name = "sinonim pentru căutare"
        verbose_name_plural = "sinonime pentru căutarea serviciilor"
        ordering = ["term", "expansion"]
        constraints = [models.UniqueConstraint(fields=["term", "expansion"], name="search_synonym_unique")]

    def __str__(self):
        return f"{self.term} → {self.expansion}"
