"""What a closed request or report implies: one invitation to the satisfaction survey.

The handlers are atomic: the invitation (unique per request and per report), its e-mail and the "done" mark commit
together, and `services.invite` finds an existing invitation and does nothing, so a repeated delivery invites no
one twice. A report's rating given on its own page is taken as the survey's answer (`report.rated`).
"""

from primaria.outbox.services import handler

# request.issue: the answer was issued (granted or rejected): the request is closed. A withdrawn request is not
# surveyed: the applicant stopped it, there is no handling to rate.
REQUEST_CLOSED = ["request.issue"]
REPORT_CLOSED = ["report.resolve", "report.reject", "report.file"]


@handler("satisfaction.invite_request", on=REQUEST_CLOSED, atomic=True)
def invite_request(event):
    from .services import invite

    invite(request_id=event.payload.get("request_id"))


@handler("satisfaction.invite_report", on=REPORT_CLOSED, atomic=True)
def invite_report(event):
    from .services import invite

    invite(report_id=event.payload.get("report_id"))


@handler("satisfaction.record_rating", on=["report.rated"], atomic=True)
def record_rating(event):
    from .services import record_rating as take_rating

    take_rating(report_id=event.payload.get("report_id"))
