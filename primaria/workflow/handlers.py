"""The process follows the request: `request_changed` arrives after the request's change has committed."""

import logging

logger = logging.getLogger(__name__)

# ask_completion and complete stop and restart the clocks of the steps in progress.
FOLLOWED = {"propose", "issue", "withdraw", "sign", "ask_completion", "complete"}


def request_changed(sender, request, action, **kwargs):
    from . import services, tasks

    try:
        if action == "submit":
            # The engine starts the process in a worker: the applicant has their number without waiting for
            # it, and a start that is lost is made good by tasks.start_missing_processes.
            tasks.start_process(request.pk)
        elif action in FOLLOWED:
            services.follow_request(request_id=request.pk, action=action)
    except Exception:  # noqa: BLE001 - the request's own change has committed; never turn it into an error page
        logger.exception("Procesul cererii %s nu a putut urma acțiunea %s", request.pk, action)
