"""Card payments through the NETOPIA API v2 protocol, against the sandbox gateway running for real on a live
HTTP server: start, the hosted card page, the signed IPN, the status query, refunds, the status job."""

from decimal import Decimal

import pytest
import requests

from primaria.outbox import runner
from primaria.outbox.models import Event
from primaria.payments import services, tasks
from primaria.payments.models import Payment, ProviderNotification, Refund, ServiceFee, Status, Verdict
from primaria.requests.models import TimelineEvent
from tests.factories import submitted_request

ACCEPTED, THREE_DS, NO_FUNDS = "9900004810225098", "9900009184214768", "9900518572831942"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def filed(users, city):
    """Ion's request for a service with a 30 lei fee, filed: the fee is owed from now on."""
    return submitted_request(users.ion)


def _fee_key(request):
    return f"taxa-serviciu:TS{request.pk:07d}"


def _start(client, user, request):
    client.force_login(user)
    basket = client.get("/plati/")
    assert basket.status_code == 200
    assert f'value="{_fee_key(request)}"' in basket.content.decode() and "30,00 lei" in basket.content.decode()
    response = client.post("/plati/", {"item": [_fee_key(request)], "provider": "netopia"})
    assert response.status_code == 302, response.content.decode()[:2000]
    payment = Payment.objects.get(lines__reference=f"TS{request.pk:07d}", status=Status.PENDING)
    assert response["Location"] == payment.gateway_url and "/netopia-sandbox/ui/card?p=" in payment.gateway_url
    return payment


def _fee_lines(request):
    return TimelineEvent.objects.filter(request=request, message__startswith="Taxa de 30,00 lei a fost plătită")


def test_a_card_payment_is_credited_once_however_many_times_its_notification_arrives(
        client, users, filed, gateway):
    payment = _start(client, users.ion, filed)

    answer = gateway.pay(payment.gateway_url, ACCEPTED)
    # The gateway sends the payer back to the platform, after it posted its signed IPN.
    assert answer.status_code == 302 and answer.headers["Location"].startswith(
        f"{gateway.url}/plati/{payment.public_id}/")
    runner.drain()
    payment.refresh_from_db()
    assert payment.status == Status.CONFIRMED and payment.settled_at is not None
    ipn = ProviderNotification.objects.get(payment=payment)
    assert ipn.verdict == Verdict.ACCEPTED and ipn.headers["Verification-token"].count(".") == 2
    fee = ServiceFee.objects.get(request=filed)
    assert fee.payment == payment and fee.amount == Decimal("30.00")
    assert _fee_lines(filed).count() == 1

    # NETOPIA sends the same IPN again (and again): nothing more is credited.
    for _ in range(2):
        repeat = requests.post(f"{gateway.url}/plati/notificare/netopia/", data=ipn.body.encode(), timeout=30,
                               headers={"Content-Type": "application/json",
                                        "Verification-token": ipn.headers["Verification-token"]})
        assert repeat.json() == {"errorType": 0, "errorCode": None, "errorMessage": ""}
    runner.drain()
    assert list(ProviderNotification.objects.filter(payment=payment).order_by("pk").values_list("verdict", flat=True)) \
        == [Verdict.ACCEPTED, Verdict.REPEATED, Verdict.REPEATED]
    assert Payment.objects.filter(lines__reference=f"TS{filed.pk:07d}", status=Status.CONFIRMED).count() == 1
    assert Event.objects.filter(name="payment.settled").count() == 1
    assert ServiceFee.objects.filter(request=filed).count() == 1 and _fee_lines(filed).count() == 1

    # The payer's return page asks the gateway and shows the confirmed payment; the basket is empty.
    page = client.get(f"/plati/{payment.public_id}/").content.decode()
    assert "Plata a fost confirmată" in page and payment.order_id in page
    assert _fee_key(filed) not in client.get("/plati/").content.decode()  # paid: no longer offered
    assert payment.order_id in client.get("/plati/istoric/").content.decode()


def test_a_declined_card_rejects_the_payment_and_the_fee_stays_owed(client, users, filed, gateway):
    payment = _start(client, users.ion, filed)
    answer = gateway.pay(payment.gateway_url, NO_FUNDS)
    assert answer.status_code == 200 and "Fonduri insuficiente" in answer.text
    runner.drain()
    payment.refresh_from_db()
    assert payment.status == Status.REJECTED and payment.reason == "Fonduri insuficiente"
    assert not ServiceFee.objects.exists() and not Event.objects.filter(name="payment.settled").exists()
    page = client.get(f"/plati/{payment.public_id}/").content.decode()
    assert "Respinsă" in page and "Fonduri insuficiente" in page
    assert f'value="{_fee_key(filed)}"' in client.get("/plati/").content.decode()  # still to pay


