"""The task queue only carries delivery ids; the state of every delivery is in the database."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from . import runner


@db_task()
def run_delivery(delivery_id):
    runner.run(delivery_id)


@db_periodic_task(crontab(minute="*"))
def sweep_deliveries():
    """Every minute: hand out what no worker took (the queue was down) and what a dead worker held."""
    return len(runner.sweep())


@db_periodic_task(crontab(hour="3", minute="17"))
def prune_deliveries():
    """Every night: forget what was done long ago (settings.PRIMARIA_OUTBOX_KEEP_DAYS)."""
    return runner.prune()


@HUEY.on_startup()
def sweep_on_start():
    """A worker that starts again takes up at once what it left when it was stopped."""
    try:
        runner.sweep(grace_seconds=0)
    except Exception:  # noqa: BLE001 - the periodic sweep will do it
        runner.logger.warning("Verificarea efectelor la pornire a eșuat", exc_info=True)
