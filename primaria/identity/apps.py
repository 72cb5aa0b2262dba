from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "primaria.identity"
    label = "identity"
    verbose_name = "Identitate electronică (ROeID)"

    def ready(self):
        from . import providers  # noqa: F401  registers the identity providers
