from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OutboxConfig(AppConfig):
    name = "primaria.outbox"
    label = "outbox"
    verbose_name = gettext_lazy("Evenimente și efectele lor")

    def ready(self):
        from . import tasks  # noqa: F401  (the huey tasks that carry the deliveries)
