"""Background jobs whose state lives in the database, so that no work is lost when a worker dies.

    enqueue(kind, key, payload)   inside the caller's transaction: creates (or re-arms) the job row and,
                                  after commit, asks huey to run it
    run(job_id)                   what the huey task does: claim (a lease), work, finish
    requeue_due()                 the periodic job: runs again every job whose worker died (its lease ran
                                  out) and every pending job no worker has taken

A job is claimed only if it is pending, or running with an expired lease, so two workers never do the
same job at once, and a message delivered twice does nothing the second time. While a handler works, a
heartbeat thread extends the lease. Handlers are idempotent: each checks what is already done (natural
keys, item status) before doing anything, so a job interrupted anywhere can simply be run again.

`generation` counts the requests to do a job (for instance "index document 12" asked again while the
document was being indexed); a run that started on an older generation leaves the job pending, so the
last change is never lost.
"""

import logging
import os
import socket
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)


class NotReady(Exception):
    """The job cannot be done yet (for instance no nomenclator entry fits); it waits without using attempts."""


@dataclass
class Handler:
    function: object
    batch: int = 0  # >0: the handler takes a list of up to `batch` jobs of its kind (one index commit)


HANDLERS: dict[str, Handler] = {}


def handler(kind: str, *, batch: int = 0):
    def register(function):
        HANDLERS[kind] = Handler(function, batch)
        return function

    return register


def lease_seconds() -> int:
    return int(getattr(settings, "PRIMARIA_ARCHIVE_JOB_LEASE_SECONDS", 300))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:60]


# --- asking for work ------------------------------------------------------------------------------------


def enqueue(kind: str, key: str, payload: dict | None = None) -> Job:
    """Ask for a job (idempotent by key). Call inside a transaction; a worker is woken after commit."""
    with transaction.atomic():
        job, created = Job.objects.select_for_update().get_or_create(
            key=key, defaults={"kind": kind, "payload": payload or {}}
        )
        if not created:
            job.generation = F("generation") + 1
            job.payload = payload or job.payload
            if job.status in (Job.Status.DONE, Job.Status.FAILED):
                job.status = Job.Status.PENDING
                job.attempts = 0
                job.available_at = timezone.now()
                job.last_error = ""
            job.save()
            job.refresh_from_db()
    transaction.on_commit(lambda: wake(job.pk))
    return job


def wake(job_id: int):
    """Hand the job to huey. If the queue is down, the periodic job will find it later."""
    from .tasks import run_job

    try:
        run_job(job_id)
    except Exception:  # noqa: BLE001 - the job stays pending in the database
        logger.warning("Sarcina %s nu a putut fi pusă în coadă", job_id, exc_info=True)


def _runnable(now):
    return Q(status=Job.Status.PENDING, available_at__lte=now) | Q(status=Job.Status.RUNNING, lease_until__lt=now)


# --- doing work -------------------------------------------------------------------------------------------


def _take(job: Job, token: str, now) -> Job | None:
    if job.status == Job.Status.RUNNING and job.attempts >= Job.MAX_ATTEMPTS:
        job.status = Job.Status.FAILED
        job.last_error = (job.last_error + "\n" if job.last_error else "") + "Lucrătorul s-a oprit de prea multe ori."
        job.finished_at = now
        job.save()
        return None
    job.status = Job.Status.RUNNING
    job.attempts += 1
    job.lease_until = now + timedelta(seconds=lease_seconds())
    job.heartbeat_at = now
    job.worker = token
    job.claimed_generation = job.generation
    job.save()
    return job


def claim(job_id: int, token: str) -> Job | None:
    with transaction.atomic():
        now = timezone.now()
        job = Job.objects.select_for_update().filter(_runnable(now), pk=job_id).first()
        return _take(job, token, now) if job else None


def claim_more(kind: str, limit: int, token: str, exclude: int) -> list[Job]:
    with transaction.atomic():
        now = timezone.now()
        jobs = list(
            Job.objects.select_for_update(skip_locked=True).filter(_runnable(now), kind=kind)
            .exclude(pk=exclude).order_by("pk")[:limit]
        )
        return [taken for job in jobs if (taken := _take(job, token, now))]


