"""Bank transfers reconciled from the city hall's bank statement (CSV and MT940) by the payment reference."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from primaria.outbox import runner
from primaria.payments.models import BankStatement, Payment, ServiceFee, StatementLine, Status
from primaria.requests.models import TimelineEvent
from tests.factories import submitted_request


@pytest.fixture
def filed(users, city):
    return submitted_request(users.ion)


def _csv(request, amount="30,00"):
    return (
        "data;suma;moneda;id;platitor;detalii\n"
        f"04.12.2026;{amount};RON;TRX-0001;POPESCU ION;Plata taxa ref. ts{request.pk:07d} adeverinta\n"
        "04.12.2026;45,00;RON;TRX-0002;IONESCU MARIA;taxa fara referinta\n"
        "04.12.2026;-12,00;RON;TRX-0003;;comision bancar\n"
    ).encode()


def _upload(client, name, content):
    return client.post("/birou/plati/extrase/", {"statement": SimpleUploadedFile(name, content, "text/plain")})


def test_a_csv_statement_is_reconciled_by_reference_once(client, users, filed):
    client.force_login(users.itl_specialist)
    response = _upload(client, "extras.csv", _csv(filed))
    page = response.content.decode()
    assert response.status_code == 200, page[:3000]
    assert "3 tranzacții, 1 plăți înregistrate, 1 de verificat manual, 0 importate deja" in page
    payment = Payment.objects.get(provider="transfer")
    assert payment.status == Status.CONFIRMED and payment.amount == Decimal("30.00")
    assert payment.party == filed.applicant and payment.provider_reference == "CSV:TRX-0001"
    assert payment.lines.get().reference == f"TS{filed.pk:07d}"
    runner.drain()
    assert ServiceFee.objects.get(request=filed).payment == payment
    assert TimelineEvent.objects.filter(request=filed, message__startswith="Taxa de 30,00 lei a fost plătită").count() == 1
    # The transfer without a known reference waits for a person; the bank's fee (a debit) does not.
    assert "taxa fara referinta" in page and "Nicio referință de plată cunoscută" in page
    assert set(StatementLine.objects.values_list("transaction_id", "status")) == {
        ("CSV:TRX-0001", "matched"), ("CSV:TRX-0002", "unmatched"), ("CSV:TRX-0003", "unmatched")}

    # The same statement uploaded again (or the next one repeating these lines) credits nothing twice.
    again = _upload(client, "extras-copie.csv", _csv(filed)).content.decode()
    assert "3 tranzacții, 0 plăți înregistrate, 0 de verificat manual, 3 importate deja" in again
    assert Payment.objects.filter(provider="transfer").count() == 1 and BankStatement.objects.count() == 2
    runner.drain()
    assert ServiceFee.objects.filter(request=filed).count() == 1


def test_a_transfer_for_another_amount_is_left_for_a_person(client, users, filed):
    client.force_login(users.itl_specialist)
    page = _upload(client, "extras.csv", _csv(filed, amount="25,00")).content.decode()
    assert "0 plăți înregistrate, 2 de verificat manual" in page
    assert "Suma (25,00 lei) diferă de cea datorată (30,00 lei)" in page
    assert not Payment.objects.exists()


def test_an_mt940_statement_is_reconciled_by_reference(client, users, filed):
    statement = (
        ":20:STMT20261204\n"
        ":25:RO49TREZ6215006XXX000000\n"
        ":28C:00001/001\n"
        ":60F:C261203RON1000,00\n"
        ":61:2612041204C30,00NTRFNONREF//B2612040001\n"
        f":86:PLATA TAXA TS{filed.pk:07d} POPESCU ION\n"
        ":61:2612041204D5,00NCHGNONREF//B2612040002\n"
        ":86:COMISION\n"
        ":62F:C261204RON1025,00\n"
    ).encode()
    client.force_login(users.itl_specialist)
    page = _upload(client, "extras.sta", statement).content.decode()
    assert "(MT940): 2 tranzacții, 1 plăți înregistrate, 0 de verificat manual" in page
    payment = Payment.objects.get(provider="transfer")
    assert payment.amount == Decimal("30.00") and payment.provider_reference.endswith("B2612040001")
    runner.drain()
    assert ServiceFee.objects.get(request=filed).payment == payment
    again = _upload(client, "extras.sta", statement).content.decode()
    assert "0 plăți înregistrate" in again and Payment.objects.count() == 1


def test_statements_are_for_the_tax_office_and_bad_files_save_nothing(client, users, filed):
    client.force_login(users.ion)
    assert _upload(client, "extras.csv", _csv(filed)).status_code in (302, 404)
    client.force_login(users.urb_specialist)
    assert _upload(client, "extras.csv", _csv(filed)).status_code == 404
    client.force_login(users.itl_specialist)
    bad = _upload(client, "extras.csv", b"coloana1;coloana2\n1;2\n")
    assert bad.status_code == 400 and "Fișierul CSV nu are coloanele: data, suma, detalii" in bad.content.decode()
    broken = _upload(client, "extras.csv", b"data;suma;detalii\nieri;multi;ceva\n")
    assert broken.status_code == 400 and "Linia 2 a fișierului CSV" in broken.content.decode()
    assert not BankStatement.objects.exists() and not StatementLine.objects.exists()
