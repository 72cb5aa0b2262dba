from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="5", hour="*"))
def remind_and_escalate():
    """Every hour: remind handlers before a term ends, and escalate overdue requests to the head."""
    reminded = [pk for pk in services.requests_due_for_reminder() if services.remind(request_id=pk)]
    escalated = [pk for pk in services.requests_due_for_escalation() if services.escalate(request_id=pk)]
    return {"reminded": len(reminded), "escalated": len(escalated)}


@db_periodic_task(crontab(minute="*/15"))
def remove_abandoned_counter_uploads():
    """Every quarter of an hour: remove the files kept on a counter form that was never filed."""
    from .staging import remove_abandoned

    return {"removed": remove_abandoned()}
