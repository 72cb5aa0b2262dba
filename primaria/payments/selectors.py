"""Reads: the basket, a payer's payments, the office's lists and the tax office's daily report."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.institutions.selectors import main_institution

from .models import OPEN_STATUSES, PAID_STATUSES, Payment, PaymentLine, Refund, StatementLine
from .payables import item_key, payables
from .providers import card_providers


@dataclass
class BasketEntry:
    item: object
    source_name: str
    open_payment: Payment | None = None

    @property
    def key(self):
        return item_key(self.item)


def basket(party) -> list[BasketEntry]:
    """What `party` owes now, from every payable source; items with a payment in progress name it."""
    if party is None:
        return []
    entries = [BasketEntry(item, plugin.verbose_name or plugin.identifier)
               for plugin in payables() for item in plugin.open_items(party)]
    if entries:
        open_lines = (PaymentLine.objects.filter(payment__party=party, payment__status__in=OPEN_STATUSES,
                                                 reference__in=[e.item.reference for e in entries])
                      .select_related("payment"))
        by_key = {(line.source, line.reference): line.payment for line in open_lines}
        for entry in entries:
            entry.open_payment = by_key.get((entry.item.source, entry.item.reference))
    return entries


def payment_methods():
    return card_providers()


def payments_of(party, limit=100):
    if party is None:
        return Payment.objects.none()
    return (Payment.objects.filter(party=party).select_related("receipt__document").prefetch_related("lines")
            .order_by("-created_at", "-pk")[:limit])


def office_payments(*, query: str = "", status: str = "", limit: int = 200):
    payments = Payment.objects.filter(city_hall=main_institution()).select_related("party").order_by("-created_at", "-pk")
    if status:
        payments = payments.filter(status=status)
    if query:
        query = query.strip()
        payments = payments.filter(Q(order_id__iexact=query) | Q(provider_reference__iexact=query)
                                   | Q(lines__reference__iexact=query) | Q(party__name__icontains=query)).distinct()
    return payments[:limit]


def unmatched_lines(limit: int = 200):
    """Incoming transfers no item could take, for the tax office to handle by hand (debits are not listed)."""
    return (StatementLine.objects.filter(status=StatementLine.Status.UNMATCHED, amount__gt=0,
                                         statement__city_hall=main_institution())
            .select_related("statement").order_by("-booked_on", "pk")[:limit])


# --- the daily reconciliation report ---------------------------------------------------------------------


@dataclass
class DailyReport:
    day: object
    rows: list = field(default_factory=list)
    by_provider: dict = field(default_factory=dict)
    by_source: dict = field(default_factory=dict)
    collected: Decimal = Decimal("0")
    refunded: Decimal = Decimal("0")

    @property
    def net(self):
        return self.collected - self.refunded


def _bounds(day):
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def daily_report(day) -> DailyReport:
    """Every payment confirmed and every refund made on `day` (the city's date), line by line, with totals per
    way of paying and per source: what the tax office checks against the bank and the treasury."""
    start, end = _bounds(day)
    report = DailyReport(day=day)
    by_provider = defaultdict(lambda: {"count": 0, "amount": Decimal("0")})
    by_source = defaultdict(lambda: Decimal("0"))
    city_hall = main_institution()
    payments = (Payment.objects.filter(status__in=PAID_STATUSES, settled_at__gte=start, settled_at__lt=end,
                                       city_hall=city_hall)
                .select_related("party").prefetch_related("lines").order_by("settled_at", "pk"))
    for payment in payments:
        by_provider[payment.provider]["count"] += 1
        by_provider[payment.provider]["amount"] += payment.amount
        report.collected += payment.amount
        for line in payment.lines.all():
            by_source[line.source] += line.amount
            report.rows.append({"kind": _("încasare"), "at": timezone.localtime(payment.settled_at), "payment": payment,
                                "source": line.source, "reference": line.reference, "label": line.label,
                                "amount": line.amount})
    refunds = (Refund.objects.filter(status=Refund.Status.DONE, done_at__gte=start, done_at__lt=end,
                                     payment__city_hall=city_hall)
               .select_related("payment", "payment__party").order_by("done_at", "pk"))
    for entry in refunds:
        report.refunded += entry.amount
        report.rows.append({"kind": "rambursare", "at": timezone.localtime(entry.done_at), "payment": entry.payment,
                            "source": "", "reference": entry.provider_reference, "label": entry.reason[:120],
                            "amount": -entry.amount})
    report.rows.sort(key=lambda row: row["at"])
    report.by_provider, report.by_source = dict(by_provider), dict(by_source)
    return report


REPORT_COLUMNS = ["Tip", gettext_lazy("Data și ora"), gettext_lazy("Nr. comandă"), "Modalitatea", gettext_lazy("Referința procesatorului"), gettext_lazy("Plătitor"),
                  "Identificator", "Sursa", gettext_lazy("Referința"), "Descrierea", "Suma (lei)"]


def report_rows(report: DailyReport):
    for row in report.rows:
        payment = row["payment"]
        yield [row["kind"], row["at"].strftime("%d.%m.%Y %H:%M:%S"), payment.order_id, payment.provider,
               payment.provider_reference, payment.party.name, payment.party.masked_identifier, row["source"],
               row["reference"], row["label"], f"{row['amount']:.2f}"]
