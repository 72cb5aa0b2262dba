from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CouncilConfig(AppConfig):
    name = "primaria.council"
    label = "council"
    verbose_name = gettext_lazy("Consiliul local – circuitul hotărârilor")

    def ready(self):
        from .rules import register_rules

        register_rules()
