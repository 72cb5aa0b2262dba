from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "primaria.monitor"
    label = "monitor"
    verbose_name = "Monitorul Oficial Local"

    def ready(self):
        from .rules import register_rules

        register_rules()
