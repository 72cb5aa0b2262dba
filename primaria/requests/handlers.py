"""What a request's events imply besides the process and the archive: the cached lists follow the change.

`Generation.changed()` renews the inbox pages and the applicants' lists as soon as the change commits (the
fast path, requests.signals); this handler renews them again from the recorded event, so a web process that
dies between its commit and that callback leaves no stale page behind.
"""

from primaria.outbox.services import handler

from .services import TRANSITIONS


@handler("requests.renew_lists", on=[f"request.{action}" for action in TRANSITIONS])
def renew_lists(event):
    from primaria.workflow.selectors import ASKED

    from .selectors import INBOX, MINE
    from .signals import EVERYONE

    payload = event.payload
    if payload.get("everyone"):
        MINE.renew(EVERYONE)
        INBOX.renew(EVERYONE)
        return
    if payload.get("applicants"):
        MINE.renew(*payload["applicants"])
    if payload["status"] == "draft" and payload.get("status_from") in ("draft", None):
        return  # a draft is in nobody's inbox
    departments = payload.get("departments", [])
    if departments:
        INBOX.renew(*departments)
    if len(departments) > 1:
        ASKED.renew()  # the opinions asked of other departments are relative to the request's own
