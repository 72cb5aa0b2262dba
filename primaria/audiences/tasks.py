from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import selectors, services


@db_periodic_task(crontab(minute="20", hour="*"))
def remind_applicants():
    """Every hour: remind the applicants of tomorrow's audiences (once per slot)."""
    reminded = [pk for pk in selectors.due_for_reminder() if services.remind(audience_id=pk)]
    return {"reminded": len(reminded)}
