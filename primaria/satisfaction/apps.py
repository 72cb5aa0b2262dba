from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "primaria.satisfaction"
    label = "satisfaction"
    verbose_name = _("Satisfacția solicitanților")

    def ready(self):
        from . import handlers  # noqa: F401  (a closed request or report invites its applicant to the survey)
        from .rules import register_rules

        register_rules()
