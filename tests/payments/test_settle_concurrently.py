"""Two notifications of one payment settled at the same instant (two web processes): one confirms it, the other
finds it confirmed; one event, one application to the debt."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from primaria.outbox import runner
from primaria.outbox.models import Event
from primaria.payments import services
from primaria.payments.models import Payment, PaymentLine, ServiceFee, Status
from primaria.payments.providers import CONFIRMED, StatusReport
from tests.factories import submitted_request


@pytest.mark.django_db(transaction=True)
def test_two_settlements_at_once_confirm_the_payment_once(users, city):
    filed = submitted_request(users.ion)
    payment = Payment.objects.create(party=filed.applicant, payer=users.ion, provider="netopia",
                                     amount=Decimal("30.00"), status=Status.PENDING, provider_reference="4242")
    PaymentLine.objects.create(payment=payment, source="taxa-serviciu", reference=f"TS{filed.pk:07d}",
                               label="Taxa", amount=Decimal("30.00"))
    report = StatusReport(order_id=payment.order_id, provider_reference="4242", amount=Decimal("30.00"),
                          currency="RON", outcome=CONFIRMED)
    start, results, errors = threading.Barrier(2), [], []

    def settle():
        try:
            start.wait()
            results.append(services.settle(payment_id=payment.pk, report=report, via="notificare")[1])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=settle) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and sorted(results) == [False, True]
    runner.drain()
    assert Payment.objects.get(pk=payment.pk).status == Status.CONFIRMED
    assert Event.objects.filter(name="payment.settled").count() == 1
    assert ServiceFee.objects.filter(request=filed).count() == 1
