from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "primaria.security"
    label = "security"
    verbose_name = "Securitatea conturilor"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import mfa, passwords, schema  # noqa: F401  (plugins and the OpenAPI extension register themselves)

        user_logged_in.connect(mfa.note_login, dispatch_uid="security.note_login")
