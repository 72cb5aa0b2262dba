from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/5"))
def check_pending_payments():
    """Every five minutes: card payments still open after PRIMARIA_PAYMENTS_STATUS_AFTER_MINUTES are asked
    about at the provider (their notification never came) and settled on its answer."""
    return services.check_pending()
