from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class TaxesConfig(AppConfig):
    name = "primaria.taxes"
    label = "taxes"
    verbose_name = gettext_lazy("Impozite și taxe locale")

    def ready(self):
        from . import (
            handlers,  # noqa: F401  (approved fiscal declarations feed the register)
            payables,  # noqa: F401  (registers the "taxe-locale" payables plugin)
        )
        from .rules import register_rules

        register_rules()
