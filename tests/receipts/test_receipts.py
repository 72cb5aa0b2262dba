"""Receipts (chitanțe): one sealed receipt per confirmed payment in the payer's folder, with the sum in words."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from primaria.documents.models import Document
from primaria.outbox import runner
from primaria.outbox.models import Event
from primaria.payments import handlers
from primaria.payments.models import Payment, Receipt, ReceiptCounter, Status
from primaria.payments.receipts import amount_in_words
from tests.factories import submitted_request
from tests.pdftools import pdftotext


@pytest.mark.parametrize("amount, words", [
    ("0.50", "zero lei și cincizeci de bani"),
    ("1", "un leu"),
    ("1.01", "un leu și un ban"),
    ("2.02", "doi lei și doi bani"),
    ("12", "doisprezece lei"),
    ("19.19", "nouăsprezece lei și nouăsprezece bani"),
    ("20", "douăzeci de lei"),
    ("21", "douăzeci și unu de lei"),
    ("100", "o sută de lei"),
    ("101", "o sută unu lei"),
    ("123.50", "o sută douăzeci și trei de lei și cincizeci de bani"),
    ("212.12", "două sute doisprezece lei și doisprezece bani"),
    ("1000", "o mie de lei"),
    ("1001", "o mie unu lei"),
    ("2012", "două mii doisprezece lei"),
    ("12000", "douăsprezece mii de lei"),
    ("22000", "douăzeci și două de mii de lei"),
    ("101000", "o sută una mii de lei"),
    ("1000000", "un milion de lei"),
    ("2500000.99", "două milioane cinci sute de mii de lei și nouăzeci și nouă de bani"),
])
def test_amounts_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def _pay_by_transfer(client, users, request, transaction_id="TRX-0001"):
    client.force_login(users.itl_specialist)
    csv = ("data;suma;moneda;id;platitor;detalii\n"
           f"04.12.2026;30,00;RON;{transaction_id};POPESCU ION;Plata taxa ref. ts{request.pk:07d} adeverinta\n").encode()
    response = client.post("/birou/plati/extrase/", {"statement": SimpleUploadedFile("extras.csv", csv, "text/plain")})
    assert response.status_code == 200
    return Payment.objects.get(provider="transfer", provider_reference=f"CSV:{transaction_id}")


def test_a_confirmed_transfer_gets_one_sealed_receipt_in_the_folder(client, users, city, pki, tmp_path):
    from primaria.signing.services import validate

    filed = submitted_request(users.ion)
    payment = _pay_by_transfer(client, users, filed)
    assert payment.status == Status.CONFIRMED
    runner.drain()

    receipt = Receipt.objects.get(payment=payment)
    document = receipt.document
    assert document.owner == payment.party and document.source == Document.Source.ISSUED
    assert document.document_type.code == "chitanta" and receipt.number == 1
    # The handler run again (a retry, a second worker) finds the receipt and adds nothing.
    event = Event.objects.get(name="payment.settled", payload__payment_id=payment.pk)
    handlers.issue_receipt(event)
    handlers.issue_receipt(event)
    assert Receipt.objects.filter(payment=payment).count() == 1
    assert Document.objects.filter(owner=payment.party, document_type__code="chitanta").count() == 1
    assert ReceiptCounter.objects.get().last_number == 1

    pdf = document.file.open("rb").read()
    text = " ".join(pdftotext(pdf, tmp_path).split())
    assert f"Seria {receipt.series} nr. 1/{receipt.year}" in text
    assert "Suma în litere: treizeci de lei" in text and "Total 30,00 lei" in text
    assert f"TS{filed.pk:07d}" in text and "ordin de plată" in text and "CSV:TRX-0001" in text
    assert payment.party.name in text
    report = validate(pdf)
    assert report.ok, report.message_ro

    # The payer sees the receipt in the history of payments.
    client.force_login(users.ion)
    page = client.get("/plati/istoric/").content.decode()
    assert f"/dosar/document/{document.public_id}/" in page


def test_receipt_numbers_follow_each_other_and_an_open_payment_gets_none(client, users, city, pki):
    from primaria.payments.receipts import issue_receipt

    first = _pay_by_transfer(client, users, submitted_request(users.ion), "TRX-1")
    second = _pay_by_transfer(client, users, submitted_request(users.ion), "TRX-2")
    runner.drain()
    assert sorted(Receipt.objects.values_list("payment_id", "number")) == [(first.pk, 1), (second.pk, 2)]
    open_payment = Payment.objects.create(party=first.party, provider="netopia", amount=Decimal("5"))
    assert issue_receipt(open_payment.pk) is None and not Receipt.objects.filter(payment=open_payment).exists()


def test_without_the_institutions_seal_the_receipt_waits_and_takes_no_number(client, users, city, request):
    from primaria.outbox.models import Delivery
    from primaria.outbox.services import retry_waiting

    payment = _pay_by_transfer(client, users, submitted_request(users.ion))
    runner.drain()
    delivery = Delivery.objects.get(handler="payments.issue_receipt", event__payload__payment_id=payment.pk)
    assert delivery.waiting and delivery.attempts == 0 and "sigiliul electronic" in delivery.last_error
    assert not Receipt.objects.exists() and not ReceiptCounter.objects.exists()

    request.getfixturevalue("pki")  # the seal is made: the waiting receipt is issued
    retry_waiting("payments.issue_receipt")
    runner.drain()
    assert Receipt.objects.get(payment=payment).number == 1 and Receipt.objects.get(payment=payment).document_id


def test_a_card_payment_confirmed_twice_gets_one_receipt_with_the_sum_in_words(users, city, pki, tmp_path):
    from primaria.accounts.models import Party
    from primaria.payments.models import PaymentLine
    from primaria.payments.providers import CONFIRMED, StatusReport
    from primaria.payments.services import settle
    from primaria.taxes.models import Debt

    ion = Party.objects.get(user=users.ion)
    debt = Debt.objects.filter(party=ion).order_by("due_date", "pk").first()
    payment = Payment.objects.create(party=ion, payer=users.ion, provider="netopia", amount=Decimal("123.50"),
                                     status=Status.PENDING)
    PaymentLine.objects.create(payment=payment, source="taxe-locale", reference=debt.reference,
                               label="Impozit pe clădiri 2026, rata 1", amount=Decimal("123.50"))
    report = StatusReport(order_id=payment.order_id, provider_reference="NTP-778899", amount=Decimal("123.50"),
                          currency="RON", outcome=CONFIRMED)
    settle(payment_id=payment.pk, report=report, via="notificarea procesatorului")
    runner.drain()
    settle(payment_id=payment.pk, report=report, via="întoarcerea plătitorului")  # the same answer again
    runner.drain()

    receipt = Receipt.objects.get(payment=payment)
    assert Document.objects.filter(owner=ion, document_type__code="chitanta").count() == 1
    text = " ".join(pdftotext(receipt.document.file.open("rb").read(), tmp_path).split())
    assert "o sută douăzeci și trei de lei și cincizeci de bani" in text
    assert "card bancar" in text and "NTP-778899" in text and debt.reference in text
    assert "Impozit pe clădiri 2026, rata 1" in text and "123,50" in text
