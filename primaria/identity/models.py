"""Accounts tied to an electronic identity, and how an identity provider's claims fill an account."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    """What an identity claim fills in: the account (User) or the person's record (Party)."""

    CNP = "cnp", _("CNP (solicitant)")
    FIRST_NAME = "first_name", _("Prenume (cont)")
    LAST_NAME = "last_name", _("Nume de familie (cont)")
    EMAIL = "email", _("Adresa de e-mail (cont și solicitant)")
    PHONE = "phone", _("Telefon (cont și solicitant)")
    ADDRESS = "address", _("Adresa: strada și numărul (solicitant)")
    LOCALITY = "locality", _("Adresa: localitatea (solicitant)")
    COUNTY = "county", _("Adresa: județul (solicitant)")


class ClaimMapping(models.Model):
    """One claim of an identity provider and the account or person field it fills.

    ROeID does not use the standard OpenID Connect claim names (it sends `cnp`, `nume`, `prenume`...);
    the table is seeded with its names and the administrator can change it if the provider does.
    When several claims fill the same field, the first one present (by `order`) wins.
    """

    provider = models.CharField(_("furnizor de identitate"), max_length=40, default="roeid")
    claim = models.CharField(_("numele atributului (claim)"), max_length=100)
    target = models.CharField(_("câmpul completat"), max_length=20, choices=Target.choices)
    order = models.PositiveSmallIntegerField(_("ordinea"), default=0)

    class Meta:
        verbose_name = _("corespondență de atribut")
        verbose_name_plural = _("corespondențe de atribute (identitate electronică)")
        ordering = ["provider", "order", "claim"]
        constraints = [models.UniqueConstraint(fields=["provider", "claim"], name="claim_mapping_unique")]

    def __str__(self):
        return f"{self.provider}: {self.claim} → {self.get_target_display()}"


class EidLink(models.Model):
    """An account tied to an electronic identity: from then on only that identity opens its data."""

    user = models.OneToOneField("accounts.User", verbose_name=_("cont"), on_delete=models.CASCADE, related_name="eid_link")
    provider = models.CharField(_("furnizor de identitate"), max_length=40, default="roeid")
    issuer = models.CharField(_("emitent"), max_length=300)
    subject = models.CharField(_("identificatorul persoanei la emitent (sub)"), max_length=255)
    linked_at = models.DateTimeField(_("legat la"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("ultima intrare"), null=True, blank=True)

    class Meta:
        verbose_name = _("cont legat de identitatea electronică")
        verbose_name_plural = _("conturi legate de identitatea electronică")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="eid_link_subject_unique")]

    def __str__(self):
        return f"{self.user} ({self.provider})"