def finish(job: Job, token: str, error: Exception | None = None):
    with transaction.atomic():
        current = Job.objects.select_for_update().filter(pk=job.pk).first()
        if current is None or current.worker != token or current.status != Job.Status.RUNNING:
            return  # our lease ran out and another worker took the job: its run counts
        now = timezone.now()
        current.lease_until = None
        if isinstance(error, NotReady):
            current.status = Job.Status.PENDING
            current.attempts = max(0, current.attempts - 1)
            current.available_at = now + timedelta(hours=1)
            current.last_error = str(error)
        elif error is not None:
            current.last_error = f"{type(error).__name__}: {error}"[:4000]
            if current.attempts >= Job.MAX_ATTEMPTS:
                current.status = Job.Status.FAILED
                current.finished_at = now
            else:
                current.status = Job.Status.PENDING
                current.available_at = now + timedelta(seconds=30 * 2 ** (current.attempts - 1))
        elif current.generation != current.claimed_generation:
            current.status = Job.Status.PENDING  # asked again while we worked: do it once more
            current.available_at = now
            transaction.on_commit(lambda: wake(current.pk))
        else:
            current.status = Job.Status.DONE
            current.finished_at = now
            current.last_error = ""
        current.save()


@contextmanager
def heartbeat(job_ids: list[int], token: str):
    """Extend the lease of the claimed jobs while the handler works (in a thread with its own connection)."""
    stop = threading.Event()
    interval = max(0.2, lease_seconds() / 3)

    def beat():
        try:
            while not stop.wait(interval):
                now = timezone.now()
                Job.objects.filter(pk__in=job_ids, worker=token, status=Job.Status.RUNNING).update(
                    lease_until=now + timedelta(seconds=lease_seconds()), heartbeat_at=now
                )
        except Exception:  # noqa: BLE001 - without a heartbeat the lease just runs out
            logger.warning("Bătaia de inimă a sarcinilor %s a eșuat", job_ids, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name="archive-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run(job_id: int) -> bool:
    """Claim and do one job (and, for batch kinds, the other due jobs of its kind). True if work was done."""
    from . import handlers  # noqa: F401  (registers the handlers)

    token = f"{worker_name()}:{uuid.uuid4().hex[:8]}"
    job = claim(job_id, token)
    if job is None:
        return False
    spec = HANDLERS.get(job.kind)
    if spec is None:
        finish(job, token, RuntimeError(f"Nu există handler pentru „{job.kind}”"))
        return False
    jobs = [job] + (claim_more(job.kind, spec.batch - 1, token, job.pk) if spec.batch > 1 else [])
    try:
        with heartbeat([j.pk for j in jobs], token):
            spec.function(jobs if spec.batch else job)
    except Exception as exc:  # noqa: BLE001 - recorded on the job, retried with back-off
        if not isinstance(exc, NotReady):
            logger.exception("Sarcina %s (%s) a eșuat", job.pk, job.kind)
        for claimed in jobs:
            finish(claimed, token, exc)
        return False
    for claimed in jobs:
        finish(claimed, token)
    return True


def requeue_due(grace_seconds: int = 60, limit: int = 1000) -> list[int]:
    """Jobs whose worker died (lease expired) and pending jobs nobody took for a while: run them again."""
    now = timezone.now()
    ids = list(
        Job.objects.filter(
            Q(status=Job.Status.RUNNING, lease_until__lt=now)
            | Q(status=Job.Status.PENDING, available_at__lte=now - timedelta(seconds=grace_seconds))
        ).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        wake(pk)
    return ids


def retry_waiting(kind: str):
    """Jobs waiting for something (NotReady) are tried again now, e.g. after the nomenclator changed."""
    ids = list(Job.objects.filter(kind=kind, status=Job.Status.PENDING).values_list("pk", flat=True))
    Job.objects.filter(pk__in=ids).update(available_at=timezone.now())
    for pk in ids:
        transaction.on_commit(lambda pk=pk: wake(pk))
