from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "primaria.council"
    label = "council"
    verbose_name = "Consiliul local – circuitul hotărârilor"

    def ready(self):
        from .rules import register_rules

        register_rules()
