from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "primaria.privacy"
    label = "privacy"
    verbose_name = "Date personale"

    def ready(self):
        from . import handlers  # noqa: F401  (the event handlers)
