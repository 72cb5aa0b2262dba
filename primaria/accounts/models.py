import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Adresa de e-mail este obligatorie.")
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
    email = models.EmailField("adresa de e-mail", unique=True)
    email_verified = models.BooleanField("e-mail confirmat", default=False)
    phone = models.CharField("telefon", max_length=20, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilizator"
        verbose_name_plural = "utilizatori"

    def __str__(self):
        return self.get_full_name() or self.email


class PartyKind(models.TextChoices):
    PERSON = "person", "Persoană fizică"
    COMPANY = "company", "Persoană juridică"


class Party(models.Model):
    """Who a request is filed for and whose folder (dosar unic) holds its documents.

    A natural person (identified by CNP) or a legal person (identified by CUI). A person filed at the
    counter has no account (user is empty) until they claim their request online.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("tip", max_length=10, choices=PartyKind.choices)
    name = models.CharField("nume / denumire", max_length=200)
    cnp = models.CharField("CNP", max_length=13, blank=True, db_index=True)
    cui = models.CharField("CUI", max_length=12, blank=True, db_index=True)
    registration_code = models.CharField("nr. de ordine în Registrul Comerțului", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefon", max_length=20, blank=True)
    address = models.CharField("adresa / sediul", max_length=300, blank=True)
    user = models.OneToOneField(
        "accounts.User", verbose_name="cont", null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "solicitant"
        verbose_name_plural = "solicitanți"
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


class Representation(models.Model):
    """A person's right to act for a company (administrator or authorised representative)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="representations")
    company = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="representatives",
                                limit_choices_to={"kind": PartyKind.COMPANY})
    capacity = models.CharField("calitatea", max_length=100, default="Administrator")
    active = models.BooleanField("activă", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "reprezentare"
        verbose_name_plural = "reprezentări"
        constraints = [models.UniqueConstraint(fields=["user", "company"], name="representation_unique")]

    def __str__(self):
        return f"{self.user} pentru {self.company} ({self.capacity})"
