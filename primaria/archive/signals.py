import logging

logger = logging.getLogger(__name__)


def request_closed(sender, request, action, **kwargs):
    """After a request's change commits: once it is resolved (answer issued) or withdrawn, queue its archiving.

    The decision is taken on the request's status, not on the action's name, so that a change in the
    request workflow (new steps, renamed actions) still archives every closed request exactly once.
    """
    from primaria.requests.models import CLOSED_STATUSES

    if request.status not in CLOSED_STATUSES or action == "claim":
        return
    from . import services

    try:
        services.archive_request_later(request)
    except Exception:  # noqa: BLE001 - never break the request's own flow; the job can be queued again
        logger.exception("Arhivarea cererii %s nu a putut fi programată", request.pk)
