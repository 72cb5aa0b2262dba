"""Accounts tied to an electronic identity, and how an identity provider's claims fill an account."""

from django.db import models


class Target(models.TextChoices):
    """What an identity claim fills in: the account (User) or the person's record (Party)."""

    CNP = "cnp", "CNP (solicitant)"
    FIRST_NAME = "first_name", "Prenume (cont)"
    LAST_NAME = "last_name", "Nume de familie (cont)"
    EMAIL = "email", "Adresa de e-mail (cont și solicitant)"
    PHONE = "phone", "Telefon (cont și solicitant)"
    ADDRESS = "address", "Adresa: strada și numărul (solicitant)"
    LOCALITY = "locality", "Adresa: localitatea (solicitant)"
    COUNTY = "county", "Adresa: județul (solicitant)"


class ClaimMapping(models.Model):
    """One claim of an identity provider and the account or person field it fills.

    ROeID does not use the standard OpenID Connect claim names (it sends `cnp`, `nume`, `prenume`...);
    the table is seeded with its names and the administrator can change it if the provider does.
    When several claims fill the same field, the first one present (by `order`) wins.
    """

    provider = models.CharField("furnizor de identitate", max_length=40, default="roeid")
    claim = models.CharField("numele atributului (claim)", max_length=100)
    target = models.CharField("câmpul completat", max_length=20, choices=Target.choices)
    order = models.PositiveSmallIntegerField("ordinea", default=0)

    class Meta:
        verbose_name = "corespondență de atribut"
        verbose_name_plural = "corespondențe de atribute (identitate electronică)"
        ordering = ["provider", "order", "claim"]
        constraints = [models.UniqueConstraint(fields=["provider", "claim"], name="claim_mapping_unique")]

    def __str__(self):
        return f"{self.provider}: {self.claim} → {self.get_target_display()}"


class EidLink(models.Model):
    """An account tied to an electronic identity: from then on only that identity opens its data."""

    user = models.OneToOneField("accounts.User", verbose_name="cont", on_delete=models.CASCADE, related_name="eid_link")
    provider = models.CharField("furnizor de identitate", max_length=40, default="roeid")
    issuer = models.CharField("emitent", max_length=300)
    subject = models.CharField("identificatorul persoanei la emitent (sub)", max_length=255)
    linked_at = models.DateTimeField("legat la", auto_now_add=True)
    last_login_at = models.DateTimeField("ultima intrare", null=True, blank=True)

    class Meta:
        verbose_name = "cont legat de identitatea electronică"
        verbose_name_plural = "conturi legate de identitatea electronică"
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="eid_link_subject_unique")]

    def __str__(self):
        return f"{self.user} ({self.provider})"
