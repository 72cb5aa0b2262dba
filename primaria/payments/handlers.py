"""What a confirmed payment implies: each paid item is recorded by its payable source.

`payment.settled` is recorded by `services.settle` (card) and `services.import_statement` (transfer) in the
transaction that confirms the payment. The handler runs in one transaction with its "done" mark (atomic), and
the sources' `apply` is idempotent per (payment, reference), so a retry records nothing twice.
"""

from decimal import Decimal

from primaria.outbox.services import NotReady, handler

from .models import Payment, PaymentLine
from .payables import source


@handler("payments.apply_lines", on=["payment.settled"], atomic=True)
def apply_lines(event):
    payment = Payment.objects.get(pk=event.payload["payment_id"])
    for line in PaymentLine.objects.filter(payment=payment).order_by("pk"):
        plugin = source(line.source)
        if plugin is None:
            raise NotReady(f"Sursa de plată „{line.source}” nu este instalată.")  # i18n: ro (an internal state, for the outbox log)
        plugin.apply(payment_id=payment.pk, party_id=payment.party_id, reference=line.reference,
                     amount=Decimal(line.amount), paid_at=payment.settled_at)


@handler("payments.issue_receipt", on=["payment.settled"])
def issue_receipt(event):
    """The sealed receipt in the payer's folder (not for a payment at the cashier, who gave one). Not atomic: the PDF is rendered and sealed with no lock
    held; `receipts.issue_receipt` is idempotent (one receipt per payment, its number taken once)."""
    from primaria.signing.services import SigningError, institution_seal

    from .receipts import issue_receipt as issue
    from .receipts import receipt_institution

    if event.payload.get("provider") == "casierie":
        return  # the cashier handed over the receipt on paper; its number is the payment's reference
    try:
        institution_seal(receipt_institution())  # checked before a number is taken
    except SigningError as exc:
        raise NotReady(f"Chitanța așteaptă sigiliul electronic al instituției: {exc}") from exc  # i18n: ro (an internal state, for the outbox log)
    issue(event.payload["payment_id"])
