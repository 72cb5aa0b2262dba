from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "primaria.accounts"
    label = "accounts"
    verbose_name = "Conturi și solicitanți"

    def ready(self):
        from . import signals

        signals.connect_principal_signals()
