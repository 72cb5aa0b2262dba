from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class Institution(models.Model):
    """The city hall (UAT) or one of its subordinate institutions; each keeps its own registry."""

    code = models.SlugField(gettext_lazy("cod"), max_length=20, unique=True)
    name = models.CharField(gettext_lazy("denumire"), max_length=200)
    short_name = models.CharField(gettext_lazy("denumire scurtă"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=gettext_lazy("instituția coordonatoare"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="subordinates",
    )
    cui = models.CharField(gettext_lazy("CUI"), max_length=12, blank=True)
    address = models.CharField(gettext_lazy("adresa"), max_length=300)
    phone = models.CharField(gettext_lazy("telefon"), max_length=40, blank=True)
    email = models.EmailField(gettext_lazy("e-mail"), blank=True)
    website = models.URLField(gettext_lazy("site"), blank=True)
    county = models.CharField(gettext_lazy("județ"), max_length=60, blank=True)
    coat_of_arms = models.FileField(
        gettext_lazy("stema sau sigla"), upload_to="institutions/", blank=True,
        help_text=gettext_lazy("SVG sau PNG; apare în antetul documentelor emise."),
    )
    register_prefix = models.CharField(
        gettext_lazy("prefix număr de înregistrare"), max_length=20, blank=True,
        help_text=gettext_lazy("Apare înaintea numărului, de exemplu „PMD” în PMD-1234/23.11.2026."),
    )

    class Meta:
        verbose_name = gettext_lazy("instituție")
        verbose_name_plural = gettext_lazy("instituții")
        ordering = ["parent_id", "name"]

    def __str__(self):
        return self.name


class HostName(models.Model):
    """A host name a city hall is served on: one installation can host many city halls (a county hosting its
    communes), each on its own name. A request's host decides which city hall every page and API call serves
    (`primaria.institutions.tenancy`); an installation with a single city hall needs none."""

    host = models.CharField(
        gettext_lazy("nume de domeniu"), max_length=253, unique=True,
        help_text=gettext_lazy("Fără protocol și fără port, de exemplu „primaria.comuna-beta.ro”."),
    )
    institution = models.ForeignKey(Institution, verbose_name=gettext_lazy("primăria"), on_delete=models.PROTECT,
                                    related_name="host_names", limit_choices_to={"parent__isnull": True})
    primary = models.BooleanField(gettext_lazy("adresa principală"), default=False,
                                  help_text=gettext_lazy("Folosită în legăturile trimise prin e-mail."))

    class Meta:
        verbose_name = gettext_lazy("nume de domeniu")
        verbose_name_plural = gettext_lazy("nume de domeniu")
        ordering = ["institution_id", "-primary", "host"]

    def __str__(self):
        return self.host


class Department(models.Model):
    institution = models.ForeignKey(Institution, verbose_name=gettext_lazy("instituție"), on_delete=models.PROTECT, related_name="departments")
    code = models.SlugField(gettext_lazy("cod"), max_length=20)
    name = models.CharField(gettext_lazy("denumire"), max_length=200)
    head_title = models.CharField(gettext_lazy("funcția conducătorului"), max_length=100, default="Director executiv")
    floor_office = models.CharField(gettext_lazy("birou"), max_length=100, blank=True)
    phone = models.CharField(gettext_lazy("telefon"), max_length=40, blank=True)
    email = models.EmailField(gettext_lazy("e-mail"), blank=True)
    is_registry = models.BooleanField(gettext_lazy("este registratura"), default=False)

    class Meta:
        verbose_name = gettext_lazy("compartiment")
        verbose_name_plural = gettext_lazy("compartimente")
        ordering = ["institution_id", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="department_code_unique")]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    REGISTRY_CLERK = "registry_clerk", gettext_lazy("Registratură")
    SPECIALIST = "specialist", gettext_lazy("Specialist")
    HEAD = "head", gettext_lazy("Șef de compartiment")
    SECRETARY_GENERAL = "secretary_general", gettext_lazy("Secretar general")
    MAYOR = "mayor", gettext_lazy("Primar")
    DEPUTY_MAYOR = "deputy_mayor", gettext_lazy("Viceprimar")
    IT_ADMIN = "it_admin", gettext_lazy("Administrator IT")


# Roles that see every department of their institution, not only their own.
INSTITUTION_WIDE_ROLES = {Role.SECRETARY_GENERAL, Role.MAYOR, Role.DEPUTY_MAYOR, Role.REGISTRY_CLERK}


class Position(models.Model):
    """An official's role in a department; one person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("funcționar"), on_delete=models.CASCADE, related_name="positions")
    department = models.ForeignKey(Department, verbose_name=gettext_lazy("compartiment"), on_delete=models.PROTECT, related_name="positions")
    role = models.CharField(gettext_lazy("rol"), max_length=30, choices=Role.choices)
    function = models.CharField(gettext_lazy("funcția"), max_length=120, help_text=gettext_lazy("Cum apare pe documente, de ex. „Inspector de specialitate”."))
    active = models.BooleanField(gettext_lazy("activ"), default=True)

    class Meta:
        verbose_name = gettext_lazy("funcție")
        verbose_name_plural = gettext_lazy("funcții")
        constraints = [models.UniqueConstraint(fields=["user", "department", "role"], name="position_unique")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.department}"

    @property
    def institution(self):
        return self.department.institution


class Delegation(models.Model):
    """An official's signing and approval rights handed to a deputy for a date range.

    While it runs, the deputy signs in the principal's place and the documents show the capacity in
    which they sign, e.g. "p. Primar, Viceprimar".
    """

    principal = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("titularul"), on_delete=models.CASCADE,
                                  related_name="delegations_given")
    deputy = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("înlocuitorul"), on_delete=models.CASCADE,
                               related_name="delegations_received")
    starts_on = models.DateField(gettext_lazy("de la"))
    ends_on = models.DateField(gettext_lazy("până la (inclusiv)"))
    capacity = models.CharField(gettext_lazy("calitatea în care semnează înlocuitorul"), max_length=120,
                                help_text=gettext_lazy("De exemplu „p. Primar, Viceprimar”."))
    reason = models.CharField(gettext_lazy("motivul"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(gettext_lazy("revocată"), default=False)

    class Meta:
        verbose_name = gettext_lazy("delegare")
        verbose_name_plural = gettext_lazy("delegări")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["deputy", "starts_on", "ends_on"], name="delegation_deputy_idx")]

    def __str__(self):
        return f"{self.principal} → {self.deputy} ({self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"
