from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PaymentsConfig(AppConfig):
    name = "primaria.payments"
    label = "payments"
    verbose_name = gettext_lazy("Plăți")

    def ready(self):
        from . import handlers, sources, tasks  # noqa: F401  (what a settled payment implies; payable sources; jobs)
        from .providers import register_providers

        register_providers()
