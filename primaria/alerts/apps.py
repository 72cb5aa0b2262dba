from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "primaria.alerts"
    label = "alerts"
    verbose_name = "Alerte locale"

    def ready(self):
        from . import handlers  # noqa: F401  (what publishing an alert implies)
        from .rules import register_rules

        register_rules()
