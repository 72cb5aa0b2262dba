"""What other apps' events imply for the tax office: an approved fiscal declaration enters the register.

The handler runs in one transaction with its "done" mark (atomic), and the holding it makes names the request
(unique), so a second run adds nothing.
"""

from django.utils.translation import gettext_noop

from primaria.core.phrases import phrase
from primaria.outbox.services import handler

# The line each event leaves among the party's credits (primaria.core.phrases: shown in the reader's language).
CREDIT_EVENTS = {
    "taxes.year_emitted": gettext_noop("Compensat cu obligațiile de plată (debitele anului %(year)s)"),
    "taxes.fine_recorded": gettext_noop("Compensat cu obligațiile de plată (amenda înregistrată)"),
}

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


@handler("taxes.apply_credit", on=list(CREDIT_EVENTS), atomic=True)
def apply_credit(event):
    """New debts (the year's emission, a fine) take what a party has as credit, in the legal order. Atomic: the
    compensation and the "done" mark commit together, so each event compensates once. The credit used is the one
    with the city hall of the event's debts (the emission's rules', the fine's), against that city hall's debts."""
    from primaria.institutions.models import Institution

    from .models import Account, Debt, RuleSet
    from .services import apply_credit as compensate

    key = CREDIT_EVENTS[event.name]
    why = phrase(key, year=event.payload.get("year", "")) if "%(year)s" in key else phrase(key)
    if event.name == "taxes.fine_recorded":
        institution_id = (Debt.objects.filter(reference=event.payload.get("reference")).values_list(
            "institution_id", flat=True).first())
        parties = [event.payload.get("party_id")]
    else:
        institution_id = (RuleSet.objects.filter(pk=event.payload.get("ruleset_id")).values_list(
            "institution_id", flat=True).first())
        parties = list(Account.objects.filter(credit__gt=0, institution_id=institution_id).order_by("party_id")
                       .values_list("party_id", flat=True))
    city_hall = Institution.objects.filter(pk=institution_id).first()
    if city_hall is None:
        return
    for party_id in parties:
        if party_id:
            compensate(party_id=party_id, event_id=event.pk, why=why, city_hall=city_hall)


@handler("taxes.seal_certificate", on=["taxes.certificate_numbered"])
def seal_certificate(event):
    """A numbered certificate whose seal failed when it was asked for is sealed now. Not atomic: the PDF is
    rendered and sealed with no lock held; `seal_certificate` links the document once (a failure is retried)."""
    from .certificate import seal_certificate as seal

    seal(event.payload["certificate_id"])
