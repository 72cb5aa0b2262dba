"""The search index kept per node: every machine that serves searches keeps its own tantivy index and brings it
up to date itself from the `archive.index` events in the database (`manage.py archive_follow`).

With `PRIMARIA_SEARCH_PER_NODE` on, the outbox's `archive.index` handler writes nothing: the events are the
log each node reads. On each node one process writes (the follower, under the engine's writer lock) and all the
node's web processes read, so nothing is shared between machines but PostgreSQL (docs/deployment.md, "The
search index on many machines").

The follower's place is a small file beside the index (`follower.json`): every event with an id up to
`done_below` has been applied, and `applied` lists the later ones already applied. Event ids are given when a
transaction inserts the event, not when it commits, so a later id can be visible before an earlier one: ids
missing below the newest applied one stay open until they are `SETTLE` old (a transaction still open after
that long is assumed to have ended), then `done_below` passes them. Re-applying an event is harmless (the
engine replaces a document's pages), so a crash between the index's commit and the file's write costs only
repeated work. A node with no file, or whose file is older than the events the database keeps
(`PRIMARIA_OUTBOX_KEEP_DAYS`), rebuilds its index from the database and starts from the events of that moment.
"""

import json
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from primaria.outbox.models import Event

EVENT = "archive.index"
SETTLE = timedelta(minutes=10)
STATE_FILE = "follower.json"


def per_node() -> bool:
    return bool(getattr(settings, "PRIMARIA_SEARCH_PER_NODE", False))


def _state_path() -> Path:
    return Path(settings.PRIMARIA_SEARCH_DIR) / STATE_FILE


def read_state() -> dict | None:
    try:
        return json.loads(_state_path().read_text())
    except (FileNotFoundError, ValueError):
        return None


def _write_state(state: dict):
    path = _state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(state))
    os.replace(partial, path)  # whole or not at all


def _stale(state: dict, now) -> bool:
    keep = timedelta(days=int(getattr(settings, "PRIMARIA_OUTBOX_KEEP_DAYS", 30)))
    return datetime.fromisoformat(state["at"]) < now - keep + timedelta(days=1)


def follow_once(*, limit: int = 2000, now=None) -> dict:
    """One pass: apply the events this node has not applied yet. Returns what it did."""
    from . import services

    now = now or timezone.now()
    state = read_state()
    if state is None or _stale(state, now):
        # The events of the last SETTLE are applied again after the rebuild (harmless), so one whose transaction
        # was still open while the rebuild read the pages is not lost.
        start = Event.objects.filter(created_at__lt=now - SETTLE).aggregate(last=Max("pk"))["last"] or 0
        pages = services.rebuild_index()
        state = {"done_below": start, "applied": [], "at": now.isoformat()}
        _write_state(state)
        return {"rebuilt": pages, "applied": 0}
    applied = set(state["applied"])
    events = list(Event.objects.filter(name=EVENT, pk__gt=state["done_below"]).exclude(pk__in=applied)
                  .order_by("pk").values_list("pk", "payload", "created_at")[:limit])
    if events:
        services.sync_index(sorted({payload["document_id"] for _pk, payload, _at in events}))
        applied.update(pk for pk, _payload, _at in events)
    done_below = _advance(state["done_below"], applied, now)
    state = {"done_below": done_below, "applied": sorted(pk for pk in applied if pk > done_below),
             "at": now.isoformat()}
    _write_state(state)
    return {"rebuilt": None, "applied": len(events)}


def _advance(done_below: int, applied: set, now) -> int:
    """How far every event is applied: up through the applied ids and the events of other kinds, and past an id
    not visible (a transaction still open, or rolled back) once the next visible event is SETTLE old."""
    if not applied:
        return done_below
    visible = {pk: (name, at) for pk, name, at in Event.objects.filter(pk__gt=done_below, pk__lte=max(applied))
               .values_list("pk", "name", "created_at")}
    waiting_since = None  # an invisible id was met: how old is the next visible event
    for pk in range(done_below + 1, max(applied) + 1):
        if pk not in visible:
            waiting_since = waiting_since or pk
            continue
        name, at = visible[pk]
        if waiting_since and at >= now - SETTLE:
            break
        if name == EVENT and pk not in applied:  # visible only since this pass read the events
            break
        waiting_since, done_below = None, pk
    return done_below


def follow(*, interval: float = 2.0, passes: int | None = None):
    """Follow until stopped (or for `passes` passes), pausing `interval` seconds when there was nothing to do."""
    done = 0
    while passes is None or done < passes:
        result = follow_once()
        done += 1
        if not result["applied"] and result["rebuilt"] is None:
            time.sleep(interval)
