from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "primaria.accounts"
    label = "accounts"
    verbose_name = _("Conturi și solicitanți")

    def ready(self):
        from . import signals

        signals.connect_principal_signals()
