from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "primaria.identity"
    label = "identity"
    verbose_name = _("Identitate electronică (ROeID)")

    def ready(self):
        from . import providers  # noqa: F401  registers the identity providers
