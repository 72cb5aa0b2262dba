"""IPNs that must not move money: a foreign signature, a tampered body, another POS, an unknown order, a wrong
amount. Each is refused, answered as NETOPIA expects (errorType 2), kept in the log with its reason, and the
payment stays as it was."""

import json
import logging
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from primaria.core.models import DeletionForbidden
from primaria.payments.models import Payment, PaymentLine, ProviderNotification, Status, Verdict
from primaria.payments.sandbox.views import sign_notification

URL = "/plati/notificare/netopia/"


@pytest.fixture
def pending(users, city):
    from primaria.accounts.selectors import person_of

    payment = Payment.objects.create(party=person_of(users.ion), payer=users.ion, provider="netopia",
                                     amount=Decimal("30.00"), status=Status.PENDING, provider_reference="1234567890")
    PaymentLine.objects.create(payment=payment, source="taxa-serviciu", reference="TS0000001", label="Taxa",
                               amount=Decimal("30.00"))
    return payment


def _body(payment, *, amount=30, order_id=None, status=3):
    return json.dumps({"order": {"orderID": order_id or payment.order_id},
                       "payment": {"ntpID": payment.provider_reference, "status": status, "amount": amount,
                                   "currency": "RON", "code": "00", "message": "Approved"}}).encode()


def _post(client, body, token):
    return client.post(URL, data=body, content_type="application/json", HTTP_VERIFICATION_TOKEN=token)


def _refused(client, caplog, body, token, reason):
    with caplog.at_level(logging.WARNING, logger="primaria.payments.services"):
        response = _post(client, body, token)
    assert response.status_code == 200
    answer = response.json()
    assert answer["errorType"] == 2 and reason in answer["errorMessage"]
    log = ProviderNotification.objects.get()
    assert log.verdict == Verdict.REFUSED and reason in log.reason
    assert log.body == body.decode() and log.headers["Verification-token"] == token
    assert any(reason in record.getMessage() for record in caplog.records)
    return log


def test_a_notification_signed_with_another_key_is_refused_and_logged(client, caplog, pending):
    body = _body(pending)
    forged = sign_notification(body, key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    log = _refused(client, caplog, body, forged, "Semnătura notificării nu este a procesatorului")
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    with pytest.raises(DeletionForbidden):  # the log of what providers sent is kept
        log.delete()
    with pytest.raises(DeletionForbidden):
        Payment.objects.all().delete()


def test_a_body_changed_after_signing_is_refused(client, caplog, pending):
    token = sign_notification(_body(pending, status=12))
    _refused(client, caplog, _body(pending), token, "rezumatul SHA-512 diferă")
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_a_notification_for_another_point_of_sale_is_refused(client, caplog, pending):
    body = _body(pending)
    _refused(client, caplog, body, sign_notification(body, audience="ALTA-SEMN-ATUR-APOS-0000"), "(aud)")


def test_a_notification_for_an_unknown_order_is_refused_and_logged(client, caplog, pending):
    body = _body(pending, order_id="PD-NU-EXISTA")
    log = _refused(client, caplog, body, sign_notification(body), "Comanda PD-NU-EXISTA nu este a noastră")
    assert log.order_id == "PD-NU-EXISTA" and log.payment is None


def test_a_notification_with_a_wrong_amount_is_refused_and_logged(client, caplog, pending):
    body = _body(pending, amount=3)
    log = _refused(client, caplog, body, sign_notification(body), "Notificarea spune 3,00 RON")
    assert log.payment == pending
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and pending.settled_at is None


def test_a_notification_without_a_token_is_refused(client, caplog, pending):
    with caplog.at_level(logging.WARNING):
        response = client.post(URL, data=_body(pending), content_type="application/json")
    assert response.json()["errorType"] == 2
    assert ProviderNotification.objects.get().reason == "Lipsește antetul Verification-token."


def test_the_sandbox_answers_only_when_switched_on(client, settings):
    settings.PRIMARIA_NETOPIA_SANDBOX = False
    assert client.post("/netopia-sandbox/payment/card/start", data="{}", content_type="application/json",
                       HTTP_AUTHORIZATION="x").status_code == 404
