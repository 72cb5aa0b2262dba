"""What the events of primaria.notifications imply."""

from primaria.outbox.services import handler

from . import services


@handler("notifications.deliver", on=["notification.created"])
def deliver(event):
    services.deliver(event.payload["notification_id"], last_attempt=event.last_attempt)
