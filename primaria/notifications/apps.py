from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "primaria.notifications"
    label = "notifications"
    verbose_name = "Notificări"

    def ready(self):
        from . import channels  # noqa: F401  (registers the channel plugins)
