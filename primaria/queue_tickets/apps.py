from django.apps import AppConfig


class QueueTicketsConfig(AppConfig):
    name = "primaria.queue_tickets"
    label = "queue_tickets"
    verbose_name = "Bonuri de ordine (coada la ghișee)"

    def ready(self):
        from . import tasks  # noqa: F401  (the nightly closing of the queue's days)
