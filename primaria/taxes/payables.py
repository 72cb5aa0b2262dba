"""What a party owes the local budget, offered to the payments app as a plugin of kind "payables".

The payments app asks `open_items(party)` (one item per debt reference, increases run up to today included),
`item(reference)` for one reference, and calls `apply(...)` once a payment is confirmed; `apply` is idempotent
per (payment, reference) and distributes the amount over all the party's debts in the legal order
(services.apply_payment). A site offers only the debts owed to its own city hall, and a payment extinguishes only
the debts owed to the city hall of the reference it pays (a reference is unique on the whole installation).
"""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.plugins import HealthReport, registry
from primaria.institutions import tenancy
from primaria.payments.payables import PayableItem, PayableSource, labels

from . import references

SOURCE = "taxe-locale"


def _label(row) -> str:
    debt = row.debt
    what = str(debt.get_kind_display())
    if debt.item_id:
        what += f" – {debt.item.label}"
    if debt.kind == "amenda":
        what += f" ({debt.title})" if debt.title else ""
    elif debt.monthly:
        what += ", " + _("%(year)s, luna %(term)s") % {"year": debt.year, "term": debt.term}
    elif debt.category == "principal":
        what += ", " + _("%(year)s, rata %(term)s") % {"year": debt.year, "term": debt.term}
    if row.increase:
        what += " " + _("(cu majorări de %(amount)s lei)") % {"amount": row.increase}
    return what[:300]


def _items(rows, party_id) -> list[PayableItem]:
    return [PayableItem(SOURCE, row.debt.reference, amount=row.total, party_id=party_id,
                        **labels(lambda row=row: _label(row))) for row in rows if row.total > 0]


@registry("payables").register
class LocalTaxes(PayableSource):
    identifier = SOURCE
    verbose_name = gettext_lazy("Impozite și taxe locale")

    def open_items(self, party) -> list[PayableItem]:
        from .selectors import debt_rows

        return _items(debt_rows(party, timezone.localdate(), include_closed=False), party.pk)

    def item(self, reference: str) -> PayableItem | None:
        from .models import Debt
        from .selectors import debt_rows

        reference = references.normalise(reference)
        if not references.valid(reference):
            return None
        debt = Debt.objects.select_related("party", "institution").filter(reference=reference).first()
        if debt is None:
            return None
        serving = tenancy.current()  # on a city hall's site, only its own debts are paid
        if serving is not None and debt.institution_id != serving.pk:
            return None
        rows = [r for r in debt_rows(debt.party, timezone.localdate(), of=debt.institution) if r.debt.pk == debt.pk]
        found = _items(rows, debt.party_id)
        return found[0] if found else None

    def apply(self, *, payment_id: int, party_id: int, reference: str, amount: Decimal, paid_at: datetime) -> None:
        from .services import apply_payment

        apply_payment(payment_id=payment_id, party_id=party_id, reference=reference, amount=amount, paid_at=paid_at)

    def check_config(self) -> HealthReport:
        from .selectors import latest_ruleset

        year = timezone.localdate().year
        if latest_ruleset(year) is None:
            return HealthReport(ok=False, message=_("Nu există reguli (HCL) pentru anul %(year)s.") % {"year": year})
        return HealthReport(ok=True, message=_("Regulile anului %(year)s sunt înregistrate.") % {"year": year})
