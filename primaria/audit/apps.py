from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AuditConfig(AppConfig):
    name = "primaria.audit"
    label = "audit"
    verbose_name = gettext_lazy("Jurnal de audit")
