from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "primaria.core"
    label = "core"
    verbose_name = "Nucleu"

    def ready(self):
        from . import checks  # noqa: F401 - registers the hardening checks
        from .files import strict_pillow

        strict_pillow()
