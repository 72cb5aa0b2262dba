from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "primaria.payments"
    label = "payments"
    verbose_name = "Plăți"

    def ready(self):
        from . import handlers, sources, tasks  # noqa: F401  (what a settled payment implies; payable sources; jobs)
        from .providers import register_providers

        register_providers()
