# i18n: ro (errors stored on the deliveries, read by the IT admin)
"""Carrying out deliveries: claim with a lease, run the handler, mark the outcome.

A delivery is claimed only while it is pending and due, or running with a lease that ran out, so two
workers never run it at once and a message delivered twice by the queue does nothing the second time. On
PostgreSQL the claim skips rows another worker is claiming (SKIP LOCKED), so workers on many machines share
the work; on SQLite the database's write lock orders them. While a handler works, a heartbeat thread extends
the lease; a worker killed mid-way leaves a lease that runs out (or, on the same machine, a process that no
longer exists), and the sweep hands the delivery to another worker.
"""

import logging
import os
import socket
import threading
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_guid.context import guid as current_request_id

from .models import Delivery, Event
from .services import HANDLERS, NotReady, wake

logger = logging.getLogger(__name__)

HOST = socket.gethostname()


@contextmanager
def request_id(value: str):
    """Log under `value` while the block runs, then under what was there before (a worker thread is reused)."""
    token = current_request_id.set(value)
    try:
        yield
    finally:
        current_request_id.reset(token)


def lease_seconds() -> int:
    return int(getattr(settings, "PRIMARIA_OUTBOX_LEASE_SECONDS", 120))


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 15 * 2 ** max(0, attempts - 1)))


def _token() -> str:
    return f"{HOST}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"[:100]


def _runnable(now):
    return Q(status=Delivery.Status.PENDING, available_at__lte=now) | Q(status=Delivery.Status.RUNNING,
                                                                        lease_until__lt=now)


def _take(delivery: Delivery, token: str, now) -> Delivery | None:
    if delivery.status == Delivery.Status.RUNNING and delivery.attempts >= Delivery.MAX_ATTEMPTS:
        delivery.status = Delivery.Status.FAILED
        delivery.last_error = (delivery.last_error + "\n" if delivery.last_error else "") + \
            "Lucrătorul s-a oprit în timpul lucrului de prea multe ori."
        delivery.finished_at = now
        delivery.save()
        return None
    delivery.status = Delivery.Status.RUNNING
    delivery.attempts += 1
    delivery.lease_until = now + timedelta(seconds=lease_seconds())
    delivery.heartbeat_at = now
    delivery.worker = token
    delivery.save()
    return delivery


def claim(delivery_id: int, token: str) -> Delivery | None:
    with transaction.atomic():
        now = timezone.now()
        delivery = (Delivery.objects.select_for_update(skip_locked=True, of=("self",)).filter(_runnable(now), pk=delivery_id)
                    .select_related("event").first())
        return _take(delivery, token, now) if delivery else None


def claim_more(handler: str, limit: int, token: str, exclude: int) -> list[Delivery]:
    with transaction.atomic():
        now = timezone.now()
        found = list(Delivery.objects.select_for_update(skip_locked=True, of=("self",)).filter(_runnable(now), handler=handler)
                     .exclude(pk=exclude).select_related("event").order_by("available_at", "pk")[:limit])
        return [taken for d in found if (taken := _take(d, token, now))]


def _settle(current: Delivery, error: Exception | None, now):
    current.lease_until = None
    if isinstance(error, NotReady):
        current.status = Delivery.Status.PENDING
        current.waiting = True
        current.attempts = max(0, current.attempts - 1)
        current.available_at = now + timedelta(hours=1)
        current.last_error = str(error)[:4000]
    elif error is not None:
        current.last_error = f"{type(error).__name__}: {error}"[:4000]
        current.waiting = False
        if current.attempts >= Delivery.MAX_ATTEMPTS:
            current.status = Delivery.Status.FAILED
            current.finished_at = now
        else:
            current.status = Delivery.Status.PENDING
            current.available_at = now + backoff(current.attempts)
    else:
        current.status = Delivery.Status.DONE
        current.waiting = False
        current.finished_at = now
        current.last_error = ""
    current.save()


