from django.conf import settings
from django.db import models

from primaria.core.models import ProtectedRecord


class AuditEntry(ProtectedRecord):
    """Who did what to which object, when and from where. Written in the same transaction as the change."""

    at = models.DateTimeField("momentul", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="cine", null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField("cine (text)", max_length=200, blank=True)
    action = models.CharField("acțiunea", max_length=80, db_index=True)
    object_type = models.CharField("tipul obiectului", max_length=80, blank=True)
    object_id = models.CharField("identificatorul obiectului", max_length=64, blank=True)
    institution_id = models.BigIntegerField("instituția", null=True, blank=True)
    ip_address = models.GenericIPAddressField("adresa IP", null=True, blank=True)
    data = models.JSONField("detalii", default=dict, blank=True)

    class Meta:
        verbose_name = "înregistrare de audit"
        verbose_name_plural = "jurnal de audit"
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"
