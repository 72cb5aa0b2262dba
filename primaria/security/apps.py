from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "primaria.security"
    label = "security"
    verbose_name = _("Securitatea conturilor")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import mfa, passwords, schema  # noqa: F401  (plugins and the OpenAPI extension register themselves)

        user_logged_in.connect(mfa.note_login, dispatch_uid="security.note_login")
