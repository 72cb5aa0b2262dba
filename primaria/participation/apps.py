from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "primaria.participation"
    label = "participation"
    verbose_name = _("Participare publică – dezbateri și abonamente")

    def ready(self):
        from . import handlers  # noqa: F401  (the event handlers)
        from .rules import register_rules

        register_rules()
