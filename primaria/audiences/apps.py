from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudiencesConfig(AppConfig):
    name = "primaria.audiences"
    label = "audiences"
    verbose_name = _("Audiențe")

    def ready(self):
        from .rules import register_rules

        register_rules()
