from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.models import ProtectedRecord


class AuditEntry(ProtectedRecord):
    """Who did what to which object, when and from where. Written in the same transaction as the change."""

    at = models.DateTimeField(gettext_lazy("momentul"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("cine"), null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(gettext_lazy("cine (text)"), max_length=200, blank=True)
    action = models.CharField(gettext_lazy("acțiunea"), max_length=80, db_index=True)
    object_type = models.CharField(gettext_lazy("tipul obiectului"), max_length=80, blank=True)
    object_id = models.CharField(gettext_lazy("identificatorul obiectului"), max_length=64, blank=True)
    institution_id = models.BigIntegerField(gettext_lazy("instituția"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(gettext_lazy("adresa IP"), null=True, blank=True)
    data = models.JSONField(gettext_lazy("detalii"), default=dict, blank=True)
    # The hash chain (primaria.audit.chain): set once, by the sealer, a minute or so after the entry commits.
    chain = models.BigIntegerField(gettext_lazy("lanțul"), null=True, blank=True)  # the institution's id, 0 for the installation
    sequence = models.PositiveBigIntegerField(gettext_lazy("numărul în lanț"), null=True, blank=True)
    entry_hash = models.CharField(gettext_lazy("amprenta (SHA-256)"), max_length=64, blank=True, db_default="")

    class Meta:
        verbose_name = gettext_lazy("înregistrare de audit")
        verbose_name_plural = gettext_lazy("jurnal de audit")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
                   models.Index(fields=["id"], name="audit_unsealed_idx", condition=models.Q(sequence__isnull=True))]
        constraints = [models.UniqueConstraint(fields=["chain", "sequence"], name="audit_chain_sequence_unique")]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"


class AuditChain(models.Model):
    """The head of one chain: how many entries it holds and the hash of the last one."""

    key = models.BigIntegerField(gettext_lazy("lanțul"), unique=True)
    length = models.PositiveBigIntegerField(gettext_lazy("înregistrări"), default=0)
    head = models.CharField(gettext_lazy("amprenta ultimei înregistrări"), max_length=64)
    sealed_at = models.DateTimeField(gettext_lazy("sigilat ultima dată"), null=True, blank=True)
    checked_at = models.DateTimeField(gettext_lazy("verificat ultima dată"), null=True, blank=True)
    problems = models.JSONField(gettext_lazy("ce a găsit ultima verificare"), default=list, blank=True)

    class Meta:
        verbose_name = gettext_lazy("lanț de audit")
        verbose_name_plural = gettext_lazy("lanțurile de audit")

    def __str__(self):
        return _("lanțul %(key)s: %(length)s înregistrări") % {"key": self.key, "length": self.length}


class AuditAnchor(ProtectedRecord):
    """The head of a chain on a day, timestamped by the timestamp authority (RFC 3161): whoever rewrites the log
    afterwards cannot make an earlier head match its timestamp."""

    key = models.BigIntegerField(gettext_lazy("lanțul"))
    length = models.PositiveBigIntegerField(gettext_lazy("înregistrări"))
    head = models.CharField(gettext_lazy("amprenta"), max_length=64)
    token = models.BinaryField(gettext_lazy("marca temporală (RFC 3161)"))
    stamped_at = models.DateTimeField(gettext_lazy("momentul mărcii temporale"))

    class Meta:
        verbose_name = gettext_lazy("ancoră a jurnalului de audit")
        verbose_name_plural = gettext_lazy("ancorele jurnalului de audit")
        constraints = [models.UniqueConstraint(fields=["key", "length"], name="audit_anchor_unique")]

    def __str__(self):
        return _("lanțul %(key)s la %(length)s: %(value)s…") % {"key": self.key, "length": self.length, "value": self.head[:12]}
