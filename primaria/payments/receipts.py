# i18n: ro (the receipt is a financial record in Romanian: its text, its title and the amount in words)
"""The receipt (chitanța) of every confirmed payment, sealed by the institution and kept in the payer's folder.

Issued by the outbox handler `payments.issue_receipt` of `payment.settled`, in three steps, so that no lock
is held while the PDF is rendered and sealed:

1. a short transaction locks the payment, and if it has no receipt yet takes the next number of the
   institution's receipt counter for the year (the counter's row lock, as the register's) and stores the
   `Receipt` without its file;
2. with no lock, the PDF is rendered (WeasyPrint) and sealed with the institution's electronic seal (PAdES,
   as the proof of registration), and the file is written to storage;
3. a short transaction locks the receipt and, if it still has no file, stores the document in the payer's
   folder and links it, with an audit entry.

A retry (or the handler run twice) finds the receipt numbered, or already with its file, and adds nothing.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from primaria.core.counters import take_number
from primaria.core.pdf import html_to_pdf

from .models import Payment, Receipt, ReceiptCounter

RECEIPT_TYPE = "chitanta"

_UNITS = ["zero", "unu", "doi", "trei", "patru", "cinci", "șase", "șapte", "opt", "nouă"]
_UNITS_F = ["zero", "una", "două", "trei", "patru", "cinci", "șase", "șapte", "opt", "nouă"]
_TEENS = ["zece", "unsprezece", "doisprezece", "treisprezece", "paisprezece", "cincisprezece", "șaisprezece",
          "șaptesprezece", "optsprezece", "nouăsprezece"]
_TENS = {2: "douăzeci", 3: "treizeci", 4: "patruzeci", 5: "cincizeci", 6: "șaizeci", 7: "șaptezeci",
         8: "optzeci", 9: "nouăzeci"}
# (value, singular with its article, plural): the counted word is feminine (mie) or neuter (milion).
_SCALES = [(10**9, "un miliard", "miliarde"), (10**6, "un milion", "milioane"), (10**3, "o mie", "mii")]


def _below_100(n: int, feminine: bool) -> str:
    if n < 10:
        return (_UNITS_F if feminine else _UNITS)[n]
    if n < 20:
        return "douăsprezece" if (n == 12 and feminine) else _TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (f" și {(_UNITS_F if feminine else _UNITS)[unit]}" if unit else "")


def _below_1000(n: int, feminine: bool) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append("o sută" if hundreds == 1 else f"{_UNITS_F[hundreds]} sute")
    if rest:
        words.append(_below_100(rest, feminine))
    return " ".join(words)


def _takes_de(n: int) -> bool:
    """Romanian puts "de" between a number and its noun when the number ends in 00 or in 20–99."""
    return n > 0 and (n % 100 == 0 or n % 100 >= 20)


def number_in_words(n: int, *, feminine: bool = False) -> str:
    """A whole number in Romanian words (masculine or feminine agreement of the last group)."""
    if n < 0:
        raise ValueError("number_in_words takes a positive number")
    if n == 0:
        return "zero"
    words = []
    for value, one, many in _SCALES:
        count, n = divmod(n, value)
        if count == 1:
            words.append(one)
        elif count:
            words.append(f"{_below_1000(count, True)}{' de' if _takes_de(count) else ''} {many}")
    if n:
        words.append(_below_1000(n, feminine))
    return " ".join(words)


def _counted(n: int, one: str, many: str) -> str:
    if n == 1:
        return one
    return f"{number_in_words(n)}{' de' if _takes_de(n) else ''} {many}"


def amount_in_words(amount) -> str:
    """Lei and bani in words, as a receipt writes the sum: 123.50 → "o sută douăzeci și trei de lei și
    cincizeci de bani"."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("amount_in_words takes a positive amount")
    lei, bani = divmod(int(amount * 100), 100)
    text = _counted(lei, "un leu", "lei")
    if bani:
        text += " și " + _counted(bani, "un ban", "bani")
    return text


