from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="5", hour="*"))
def remind_and_escalate():
    """Every hour: remind handlers before a term ends, and escalate overdue requests to the head."""
    reminded = [pk for pk in services.requests_due_for_reminder() if services.remind(request_id=pk)]
    escalated = [pk for pk in services.requests_due_for_escalation() if services.escalate(request_id=pk)]
    return {"reminded": len(reminded), "escalated": len(escalated)}
