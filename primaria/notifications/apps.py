from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "primaria.notifications"
    label = "notifications"
    verbose_name = "Notificări"

    def ready(self):
        from . import channels, handlers, sms  # noqa: F401  (the channel plugins, the event handlers)