def receipt_institution():
    from primaria.institutions.selectors import main_institution

    return main_institution()


def _take_number(institution, year: int) -> int:
    """The next receipt number of the year: concurrent receipts queue on the counter row (core.counters)."""
    return take_number(ReceiptCounter, institution, year)


def number_receipt(payment_id: int) -> Receipt | None:
    """Step 1: the payment's receipt, numbered once. None for a payment that is not confirmed."""
    from .models import PAID_STATUSES

    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        existing = Receipt.objects.filter(payment=payment).first()
        if existing is not None:
            return existing
        if payment.status not in PAID_STATUSES:
            return None
        institution = receipt_institution()
        year = timezone.localtime().year
        return Receipt.objects.create(payment=payment, institution=institution, year=year,
                                      series=institution.code.upper()[:20],
                                      number=_take_number(institution, year))


def render_receipt(receipt: Receipt) -> bytes:
    payment = receipt.payment
    with translation.override(settings.LANGUAGE_CODE):  # a financial record: in Romanian whoever reads it
        html = _render_receipt_html(receipt, payment)
    return html_to_pdf(html)


def _render_receipt_html(receipt: Receipt, payment) -> str:
    return render_to_string("payments/pdf/receipt.html", {
        "receipt": receipt, "payment": payment, "institution": receipt.institution, "party": payment.party,
        "lines": list(payment.lines.order_by("pk")), "amount_words": amount_in_words(payment.amount),
        "method": "ordin de plată (transfer bancar)" if payment.provider == "transfer" else "card bancar",
        "issued_at": timezone.localtime(receipt.issued_at), "paid_at": payment.settled_at and timezone.localtime(payment.settled_at),
    })


def sealed_receipt(receipt: Receipt) -> bytes:
    from primaria.signing.services import Stamp, finalize, institution_seal, sign_pdf

    institution = receipt.institution
    sealed = sign_pdf(
        render_receipt(receipt), credential=institution_seal(institution), field_name="SigiliuInstitutie",
        stamp=Stamp(signer_name=institution.name, function="Sigiliu electronic", capacity="Emis automat",
                    page=0, box=(51, 40, 300, 96)),
        reason=f"Chitanța {receipt.label}", location=institution.name,
    )
    return finalize(sealed)


def receipt_type():
    from primaria.documents.models import DocumentType

    kind, _ = DocumentType.objects.get_or_create(
        code=RECEIPT_TYPE, defaults={"name": "Chitanță", "description": "Chitanța unei plăți confirmate."})
    return kind


def issue_receipt(payment_id: int) -> Receipt | None:
    """Number, render, seal and store the receipt of a confirmed payment; repeated, it adds nothing."""
    from primaria.audit.services import record as audit
    from primaria.documents.models import Document
    from primaria.documents.services import store_generated

    receipt = number_receipt(payment_id)
    if receipt is None or receipt.document_id:
        return receipt
    receipt = Receipt.objects.select_related("payment__party", "institution").get(pk=receipt.pk)
    data = sealed_receipt(receipt)  # slow: no lock held
    kind = receipt_type()
    document = store_generated(
        owner=receipt.payment.party, institution=receipt.institution, data=data,
        title=f"Chitanța {receipt.label} – plata {receipt.payment.order_id}", source=Document.Source.ISSUED,
        document_type=kind, filename=f"chitanta-{receipt.series}-{receipt.number}-{receipt.year}.pdf", save=False,
    )
    with transaction.atomic():
        current = Receipt.objects.select_for_update().get(pk=receipt.pk)
        if current.document_id:  # another run got there first; the file written above is not linked
            return current
        document.issued_on = timezone.localtime(receipt.issued_at).date()
        document.save()
        current.document = document
        current.save(update_fields=["document"])
        audit(actor=None, action="payment.receipt_issued", target=receipt.payment, receipt=receipt.label,
              document_id=document.pk)
    return current
