from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "primaria.signing"
    label = "signing"
    verbose_name = "Semnături electronice"

    def ready(self):
        from . import providers  # noqa: F401  (registers the signing providers and the timestamp authority)
