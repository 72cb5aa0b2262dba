"""A refund gives the money back and reopens nothing: the request's fee stays paid, and the request may still be
granted."""

import pytest

from primaria.core import rules
from primaria.outbox import runner
from primaria.payments import services
from primaria.payments.models import Payment, Refund, ServiceFee, Status
from primaria.payments.sources import ServiceFeeSource, fees_of
from primaria.requests import services as request_services
from tests.factories import complete_process_steps, submitted_request

ACCEPTED = "9900004810225098"
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refunded_fee_stays_paid_and_the_request_can_still_be_granted(client, users, city, gateway):
    filed = submitted_request(users.ion)
    client.force_login(users.ion)
    answer = client.post(f"/cereri/{filed.public_id}/plata/", {"inapoi": "cerere"})
    payment = Payment.objects.get(status=Status.PENDING)
    assert answer["Location"] == payment.gateway_url
    assert gateway.pay(payment.gateway_url, ACCEPTED).status_code == 302
    client.get(f"/plati/{payment.public_id}/")
    runner.drain()
    fee = ServiceFee.objects.get(request=filed)

    client.force_login(users.itl_specialist)
    page = client.get(f"/birou/plati/{payment.public_id}/").content.decode()
    assert "nu redeschide ce a fost plătit" in page
    entry = services.refund(actor=users.itl_specialist, payment_id=payment.pk, amount="30",
                            reason="Cererea a fost retrasă de solicitant înainte de analiză")
    runner.drain()
    payment.refresh_from_db()
    assert entry.status == Refund.Status.DONE and payment.status == Status.REFUNDED
    assert ServiceFee.objects.get(request=filed) == fee  # still paid: nothing reopened
    assert [line.paid for line in fees_of(filed)] == [fee]
    assert ServiceFeeSource().item(f"TS{filed.pk:07d}") is None
    assert ServiceFeeSource().open_items(filed.applicant) == []
    client.force_login(users.ion)
    assert "taxa-serviciu:TS" not in client.get("/plati/").content.decode()
    assert 'data-testid="fee-paid"' in client.get(f"/cereri/{filed.public_id}/").content.decode()
    request_services.assign(actor=users.urb_specialist, request_id=filed.pk, assignee=users.urb_specialist)
    complete_process_steps(filed)
    filed.refresh_from_db()
    assert rules.can(users.urb_specialist, filed, "grant")

