"""What a request's events imply besides the process and the archive: the cached lists follow the change.

`Generation.changed()` renews the inbox pages and the applicants' lists as soon as the change commits (the
fast path, requests.signals); this handler renews them again from the recorded events, so a web process that
dies between its commit and that callback leaves no stale page behind for longer than about a minute and a
half. It is a backstop, so it does not cost a task per event: its deliveries fall due a minute after the
change and the periodic sweep hands them to a worker in batches.
"""

from primaria.outbox.services import handler

from .services import TRANSITIONS


@handler("requests.renew_lists", on=[f"request.{action}" for action in TRANSITIONS], batch=500, delay=60)
def renew_lists(events):
    from primaria.workflow.selectors import ASKED

    from .selectors import INBOX, MINE
    from .signals import EVERYONE

    applicants, departments, asked = set(), set(), False
    for event in events:
        payload = event.payload
        if payload.get("everyone"):
            MINE.renew(EVERYONE)
            INBOX.renew(EVERYONE)
            continue
        applicants.update(payload.get("applicants") or [])
        if payload["status"] == "draft" and payload.get("status_from") in ("draft", None):
            continue  # a draft is in nobody's inbox
        touched = payload.get("departments", [])
        departments.update(touched)
        asked = asked or len(touched) > 1  # the opinions asked of other departments are relative to the request's own
    if applicants:
        MINE.renew(*sorted(applicants))
    if departments:
        INBOX.renew(*sorted(departments))
    if asked:
        ASKED.renew()