class LeaseLost(Exception):
    """Another worker took the delivery over while this one worked (its lease ran out)."""


def finish(delivery: Delivery, token: str, error: Exception | None = None) -> bool:
    if error is None:  # done: one statement, which does nothing if another worker took the delivery over
        return bool(Delivery.objects.filter(pk=delivery.pk, worker=token, status=Delivery.Status.RUNNING).update(
            status=Delivery.Status.DONE, waiting=False, finished_at=timezone.now(), last_error="", lease_until=None))
    with transaction.atomic():
        current = Delivery.objects.select_for_update().filter(pk=delivery.pk).first()
        if current is None or current.worker != token or current.status != Delivery.Status.RUNNING:
            return False  # our lease ran out and another worker took it: its run counts
        _settle(current, error, timezone.now())
        return True


@contextmanager
def heartbeat(ids: list[int], token: str):
    """Extend the lease of the claimed deliveries while the handler works (a thread with its own connection)."""
    stop = threading.Event()
    interval = max(0.2, lease_seconds() / 3)

    def beat():
        try:
            while not stop.wait(interval):
                now = timezone.now()
                Delivery.objects.filter(pk__in=ids, worker=token, status=Delivery.Status.RUNNING).update(
                    lease_until=now + timedelta(seconds=lease_seconds()), heartbeat_at=now)
        except Exception:  # noqa: BLE001 - without a heartbeat the lease just runs out
            logger.warning("Reînnoirea rezervării efectelor %s a eșuat", ids, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name="outbox-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _events(deliveries: list[Delivery]) -> list[Event]:
    events = []
    for delivery in deliveries:
        event = delivery.event
        event.delivery = delivery
        event.last_attempt = delivery.attempts >= Delivery.MAX_ATTEMPTS
        events.append(event)
    return events


def run(delivery_id: int) -> bool:
    """Claim and carry out one delivery (and, for batch handlers, the other due ones). True if work was done."""
    token = _token()
    delivery = claim(delivery_id, token)
    if delivery is None:
        return False
    spec = HANDLERS.get(delivery.handler)
    if spec is None:
        finish(delivery, token, RuntimeError(f"Niciun cod nu tratează efectul „{delivery.handler}”."))
        return False
    deliveries = [delivery] + (claim_more(spec.name, spec.batch - 1, token,
                                          delivery.pk) if spec.batch > 1 else [])
    events = _events(deliveries)
    argument = events if spec.batch else events[0]
    # The handler's log lines carry the id of the request that made the change (a batch: the first one's).
    try:
        with request_id(events[0].request_id or f"efect-{delivery.pk}"), heartbeat([d.pk for d in deliveries], token):
            if spec.atomic:
                # The handler's writes and the "done" mark commit together, or not at all.
                with transaction.atomic():
                    spec.function(argument)
                    now = timezone.now()
                    for claimed in deliveries:
                        current = Delivery.objects.select_for_update().get(pk=claimed.pk)
                        if current.worker != token or current.status != Delivery.Status.RUNNING:
                            raise LeaseLost(f"Efectul {claimed.pk} a fost preluat de alt lucrător.")
                        _settle(current, None, now)
                    logger.debug("Efectul %s (%s) a fost făcut", delivery.pk, delivery.handler)
                _carry_on(spec, len(deliveries))
                return True
            spec.function(argument)
            logger.debug("Efectul %s (%s) a fost făcut", delivery.pk, delivery.handler)
    except LeaseLost:
        return False
    except Exception as exc:  # noqa: BLE001 - recorded on the delivery, retried with back-off
        if not isinstance(exc, NotReady):
            logger.exception("Efectul %s (%s) a eșuat", delivery.pk, delivery.handler)
        for claimed in deliveries:
            finish(claimed, token, exc)
        return False
    for claimed in deliveries:
        finish(claimed, token)
    _carry_on(spec, len(deliveries))
    return True


def _carry_on(spec, done: int):
    """A full batch may have left more behind: hand the next one to a worker now, so that a backlog of a batch
    handler drains batch after batch instead of one batch per sweep."""
    if spec.batch > 1 and done >= spec.batch:
        following = list(Delivery.objects.filter(_runnable(timezone.now()), handler=spec.name)
                         .order_by("available_at", "pk").values_list("pk", flat=True)[:1])
        if following:
            wake(following)


def _dead_here(worker: str) -> bool:
    """A delivery claimed by a process of this machine that no longer exists (killed mid-way)."""
    host, _, rest = worker.partition(":")
    pid = rest.split(":", 1)[0]
    if host != HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def due(grace_seconds: int = 30, limit: int = 1000) -> list[int]:
    """Deliveries to hand to a worker: due ones nobody took, and those whose worker died."""
    now = timezone.now()
    running = Delivery.objects.filter(status=Delivery.Status.RUNNING).values_list("pk", "worker", "lease_until")
    orphans = [pk for pk, worker, lease_until in running[:limit]
               if (lease_until and lease_until < now) or _dead_here(worker)]
    if orphans:
        Delivery.objects.filter(pk__in=orphans, status=Delivery.Status.RUNNING).update(lease_until=now - timedelta(seconds=1))
    pending = list(Delivery.objects.filter(status=Delivery.Status.PENDING, available_at__lte=now - timedelta(
        seconds=grace_seconds)).order_by("available_at", "pk").values_list("pk", flat=True)[:limit])
    return orphans + pending


def sweep(grace_seconds: int = 30) -> list[int]:
    ids = due(grace_seconds)
    wake(one_per_batch(ids))
    return ids


def one_per_batch(ids: list[int]) -> list[int]:
    """The deliveries to hand to workers: all of them, but for a batch handler one per batch (the run of that
    one claims the next ones in the same order as `due`), so that a backlog of thousands is not thousands of
    tasks."""
    handlers = dict(Delivery.objects.filter(pk__in=ids).values_list("pk", "handler"))
    seen, chosen = {}, []
    for pk in ids:
        name = handlers.get(pk)
        spec = HANDLERS.get(name)
        size = spec.batch if spec is not None and spec.batch > 1 else 1
        if seen.get(name, 0) % size == 0:
            chosen.append(pk)
        seen[name] = seen.get(name, 0) + 1
    return chosen


def drain(rounds: int = 100, *, delayed: bool = True) -> int:
    """Run every due delivery here, now (the tests' "the worker is back", and `manage.py outbox --drain`);
    with `delayed`, also those a handler's `delay` would have left for the next sweep."""
    done = 0
    for _ in range(rounds):
        if delayed:
            Delivery.objects.filter(status=Delivery.Status.PENDING, waiting=False,
                                    available_at__gt=timezone.now()).filter(
                handler__in=[h.name for h in HANDLERS.values() if h.delay]).update(available_at=timezone.now())
        ids = due(grace_seconds=0, limit=500)
        ran = sum(1 for pk in ids if run(pk))
        done += ran
        if not ran:
            break
    return done


def prune(keep_days: int | None = None, batch: int = 5000) -> int:
    """Forget deliveries done more than `keep_days` ago, and the events left with none (the timeline and
    the audit log keep the history; failed and waiting deliveries are never pruned)."""
    days = keep_days if keep_days is not None else int(getattr(settings, "PRIMARIA_OUTBOX_KEEP_DAYS", 30))
    before = timezone.now() - timedelta(days=days)
    removed = 0
    while True:
        ids = list(Delivery.objects.filter(status=Delivery.Status.DONE, finished_at__lt=before)
                   .values_list("pk", flat=True)[:batch])
        if not ids:
            break
        removed += Delivery.objects.filter(pk__in=ids).delete()[0]
    while True:
        ids = list(Event.objects.filter(created_at__lt=before, deliveries__isnull=True)
                   .values_list("pk", flat=True)[:batch])
        if not ids:
            break
        Event.objects.filter(pk__in=ids).delete()
    return removed
