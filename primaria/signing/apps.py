from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SigningConfig(AppConfig):
    name = "primaria.signing"
    label = "signing"
    verbose_name = gettext_lazy("Semnături electronice")

    def ready(self):
        from . import providers  # noqa: F401  (registers the signing providers and the timestamp authority)
