from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "primaria.privacy"
    label = "privacy"
    verbose_name = _("Date personale")

    def ready(self):
        from . import handlers  # noqa: F401  (the event handlers)
