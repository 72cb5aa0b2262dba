from django.apps import AppConfig


class AudiencesConfig(AppConfig):
    name = "primaria.audiences"
    label = "audiences"
    verbose_name = "Audiențe"

    def ready(self):
        from .rules import register_rules

        register_rules()
