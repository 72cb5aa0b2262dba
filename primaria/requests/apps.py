from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "primaria.requests"
    label = "requests"
    verbose_name = _("Cereri")

    def ready(self):
        from . import handlers  # noqa: F401  (the handlers of the request's events)
        from .signals import connect_inbox_signals

        connect_inbox_signals()
