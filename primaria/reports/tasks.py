from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="10", hour="*"))
def remind_petitions():
    """Every hour: tell a petition's department that its 30-day term (OG nr. 27/2002) ends soon."""
    reminded = [pk for pk in services.petitions_due_for_reminder() if services.remind(report_id=pk)]
    return {"reminded": len(reminded)}
