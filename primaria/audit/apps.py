from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "primaria.audit"
    label = "audit"
    verbose_name = "Jurnal de audit"
