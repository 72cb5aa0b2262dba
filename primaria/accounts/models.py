import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Adresa de e-mail este obligatorie.")  # i18n: ro (a programming error)
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account: a resident, a company representative or an official. Logs in with e-mail."""

    username = None
    email = models.EmailField(_("adresa de e-mail"), unique=True)
    email_verified = models.BooleanField(_("e-mail confirmat"), default=False)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    # The language the person last chose on the site; their e-mails and notices are written in it.
    language = models.CharField(_("limba"), max_length=8, blank=True, choices=settings.LANGUAGES)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilizator")
        verbose_name_plural = _("utilizatori")

    def __str__(self):
        return self.get_full_name() or self.email


class PartyKind(models.TextChoices):
    PERSON = "person", _("Persoană fizică")
    COMPANY = "company", _("Persoană juridică")


class Party(models.Model):
    """Who a request is filed for and whose folder (dosar unic) holds its documents.

    A natural person (identified by CNP) or a legal person (identified by CUI). A person filed at the
    counter has no account (user is empty) until they claim their request online.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("tip"), max_length=10, choices=PartyKind.choices)
    name = models.CharField(_("nume / denumire"), max_length=200)
    cnp = models.CharField(_("CNP"), max_length=13, blank=True, db_index=True)
    cui = models.CharField(_("CUI"), max_length=12, blank=True, db_index=True)
    registration_code = models.CharField(_("nr. de ordine în Registrul Comerțului"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    address = models.CharField(_("adresa / sediul"), max_length=300, blank=True)
    user = models.OneToOneField(
        "accounts.User", verbose_name=_("cont"), null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("solicitant")
        verbose_name_plural = _("solicitanți")
        constraints = [
            models.UniqueConstraint(fields=["cui"], condition=models.Q(kind="company"), name="company_cui_unique"),
            # One account per CNP; people filed at the counter without an account may share it until
            # they claim their requests into an account.
            models.UniqueConstraint(
                fields=["cnp"], condition=models.Q(kind="person", user__isnull=False), name="account_cnp_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_company(self):
        return self.kind == PartyKind.COMPANY

    @property
    def identifier(self):
        return self.cui if self.is_company else self.cnp

    @property
    def masked_identifier(self):
        value = self.identifier
        if not value:
            return ""
        return value if self.is_company else value[:1] + "•" * 8 + value[-4:]


class RepresentationStatus(models.TextChoices):
    PENDING = "pending", _("în verificare")
    VERIFIED = "verified", _("verificată")
    REFUSED = "refused", _("respinsă")
    REVOKED = "revoked", _("revocată")


class ProofKind(models.TextChoices):
    """The documents a registry clerk accepts as proof that a person may act for a company or another person."""

    ONRC_CERTIFICATE = "certificat_constatator", _("Certificat constatator ONRC")
    NOTARIAL_POWER = "imputernicire_notariala", _("Împuternicire notarială (procură notarială)")
    COMPANY_POWER = "imputernicire_firma", _("Împuternicire (delegație) semnată de administratorul firmei")
    ARTICLES = "act_constitutiv", _("Act constitutiv")
    SHAREHOLDERS_DECISION = "hotarare_aga", _("Hotărâre AGA de numire a administratorului")
    LAWYER_POWER = "imputernicire_avocatiala", _("Împuternicire avocațială")
    GUARDIANSHIP = "hotarare_tutela", _("Hotărâre judecătorească de instituire a tutelei sau curatelei")


# What proves a mandate, by who is represented: a company's papers do not prove that one may act for a person.
COMPANY_PROOFS = (ProofKind.ONRC_CERTIFICATE, ProofKind.NOTARIAL_POWER, ProofKind.COMPANY_POWER, ProofKind.ARTICLES,
                  ProofKind.SHAREHOLDERS_DECISION, ProofKind.LAWYER_POWER)
PERSON_PROOFS = (ProofKind.NOTARIAL_POWER, ProofKind.LAWYER_POWER, ProofKind.GUARDIANSHIP)


class Representation(models.Model):
    """A mandate: a person's claim to act for a company (administrator or authorised representative) or for
    another person (an adult child for an elderly parent, a lawyer for a client, a guardian).

    `company` is the party represented, a company or a person (the name stays from when only companies could
    be represented). A claim grants nothing until a registry clerk has checked its proof: only a verified
    mandate within its validity period (`valid_from`..`valid_until`, read with the city's date at every
    request) lets the person see the party's requests and file for it, and only for the services of its scope
    (`services`; none named: every service). A refused claim stays as history, with its reason, and the person
    may ask again with a new proof; a verified one ends by revocation (by either side, or by the registry) or
    when its validity ends.

    A mandate is claimed on, checked by and valid before one city hall (`city_hall`, the root of an institution
    tree): on an installation hosting several, acting for the party before another city hall needs that city
    hall's registry to check the proof too (the same proof may be offered again).
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="representations")
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), on_delete=models.PROTECT,
                                  related_name="+", limit_choices_to={"parent__isnull": True})
    company = models.ForeignKey(Party, verbose_name=_("reprezentatul"), on_delete=models.CASCADE,
                                related_name="representatives")
    services = models.ManyToManyField("catalog.Service", verbose_name=_("serviciile"), blank=True, related_name="+",
                                      help_text=_("Niciunul ales: toate serviciile."))
    capacity = models.CharField(_("calitatea"), max_length=100, default="Administrator")
    status = models.CharField(_("starea"), max_length=10, choices=RepresentationStatus.choices,
                              default=RepresentationStatus.PENDING)
    proof_kind = models.CharField(_("documentul doveditor"), max_length=30, choices=ProofKind.choices, blank=True)
    proof = models.ForeignKey("documents.Document", verbose_name=_("dovada"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("valabilă de la"), null=True, blank=True,
                                  help_text=_("Gol: de la verificare."))
    valid_until = models.DateField(_("valabilă până la (inclusiv)"), null=True, blank=True,
                                   help_text=_("Gol: fără termen (de exemplu administratorul firmei)."))
    login_method = models.CharField(_("autentificat prin"), max_length=20, blank=True)
    assurance_level = models.CharField(_("nivelul de încredere al autentificării"), max_length=20, blank=True)
    decided_by = models.ForeignKey("accounts.User", verbose_name=_("verificată de"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("verificată la"), null=True, blank=True)
    refusal_reason = models.TextField(_("motivul respingerii"), blank=True)
    note = models.CharField(_("observații"), max_length=300, blank=True)
    revoked_by = models.ForeignKey("accounts.User", verbose_name=_("revocată de"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revocată la"), null=True, blank=True)
    revocation_reason = models.TextField(_("motivul revocării"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reprezentare")
        verbose_name_plural = _("reprezentări")
        constraints = [
            # A refused or revoked claim is history; a new one may follow it, but only one may be open.
            models.UniqueConstraint(
                fields=["city_hall", "user", "company"], name="representation_open_unique",
                condition=models.Q(status__in=[RepresentationStatus.PENDING, RepresentationStatus.VERIFIED]),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RepresentationStatus.REFUSED) | ~models.Q(refusal_reason=""),
                name="representation_refusal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["city_hall", "status", "created_at"], name="representation_queue_idx")]

    def __str__(self):
        return f"{self.user} pentru {self.company} ({self.capacity})"

    def save(self, *args, **kwargs):
        if self.city_hall_id is None:
            # Claimed on the city hall of the running request (the installation's own outside a request).
            from primaria.institutions.selectors import main_institution

            self.city_hall = main_institution()
        super().save(*args, **kwargs)

    @property
    def represented(self) -> Party:
        return self.company

    @property
    def for_person(self) -> bool:
        return self.company.kind == PartyKind.PERSON

    @property
    def number(self) -> str:
        """How a filing names the mandate it was made under ("mandat nr. 12")."""
        return str(self.pk)

    def is_in_force(self, day=None) -> bool:
        """Whether it grants rights on `day` (the city's date today by default)."""
        from django.utils import timezone

        day = day or timezone.localdate()
        return (self.status == RepresentationStatus.VERIFIED and (self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or self.valid_until >= day))

    @property
    def expired(self) -> bool:
        from django.utils import timezone

        return (self.status == RepresentationStatus.VERIFIED and self.valid_until is not None
                and self.valid_until < timezone.localdate())

    @property
    def not_yet_valid(self) -> bool:
        from django.utils import timezone

        return (self.status == RepresentationStatus.VERIFIED and self.valid_from is not None
                and self.valid_from > timezone.localdate())

    @property
    def status_label(self) -> str:
        if self.expired:
            return gettext("expirată")
        if self.not_yet_valid:
            return gettext("verificată, valabilă de la %(date)s") % {"date": f"{self.valid_from:%d.%m.%Y}"}
        return self.get_status_display()
