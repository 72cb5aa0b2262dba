"""The payable source "taxa-serviciu": the fee of a catalog service, and its urgent fee, for a filed request.

A request for a service with a fee (`catalog.Service.fee`, and `urgent_fee` when filed as urgent) owes it
from the moment it is filed; the applicant pays it from the basket (/plati/), by card or by transfer with
the reference shown there. The reference is `TS` (the fee) or `TU` (the urgent fee) and the request's id on
seven digits, e.g. TS0000042: short enough for a payment order's details. Once a payment is confirmed, the
handler of `payment.settled` calls `apply`, which records the fee as paid (`ServiceFee`, once per request and
kind) and writes a line in the request's timeline.
"""

import logging
import re
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.plugins import registry

from .models import ServiceFee
from .payables import PayableItem, PayableSource, lei, shown

logger = logging.getLogger(__name__)

REFERENCE = re.compile(r"^T([SU])(\d{7,12})$")
KINDS = {"S": ServiceFee.Kind.FEE, "U": ServiceFee.Kind.URGENT}


def reference_of(request_id: int, kind: str) -> str:
    return f"T{'S' if kind == ServiceFee.Kind.FEE else 'U'}{request_id:07d}"


def _parse(reference: str):
    match = REFERENCE.match((reference or "").strip().upper())
    return (int(match.group(2)), KINDS[match.group(1)]) if match else (None, None)


def _owed(request) -> list[tuple[str, Decimal, str]]:
    """(kind, amount, label) of what a filed request owes, paid or not."""
    service, owed = request.service, []
    number = request.reference or f"#{request.pk}"
    if service.fee and service.fee > 0:
        owed.append((ServiceFee.Kind.FEE, service.fee,
                     _("Taxa pentru „%(service)s”, cererea nr. %(number)s") % {"service": service.name, "number": number}))
    if request.urgent and service.urgent_fee and service.urgent_fee > 0:
        owed.append((ServiceFee.Kind.URGENT, service.urgent_fee,
                     _("Taxa de urgență pentru „%(service)s”, cererea nr. %(number)s") % {
                         "service": service.name, "number": number}))
    return owed


def _filed(queryset):
    from primaria.requests.models import Status

    return queryset.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN]).select_related("service", "registry_entry")


@registry("payables").register
class ServiceFeeSource(PayableSource):
    identifier = "taxa-serviciu"
    verbose_name = gettext_lazy("Taxele serviciilor (la depunerea cererii)")

    def _item(self, request, kind, amount, label) -> PayableItem:
        with translation.override(settings.LANGUAGE_CODE):  # the payment line and the receipt keep it in Romanian
            kept = next((text for k, _amount, text in _owed(request) if k == kind), label)
        return PayableItem(source=self.identifier, reference=reference_of(request.pk, kind), label=kept[:300],
                           amount=amount, party_id=request.applicant_id, shown=label[:300])

    def open_items(self, party) -> list[PayableItem]:
        from django.db.models import Q

        from primaria.institutions.selectors import served_institution_ids
        from primaria.requests.models import Request

        # The fees of the requests filed with the city hall whose site this is: each is paid to its own budget.
        requests = list(_filed(Request.objects.filter(applicant=party, institution_id__in=served_institution_ids()))
                        .filter(Q(service__fee__gt=0) | Q(urgent=True, service__urgent_fee__gt=0)).order_by("pk"))
        paid = set(ServiceFee.objects.filter(request__in=[r.pk for r in requests]).values_list("request_id", "kind"))
        return [self._item(request, kind, amount, label) for request in requests
                for kind, amount, label in _owed(request) if (request.pk, kind) not in paid]

    def item(self, reference: str) -> PayableItem | None:
        from primaria.requests.models import Request

        request_id, kind = _parse(reference)
        if request_id is None:
            return None
        request = _filed(Request.objects.filter(pk=request_id)).first()
        if request is None or ServiceFee.objects.filter(request_id=request_id, kind=kind).exists():
            return None
        from primaria.institutions import tenancy

        serving = tenancy.current()
        if serving is not None and request.institution_id not in tenancy.institution_ids(serving):
            return None  # another city hall's fee: paid on its own site, to its own budget
        return next((self._item(request, k, amount, label) for k, amount, label in _owed(request) if k == kind), None)

    def apply(self, *, payment_id: int, party_id: int, reference: str, amount: Decimal, paid_at) -> None:
        from primaria.requests import services as request_services
        from primaria.requests.models import Request

        from .models import Payment

        request_id, kind = _parse(reference)
        if request_id is None:
            raise ValueError(f"Referință necunoscută pentru taxa-serviciu: {reference!r}")  # i18n: ro (internal error)
        with transaction.atomic():
            request = Request.objects.select_related("service").get(pk=request_id)
            fee, created = ServiceFee.objects.get_or_create(
                request=request, kind=kind, defaults={"payment_id": payment_id, "amount": amount, "paid_at": paid_at})
            if not created:
                if fee.payment_id != payment_id:
                    logger.warning("Taxa %s a cererii %s a fost plătită de două ori (plățile %s și %s); "
                                   "a doua se rambursează din birou.", kind, request_id, fee.payment_id, payment_id)
                return
            if request_services.allowed(request, "note_step"):
                order_id = Payment.objects.filter(pk=payment_id).values_list("order_id", flat=True).first()
                # i18n: ro (a line of the request's history, kept in Romanian until requests.note_step keeps phrases)
                what = "Taxa de urgență" if kind == ServiceFee.Kind.URGENT else "Taxa"  # i18n: ro
                request_services.note_step(
                    request_id=request.pk, actor=None,
                    message=f"{what} de {lei(amount)} lei a fost plătită (plata nr. {order_id}).",  # i18n: ro
                    payment=order_id)


