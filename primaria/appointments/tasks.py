from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="10"))
def send_appointment_reminders():
    """Every hour: tomorrow's appointments not yet reminded get their reminder (once each)."""
    return services.send_reminders()


@db_periodic_task(crontab(minute="*/5"))
def expire_appointment_holds():
    """Every five minutes: holds never confirmed give their seat back."""
    return services.expire_holds()
