from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="1", minute="5"))
def close_queue_days():
    """Every night: the tickets earlier days left open are closed as expired."""
    return services.close_days()
