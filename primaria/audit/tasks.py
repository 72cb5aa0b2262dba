"""The audit log's hash chains: sealed every minute, their heads timestamped and the chains checked every night."""

import time

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import chain


@db_periodic_task(crontab(minute="*"))
def seal_audit_log():
    """Every minute; a backlog (a log that existed before the chains, a worker that was down) is worked off in
    batches for up to 45 s a run."""
    started, total = time.monotonic(), 0
    while time.monotonic() - started < 45:
        sealed = chain.seal()
        total += sealed
        if not sealed:
            break
    return total


@db_periodic_task(crontab(hour="0", minute="7"))
def anchor_audit_log():
    chain.seal()
    return chain.anchor()


@db_periodic_task(crontab(hour="2", minute="37"))
def verify_audit_log():
    return sum(len(problems) for problems in chain.verify().values())
