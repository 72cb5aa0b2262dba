"""The service catalog is data: a new service is configured in the admin, never coded."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from primaria.core import terms
from primaria.core.files import KINDS


class Category(models.Model):
    code = models.SlugField(_("cod"), unique=True)
    name = models.CharField(_("denumire"), max_length=120)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorii")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Service(models.Model):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("instituția"), on_delete=models.PROTECT, related_name="services")
    category = models.ForeignKey(Category, verbose_name=_("categoria"), on_delete=models.PROTECT, related_name="services")
    slug = models.SlugField(_("identificator în adresă"), max_length=120)
    name = models.CharField(_("denumire"), max_length=200)
    summary = models.CharField(_("pe scurt"), max_length=300)
    description = models.TextField(_("explicații pentru solicitanți"))
    legal_basis = models.CharField(_("temei legal"), max_length=300, blank=True)
    for_persons = models.BooleanField(_("pot depune persoanele fizice"), default=True)
    for_companies = models.BooleanField(_("pot depune persoanele juridice"), default=False)
    department = models.ForeignKey(
        "institutions.Department", verbose_name=_("compartimentul competent"), on_delete=models.PROTECT, related_name="services"
    )
    term_days = models.PositiveSmallIntegerField(_("termen legal (zile)"))
    term_unit = models.CharField(_("unitatea termenului"), max_length=10, choices=terms.UNITS, default=terms.CALENDAR)
    term_rule = models.CharField(
        _("regula de calcul a termenului"), max_length=20, choices=terms.RULE_CHOICES, default=terms.DEFAULT_RULE,
        help_text=_("Legea după care se calculează termenul (vezi docs/terms.md)."),
    )
    term_extension_days = models.PositiveSmallIntegerField(_("prelungire posibilă (zile)"), default=0)
    urgent_term_days = models.PositiveSmallIntegerField(_("termen de urgență (zile)"), null=True, blank=True)
    urgent_fee = models.DecimalField(_("taxă de urgență (lei)"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee = models.DecimalField(_("taxă (lei)"), max_digits=10, decimal_places=2, default=0)
    answer_title = models.CharField(_("titlul documentului emis"), max_length=200, blank=True)
    answer_body = models.TextField(_("textul documentului emis"), blank=True)
    keywords = models.CharField(
        _("cuvinte-cheie"), max_length=300, blank=True,
        help_text=_("Alte cuvinte după care oamenii caută serviciul, despărțite prin virgulă (de ex. buletin, CI)."),
    )
    active = models.BooleanField(_("publicat"), default=True)

    class Meta:
        verbose_name = _("serviciu")
        verbose_name_plural = _("servicii")
        ordering = ["category__order", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "slug"], name="service_slug_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.for_persons or self.for_companies):
            raise ValidationError(_("Serviciul trebuie să poată fi solicitat de persoane fizice, juridice sau ambele."))
        if (self.urgent_term_days is None) != (self.urgent_fee is None):
            raise ValidationError(_("Pentru regimul de urgență completați atât termenul, cât și taxa."))
        if self.urgent_term_days is not None and self.urgent_term_days >= self.term_days:
            raise ValidationError(_("Termenul de urgență trebuie să fie mai scurt decât termenul legal."))

    @property
    def offers_urgent(self):
        return self.urgent_term_days is not None

    def term_label(self, urgent=False):
        days = self.urgent_term_days if urgent else self.term_days
        if self.term_unit == terms.WORKING:
            return ngettext("%(count)s zi lucrătoare", "%(count)s zile lucrătoare", days) % {"count": days}
        return ngettext("%(count)s zi", "%(count)s zile calendaristice", days) % {"count": days}

    def accepts(self, party) -> bool:
        return self.for_companies if party.is_company else self.for_persons


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text scurt")
    LONG_TEXT = "long_text", _("Text lung")
    NUMBER = "number", _("Număr")
    DATE = "date", _("Dată")
    CHOICE = "choice", _("Alegere dintr-o listă")
    YES_NO = "yes_no", _("Da / Nu")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Telefon")
    CNP = "cnp", _("CNP")
    CUI = "cui", _("CUI")
    IBAN = "iban", _("IBAN")
    ADDRESS = "address", _("Adresă")
    FILE = "file", _("Fișier")


class FormField(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="fields")
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    name = models.SlugField(_("cheie"), max_length=60, help_text=_("Identificator tehnic, de ex. adresa_imobil."))
    label = models.CharField(_("etichetă"), max_length=200)
    help_text = models.CharField(_("indicații"), max_length=300, blank=True)
    kind = models.CharField(_("tip"), max_length=12, choices=FieldKind.choices)
    required = models.BooleanField(_("obligatoriu"), default=True)
    choices = models.TextField(_("variante (una pe rând)"), blank=True)
    max_length = models.PositiveIntegerField(_("lungime maximă"), null=True, blank=True)
    allowed_types = models.CharField(_("tipuri de fișier acceptate"), max_length=100, blank=True, help_text=_("De ex. pdf,jpeg,png"))
    max_size_mb = models.PositiveSmallIntegerField(_("dimensiune maximă (MB)"), null=True, blank=True)

    class Meta:
        verbose_name = _("câmp de formular")
        verbose_name_plural = _("câmpuri de formular")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="form_field_name_unique")]

    def __str__(self):
        return self.label

    def clean(self):
        if self.kind == FieldKind.CHOICE and not self.choice_list:
            raise ValidationError(_("Un câmp de tip alegere are nevoie de cel puțin o variantă."))
        unknown = set(self.allowed_kinds) - set(KINDS)
        if unknown:
            raise ValidationError(_("Tipuri de fișier necunoscute: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))})

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def allowed_kinds(self):
        return [k.strip() for k in self.allowed_types.split(",") if k.strip()]


class RequiredDocument(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    document_type = models.ForeignKey("documents.DocumentType", verbose_name=_("tipul documentului"), on_delete=models.PROTECT)
    required = models.BooleanField(_("obligatoriu"), default=True)
    note = models.CharField(_("indicații"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("document necesar")
        verbose_name_plural = _("documente necesare")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["service", "document_type"], name="required_document_unique")]

    def __str__(self):
        return str(self.document_type)


class SignerRole(models.TextChoices):
    SPECIALIST = "specialist", _("Specialistul care a întocmit")
    HEAD = "head", _("Șeful compartimentului")
    SECRETARY_GENERAL = "secretary_general", _("Secretarul general")
    MAYOR = "mayor", _("Primarul")


class ServiceSigner(models.Model):
    """Who signs the answer, in order: the first signs first."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="signers")
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    role = models.CharField(_("rol"), max_length=30, choices=SignerRole.choices)
    function = models.CharField(_("funcția"), max_length=120)
    capacity = models.CharField(_("calitatea în care semnează"), max_length=120)

    class Meta:
        verbose_name = _("semnatar")
        verbose_name_plural = _("semnatari")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.capacity} ({self.function})"


class SearchSynonym(models.Model):
    """A word or phrase people type and what the catalog search also looks for when they do.

    "divorț" → "desfacerea căsătoriei": a search for divorț also finds the services that speak only of the
    dissolution of a marriage. One direction only; the reverse is a row of its own. Both sides are compared
    as the search compares text (without diacritics, word endings folded: `primaria.search.text`).
    """

    term = models.CharField(_("se caută"), max_length=100, help_text=_("Cuvântul sau expresia tastată, de ex. divorț."))
    expansion = models.CharField(
        _("se caută și"), max_length=200, help_text=_("Ce se caută în plus, de ex. desfacerea căsătoriei."),
    )

    class Meta:
        verbose_name = _("sinonim pentru căutare")
        verbose_name_plural = _("sinonime pentru căutarea serviciilor")
        ordering = ["term", "expansion"]
        constraints = [models.UniqueConstraint(fields=["term", "expansion"], name="search_synonym_unique")]

    def __str__(self):
        return f"{self.term} → {self.expansion}"
