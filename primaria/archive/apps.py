from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ArchiveConfig(AppConfig):
    name = "primaria.archive"
    label = "archive"
    verbose_name = gettext_lazy("Arhivă")

    def ready(self):
        from . import handlers, tasks  # noqa: F401  (the handlers of its events, the periodic tasks)
