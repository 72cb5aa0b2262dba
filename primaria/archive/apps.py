from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "primaria.archive"
    label = "archive"
    verbose_name = "Arhivă"

    def ready(self):
        from . import handlers, tasks  # noqa: F401  (the handlers of its events, the periodic tasks)
