"""What the events of local alerts imply: the notices to the subscribers whose area the alert touches."""

from primaria.outbox.services import handler

from . import services


@handler("alerts.notify_subscribers", on=["alert.published", "alert.updated", "alert.ended", "alert.cancelled"],
         atomic=True)
def notify_subscribers(event):
    services.deliver(event.payload["alert_id"], event.payload["version"])
