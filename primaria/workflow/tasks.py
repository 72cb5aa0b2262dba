from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_periodic_task(crontab(minute="*/15"))
def remind_and_escalate_steps():
    """Every quarter of an hour: remind who has to act on a step before its time limit ends, and send steps
    past their limit up to the head of the department. Each change is its own transaction."""
    reminded = [pk for pk in services.steps_due_for_reminder() if services.remind_step(task_id=pk)]
    escalated = [pk for pk in services.steps_due_for_escalation() if services.escalate_step(task_id=pk)]
    return {"reminded": len(reminded), "escalated": len(escalated)}


@db_task(retries=3, retry_delay=30)
def start_process(request_id):
    """Start a newly filed request's process (queued when the request is submitted)."""
    services.start(request_id=request_id)


@db_periodic_task(crontab(minute="*"))
def start_missing_processes():
    """Every minute: start the processes whose queued start was lost (a broker restarted, a worker died)."""
    started = [pk for pk in services.requests_missing_a_process() if services.start(request_id=pk)]
    return {"started": len(started)}
