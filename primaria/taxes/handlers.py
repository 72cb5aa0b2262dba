"""What other apps' events imply for the tax office: an approved fiscal declaration enters the register.

The handler runs in one transaction with its "done" mark (atomic), and the holding it makes names the request
(unique), so a second run adds nothing.
"""

from primaria.outbox.services import handler

DECLARATION_SERVICES = frozenset({"declaratie-fiscala-cladiri", "declaratie-fiscala-teren",
                                  "declaratie-fiscala-mijloace-transport"})


@handler("taxes.feed_register", on=["request.issue"], atomic=True)
def feed_register(event):
    from primaria.requests.models import Outcome, Request

    from .services import feed_declaration

    request = Request.objects.select_related("service", "applicant").filter(pk=event.payload.get("request_id")).first()
    if request is None or request.outcome != Outcome.GRANTED or request.service.slug not in DECLARATION_SERVICES:
        return
    feed_declaration(request)
