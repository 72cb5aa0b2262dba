from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/15"))
def remind_and_escalate_steps():
    """Every quarter of an hour: remind who has to act on a step before its time limit ends, and send steps
    past their limit up to the head of the department. Each change is its own transaction."""
    reminded = [pk for pk in services.steps_due_for_reminder() if services.remind_step(task_id=pk)]
    escalated = [pk for pk in services.steps_due_for_escalation() if services.escalate_step(task_id=pk)]
    return {"reminded": len(reminded), "escalated": len(escalated)}
