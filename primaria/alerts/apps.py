from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "primaria.alerts"
    label = "alerts"
    verbose_name = _("Alerte locale")

    def ready(self):
        from . import handlers  # noqa: F401  (what publishing an alert implies)
        from .rules import register_rules

        register_rules()
