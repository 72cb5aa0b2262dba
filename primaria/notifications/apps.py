from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "primaria.notifications"
    label = "notifications"
    verbose_name = _("Notificări")

    def ready(self):
        from . import channels, handlers, sms  # noqa: F401  (the channel plugins, the event handlers)
