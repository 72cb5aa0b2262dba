from functools import cached_property

from cryptography import x509
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class SigningCredential(models.Model):
    """An official's signing certificate or an institution's electronic seal, and where its key is.

    The key itself never is in the database: ``provider`` names the plugin in
    ``registry("signing_providers")`` that holds it, and ``key_ref`` is that plugin's handle for it
    (a file in var/pki for "local" and "seal", a credential ID at the remote service for "csc").
    """

    class Kind(models.TextChoices):
        PERSON = "person", gettext_lazy("Semnătură personală")
        SEAL = "seal", gettext_lazy("Sigiliu electronic al instituției")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("funcționar"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="signing_credentials",
    )
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=gettext_lazy("instituție"), on_delete=models.PROTECT, related_name="signing_credentials",
    )
    kind = models.CharField(gettext_lazy("tip"), max_length=10, choices=Kind.choices)
    provider = models.CharField(gettext_lazy("furnizor"), max_length=30, help_text=gettext_lazy("Modulul care păstrează cheia: local, csc, seal."))
    key_ref = models.CharField(gettext_lazy("referința cheii"), max_length=200)
    certificate_pem = models.TextField(gettext_lazy("certificat (PEM)"))
    subject_name = models.CharField(gettext_lazy("titular"), max_length=300)
    serial = models.CharField(gettext_lazy("număr de serie"), max_length=64)
    not_after = models.DateTimeField(gettext_lazy("valabil până la"))
    active = models.BooleanField(gettext_lazy("activ"), default=True)
    created_at = models.DateTimeField(gettext_lazy("creat la"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("actualizat la"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("certificat de semnare")
        verbose_name_plural = gettext_lazy("certificate de semnare")
        ordering = ["institution_id", "kind", "subject_name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "key_ref"], name="signing_credential_key_unique"),
            models.CheckConstraint(
                condition=models.Q(kind="seal") | models.Q(user__isnull=False), name="signing_person_has_user",
            ),
        ]
        indexes = [models.Index(fields=["user", "kind", "active"]), models.Index(fields=["institution", "kind", "active"])]

    def __str__(self):
        return f"{self.subject_name} ({self.get_kind_display()}, {self.provider})"

    @cached_property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.certificate_pem.encode())

    @property
    def usable(self) -> bool:
        return self.active and self.not_after > timezone.now()

    def set_certificate(self, certificate: x509.Certificate):
        from .pki import common_name, pem

        self.certificate_pem = pem(certificate)
        self.subject_name = common_name(certificate)
        self.serial = format(certificate.serial_number, "x")
        self.not_after = certificate.not_valid_after_utc
        self.__dict__.pop("certificate", None)