def test_3d_secure_the_issuer_challenge_decides(client, users, filed, gateway):
    first = _start(client, users.ion, filed)
    gateway.pay(first.gateway_url, THREE_DS, code="000000")
    first.refresh_from_db()
    assert first.status == Status.REJECTED

    second = _start(client, users.ion, filed)
    answer = gateway.pay(second.gateway_url, THREE_DS, code="123456")
    assert answer.status_code == 302 and f"/plati/{second.public_id}/" in answer.headers["Location"]
    runner.drain()
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED
    assert ServiceFee.objects.get(request=filed).payment == second


def test_a_payment_whose_notification_never_came_is_settled_by_the_status_job(
        client, users, filed, gateway, settings):
    settings.PRIMARIA_NETOPIA_SANDBOX_SEND_IPN = False  # the IPN is lost on the way
    payment = _start(client, users.ion, filed)
    gateway.pay(payment.gateway_url, ACCEPTED)
    runner.drain()
    payment.refresh_from_db()
    assert payment.status == Status.PENDING and not ProviderNotification.objects.exists()

    # A payment younger than PRIMARIA_PAYMENTS_STATUS_AFTER_MINUTES is left alone...
    assert services.check_pending() == {"checked": 0, "settled": 0, "errors": 0, "cancelled": 0}
    payment.refresh_from_db()
    assert payment.status == Status.PENDING
    # ...an older one is asked about at the gateway and settled on its answer (the periodic huey task).
    settings.PRIMARIA_PAYMENTS_STATUS_AFTER_MINUTES = 0
    assert tasks.check_pending_payments.call_local() == {"checked": 1, "settled": 1, "errors": 0, "cancelled": 0}
    runner.drain()
    payment.refresh_from_db()
    assert payment.status == Status.CONFIRMED
    assert ServiceFee.objects.get(request=filed).payment == payment and _fee_lines(filed).count() == 1
    # Asked again, nothing changes.
    assert tasks.check_pending_payments.call_local()["checked"] == 0


def test_refunds_partial_then_full_through_the_gateway_by_the_tax_office(client, users, filed, gateway):
    payment = _start(client, users.ion, filed)
    gateway.pay(payment.gateway_url, ACCEPTED)
    runner.drain()
    payment.refresh_from_db()
    assert payment.status == Status.CONFIRMED

    # Only the tax office sees the payments' back office.
    client.force_login(users.urb_specialist)
    assert client.get(f"/birou/plati/{payment.public_id}/").status_code == 404

    client.force_login(users.itl_specialist)
    assert payment.order_id in client.get(f"/birou/plati/?q={payment.order_id}").content.decode()
    notifications = client.get("/birou/plati/notificari/").content.decode()
    assert payment.order_id in notifications and "Aplicată" in notifications
    url = f"/birou/plati/{payment.public_id}/"
    too_much = client.post(url, {"amount": "31", "reason": "Taxa a fost încasată de două ori."})
    assert too_much.status_code == 400 and "Se mai pot rambursa cel mult 30,00 lei" in too_much.content.decode()
    assert not Refund.objects.exists()
    no_reason = client.post(url, {"amount": "10", "reason": "x"})
    assert no_reason.status_code == 400 and not Refund.objects.exists()

    assert client.post(url, {"amount": "10,50", "reason": "Serviciul a fost prestat parțial."}).status_code == 302
    payment.refresh_from_db()
    assert payment.status == Status.PARTIALLY_REFUNDED and payment.refunded_amount == Decimal("10.50")
    assert client.post(url, {"amount": "19.50", "reason": "Cererea a fost retrasă înainte de analiză."}).status_code == 302
    payment.refresh_from_db()
    assert payment.status == Status.REFUNDED and payment.refunded_amount == Decimal("30.00")
    assert list(Refund.objects.order_by("pk").values_list("status", flat=True)) == ["done", "done"]
    from primaria.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="payment.refunded", object_id=str(payment.pk)).count() == 2

    # The daily report for the tax office: the payment in, both refunds out, as a page and as CSV.
    page = client.get("/birou/plati/raport/").content.decode()
    assert payment.order_id in page and "30,00 lei" in page
    csv_text = client.get("/birou/plati/raport/?format=csv").content.decode("utf-8-sig")
    rows = [line.split(";") for line in csv_text.splitlines()]
    assert rows[0][0] == "Tip" and sum(1 for r in rows if r[0] == "încasare") == 1
    assert sum(1 for r in rows if r[0] == "rambursare") == 2
    assert ["Net", "", "", "", "", "", "", "", "", "", "0.00"] in rows
