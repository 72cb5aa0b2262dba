from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "primaria.outbox"
    label = "outbox"
    verbose_name = "Evenimente și efectele lor"

    def ready(self):
        from . import tasks  # noqa: F401  (the huey tasks that carry the deliveries)
