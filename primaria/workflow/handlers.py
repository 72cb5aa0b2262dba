"""The process follows the request: handlers of the request's events (primaria.outbox), run by a worker
after the change has committed, each in one transaction with its "done" mark (exactly once in effect)."""

from primaria.outbox.services import handler

# ask_completion and complete stop and restart the clocks of the steps in progress.
FOLLOWED = ("propose", "issue", "withdraw", "sign", "ask_completion", "complete")


@handler("workflow.start", on=["request.submit"], atomic=True)
def start(event):
    """The engine starts the process in a worker: the applicant has their number without waiting for it."""
    from . import services

    services.start(request_id=event.payload["request_id"])


@handler("workflow.follow", on=[f"request.{action}" for action in FOLLOWED], atomic=True)
def follow(event):
    from . import services

    services.follow_request(request_id=event.payload["request_id"], action=event.payload["action"])
