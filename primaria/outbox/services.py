"""Recording events with the change that causes them, and the handlers that carry out what they imply.

    record(name, subject, **payload)   inside the domain function's transaction: the event and one delivery
                                       per handler that listens to it; a worker is woken after commit
    @handler(name, on=[...])            registers what an event implies (an app's handlers.py, imported by
                                       its AppConfig.ready())
    retry(deliveries)                  the admin's and the health page's "retry": due again now, from zero

Handlers receive the `Event` (its `payload`, and `delivery`, the claimed delivery). They must be idempotent:
a worker that dies after the work and before marking it done runs it again. A handler declared `atomic`
runs in one transaction with the "done" mark, so its database effects happen exactly once; a handler that
talks to the outside world (SMTP, a webhook) runs outside any transaction and must make a repeat harmless
(for an e-mail, the same Message-ID). `NotReady` says the work cannot be done yet (a missing nomenclator
entry): the delivery waits an hour, or until `retry_waiting`, without using its attempts.
"""

import datetime
import decimal
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django_guid import get_guid

from .models import Delivery, Event

logger = logging.getLogger(__name__)


class NotReady(Exception):
    """The work cannot be done yet; the delivery waits without using attempts."""


@dataclass(frozen=True)
class Handler:
    name: str
    events: frozenset
    function: Callable
    atomic: bool = False
    batch: int = 0  # >0: the function takes a list of up to `batch` events (one index commit for many)
    when: Callable | None = None  # payload -> bool, decided when the event is recorded
    # >0: due this many seconds after the event, found by the periodic sweep (no task per event). For
    # backstops of work the web process already did after its commit: many events, one batched run.
    delay: int = 0


HANDLERS: dict[str, Handler] = {}


def handler(name: str, *, on: Iterable[str], atomic: bool = False, batch: int = 0, when: Callable | None = None,
            delay: int = 0):
    def register(function):
        HANDLERS[name] = Handler(name, frozenset(on), function, atomic, batch, when, delay)
        return function

    return register


def listeners(name: str, payload: dict) -> list[Handler]:
    return [h for h in HANDLERS.values() if name in h.events and (h.when is None or h.when(payload))]


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def record(name: str, subject=None, **payload) -> Event:
    """Record that `name` happened to `subject`, in the caller's transaction, with a delivery per listener."""
    payload = _jsonable(payload)
    with transaction.atomic(savepoint=False):  # part of the caller's transaction, or its own outside one
        event = Event.objects.create(
            name=name, payload=payload,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
            request_id=(get_guid() or "")[:64],
        )
        now = timezone.now()
        specs = listeners(name, payload)
        deliveries = [Delivery(event=event, handler=h.name, available_at=now + datetime.timedelta(seconds=h.delay),
                               created_at=now) for h in specs]
        if deliveries:
            Delivery.objects.bulk_create(deliveries)
            if not all(d.pk for d in deliveries):  # a database that does not return the new ids
                by_handler = dict(Delivery.objects.filter(event=event).values_list("handler", "pk"))
                for delivery in deliveries:
                    delivery.pk = by_handler[delivery.handler]
            ids = [d.pk for d, h in zip(deliveries, specs, strict=True) if not h.delay]
            if ids:
                transaction.on_commit(lambda: wake(ids), robust=True)
    return event


def wake(delivery_ids):
    """Hand deliveries to the task queue now. Only a nudge: if the queue is down, the sweep finds them."""
    from .tasks import run_delivery

    for pk in delivery_ids:
        try:
            run_delivery(pk)
        except Exception:  # noqa: BLE001 - the delivery stays pending in the database
            logger.warning("Efectul %s nu a putut fi pus în coadă; îl reia verificarea periodică.", pk, exc_info=True)


def retry(deliveries) -> int:
    """Make failed, waiting or pending deliveries due again now, with their attempts counted from zero."""
    ids = [d.pk if isinstance(d, Delivery) else d for d in deliveries]
    with transaction.atomic():
        ids = list(Delivery.objects.select_for_update().filter(pk__in=ids).exclude(
            status__in=[Delivery.Status.DONE, Delivery.Status.RUNNING]).values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.PENDING, attempts=0, available_at=timezone.now(), waiting=False, finished_at=None)
        transaction.on_commit(lambda: wake(ids), robust=True)
    return len(ids)


def retry_waiting(handler_name: str) -> int:
    """Deliveries of `handler_name` waiting for a condition are tried now (the condition may hold now)."""
    return retry(Delivery.objects.filter(handler=handler_name, status=Delivery.Status.PENDING, waiting=True))


def for_subject(obj):
    """The deliveries of the events recorded for `obj`, newest first (what a change implied, and how it went)."""
    return (Delivery.objects.filter(event__subject_type=obj._meta.label_lower, event__subject_id=str(obj.pk))
            .select_related("event").order_by("-pk"))
