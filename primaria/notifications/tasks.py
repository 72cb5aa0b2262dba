from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task(retries=2, retry_delay=30)
def deliver_notification(notification_id):
    services.deliver(notification_id)


@db_periodic_task(crontab(minute="*"))
def retry_pending_notifications():
    """Sends what failed earlier or was stored while no worker ran."""
    for pk in services.due_notification_ids():
        services.deliver(pk)
