from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="4", minute="41"))
def anonymise_inactive_accounts():
    """Every night: anonymise inactive accounts with no legal records (PRIMARIA_INACTIVE_ACCOUNT_YEARS),
    tidy the kept ones, and remove expired data exports."""
    return services.anonymise_inactive()
