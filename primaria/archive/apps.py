from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "primaria.archive"
    label = "archive"
    verbose_name = "Arhivă"

    def ready(self):
        from primaria.requests.services import request_changed

        from . import handlers, signals, tasks  # noqa: F401  (job handlers, huey tasks)

        request_changed.connect(signals.request_closed, dispatch_uid="archive.request_closed")