# --- the fee of one request, as its pages show it ---------------------------------------------------------


class FeeLine:
    """One fee of a filed request: what it is, whether it is paid, and a payment in progress for it."""

    def __init__(self, *, kind, label, amount, reference, paid=None, open_payment=None, settled_payment=None):
        self.kind, self.label, self.amount, self.reference = kind, label, amount, reference
        self.paid, self.open_payment, self.settled_payment = paid, open_payment, settled_payment

    @property
    def is_paid(self):
        """Recorded as paid, or paid by a confirmed payment the outbox is about to record."""
        return self.paid is not None or self.settled_payment is not None

    @property
    def payment(self):
        """The payment that paid the fee (recorded or about to be)."""
        return self.paid.payment if self.paid is not None else self.settled_payment

    @property
    def key(self):
        return f"{ServiceFeeSource.identifier}:{self.reference}"

    @property
    def amount_label(self):
        return shown(self.amount)


def fees_of(request) -> list[FeeLine]:
    """The fees a request owes (the service's fee, the urgent fee), each with its `ServiceFee` when paid and
    the open payment that covers it, if any. A fee once paid stays paid: a refund never reopens it."""
    from .models import OPEN_STATUSES, PAID_STATUSES, PaymentLine

    owed = _owed(request)
    if not owed:
        return []
    paid = {fee.kind: fee for fee in ServiceFee.objects.filter(request_id=request.pk).select_related("payment")}
    references = [reference_of(request.pk, kind) for kind, _amount, _label in owed]
    open_lines, settled_lines = {}, {}
    for line in (PaymentLine.objects.filter(source=ServiceFeeSource.identifier, reference__in=references,
                                            payment__status__in=[*OPEN_STATUSES, *PAID_STATUSES])
                 .select_related("payment").order_by("payment__created_at", "pk")):  # the newest wins
        (open_lines if line.payment.status in OPEN_STATUSES else settled_lines)[line.reference] = line.payment
    lines = []
    for kind, amount, label in owed:
        reference = reference_of(request.pk, kind)
        done = paid.get(kind)
        settled = None if done else settled_lines.get(reference)
        lines.append(FeeLine(kind=kind, label=label, amount=amount, reference=reference, paid=done,
                             settled_payment=settled,
                             open_payment=None if done or settled else open_lines.get(reference)))
    return lines


def unpaid_fees(request) -> list[FeeLine]:
    return [line for line in fees_of(request) if not line.is_paid]


def fees_total(request) -> Decimal:
    """What filing `request` costs: its fee and, when urgent, the urgent fee."""
    return sum((amount for _kind, amount, _label in _owed(request)), Decimal("0"))


def fee_summary(request) -> dict | None:
    """For a request's pages: its fee lines, whether any is unpaid and the payment in progress for them."""
    lines = fees_of(request)
    if not lines:
        return None
    unpaid = [line for line in lines if not line.is_paid]
    return {"lines": lines, "unpaid": bool(unpaid),
            "open_payment": next((line.open_payment for line in unpaid if line.open_payment), None),
            "total": shown(sum((line.amount for line in unpaid), Decimal("0")))}
