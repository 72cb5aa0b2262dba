from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueTicketsConfig(AppConfig):
    name = "primaria.queue_tickets"
    label = "queue_tickets"
    verbose_name = _("Bonuri de ordine (coada la ghișee)")

    def ready(self):
        from . import tasks  # noqa: F401  (the nightly closing of the queue's days)
