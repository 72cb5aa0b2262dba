"""What can be paid: payable sources are plugins of `registry("payables")`.

A source (the fee of a catalog service, the local taxes of a person, a fine) lists the open items of a party
and applies a payment to one of its items. The payments app knows nothing else about them:

    open_items(party) -> list[PayableItem]      what the party owes now (the basket)
    item(reference) -> PayableItem | None       one item still to pay, by its reference (None: unknown or paid)
    apply(*, payment_id, party_id, reference, amount, paid_at) -> None
                                                the payment is confirmed: record it against the item; called
                                                by the handler of `payment.settled`, at least once, so it must
                                                be idempotent per (payment_id, reference)

A reference is unique within its source and short enough to be written in a bank transfer's details, where
the bank statement reconciliation looks for it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from primaria.core.plugins import Plugin, registry


@dataclass(frozen=True)
class PayableItem:
    source: str
    reference: str
    label: str  # as the payment line and the receipt keep it: in Romanian
    amount: Decimal
    party_id: int
    shown: str = ""  # the label in the page's language, when the source gives one (the basket shows it)

    @property
    def display(self) -> str:
        return self.shown or self.label


def labels(build) -> dict:
    """`label` (Romanian, kept on the payment line and the receipt) and `shown` (the page's language) of an item,
    from a function that writes the label with gettext: PayableItem(..., **labels(lambda: _("…") % {…}))."""
    with translation.override(settings.LANGUAGE_CODE):
        kept = str(build())[:300]
    return {"label": kept, "shown": str(build())[:300]}


def lei(amount) -> str:
    """An amount as Romanian writes it: 1.234,50 (the pages show amounts the same way, LANGUAGE_CODE "ro")."""
    return f"{Decimal(amount):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def shown(amount) -> str:
    """An amount as the page's language writes it: 1.234,50 (Romanian), 1,234.50 (English), 1 234,50 (Hungarian).
    Records (a receipt, a history line) keep the Romanian form: `lei`."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == "en":
        return f"{Decimal(amount):,.2f}"
    if language == "hu":
        return f"{Decimal(amount):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return lei(amount)


def item_key(item) -> str:
    """How a page names an item in a form: "source:reference" (any source's PayableItem)."""
    return f"{item.source}:{item.reference}"


class PayableSource(Plugin):
    def open_items(self, party) -> list[PayableItem]:
        raise NotImplementedError

    def item(self, reference: str) -> PayableItem | None:
        raise NotImplementedError

    def apply(self, *, payment_id: int, party_id: int, reference: str, amount: Decimal, paid_at) -> None:
        raise NotImplementedError


def payables():
    return registry("payables")


def source(identifier: str):
    """The payable source `identifier`, or None when no such plugin is registered."""
    sources = payables()
    return sources[identifier] if identifier in sources else None
