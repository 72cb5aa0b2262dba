"""The fee of a service is paid at filing: the check-answers page says how much, submitting numbers the request and
takes the applicant to the card payment of exactly its fee, and back to the confirmation; an unpaid fee stays owed
with "Plătiți acum", and the office cannot grant the request until it is paid. At the counter the clerk records the
cashier's receipt, or leaves the fee owed."""

from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from primaria.accounts.models import PartyKind
from primaria.accounts.selectors import person_of
from primaria.catalog.models import Service
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.outbox import runner
from primaria.payments import services as payments
from primaria.payments.models import Payment, Receipt, ServiceFee, Status
from primaria.requests import services
from primaria.requests.models import Request
from primaria.requests.models import Status as RequestStatus
from tests.factories import answers_for, complete_process_steps, uploads_for

ACCEPTED, NO_FUNDS = "9900004810225098", "9900518572831942"
SLUG = "adeverinta-nomenclatura-stradala"  # fee 30 lei, urgent fee 100 lei


def _draft(user, *, urgent=False):
    service = Service.objects.get(slug=SLUG)
    draft = services.start_draft(actor=user, party=person_of(user), service=service)
    services.save_draft(actor=user, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service),
                        urgent=urgent)
    return draft


def _local(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.django_db(transaction=True)
def test_submitting_files_the_request_and_pays_exactly_its_fees_by_card(client, users, city, gateway):
    other = Request.objects.get(pk=_draft(users.ion).pk)
    services.submit(actor=users.ion, request_id=other.pk)  # another fee owed: not part of this payment
    draft = _draft(users.ion, urgent=True)
    client.force_login(users.ion)
    review = client.get(f"/cereri/{draft.public_id}/verificare/").content.decode()
    assert "Depuneți cererea și plătiți 130,00 lei" in review and 'aria-describedby="fee-hint"' in review

    answer = client.post(f"/cereri/{draft.public_id}/verificare/")
    filed = Request.objects.get(pk=draft.pk)
    assert filed.status == RequestStatus.REGISTERED and filed.reference  # numbered at once
    payment = Payment.objects.get(status=Status.PENDING)
    assert answer.status_code == 302 and answer["Location"] == payment.gateway_url
    assert sorted(payment.lines.values_list("reference", flat=True)) == [f"TS{filed.pk:07d}", f"TU{filed.pk:07d}"]
    assert payment.amount == Decimal("130.00")

    back = gateway.pay(payment.gateway_url, ACCEPTED)
    assert back.status_code == 302
    landing = client.get(_local(back.headers["Location"]))
    assert landing.status_code == 302 and landing["Location"] == f"/cereri/{filed.public_id}/confirmare/"
    runner.drain()
    page = client.get(landing["Location"]).content.decode()
    assert filed.reference in page and page.count('data-testid="fee-paid"') == 2 and "Taxa este plătită." in page
    assert "Plătiți acum" not in page
    assert set(ServiceFee.objects.filter(request=filed).values_list("kind", flat=True)) == {"fee", "urgent"}
    assert not ServiceFee.objects.filter(request=other).exists()


@pytest.mark.django_db(transaction=True)
def test_a_declined_card_leaves_the_fee_owed_with_pay_now_on_both_pages(client, users, city, gateway):
    draft = _draft(users.ion)
    client.force_login(users.ion)
    answer = client.post(f"/cereri/{draft.public_id}/verificare/")
    payment = Payment.objects.get()
    assert answer["Location"] == payment.gateway_url

    declined = gateway.pay(payment.gateway_url, NO_FUNDS)
    # Declined: the gateway's page offers the way back; the platform asks and records the refusal.
    client.get(f"/plati/{payment.public_id}/?inapoi=/cereri/{draft.public_id}/confirmare/")
    payment.refresh_from_db()
    assert payment.status == Status.REJECTED, declined.status_code
    for path in (f"/cereri/{draft.public_id}/confirmare/", f"/cereri/{draft.public_id}/"):
        page = client.get(path).content.decode()
        assert 'data-testid="fee-owed"' in page and "Taxa de 30,00 lei nu este încă plătită" in page
        assert f'action="/cereri/{draft.public_id}/plata/"' in page and "Plătiți acum" in page

    again = client.post(f"/cereri/{draft.public_id}/plata/", {"inapoi": "cerere"})
    second = Payment.objects.get(status=Status.PENDING)
    assert again["Location"] == second.gateway_url and second.pk != payment.pk
    # While that payment is open, "Plătiți acum" continues it instead of opening another.
    page = client.get(f"/cereri/{draft.public_id}/").content.decode()
    assert f'href="{second.gateway_url}"' in page and 'data-testid="fee-in-progress"' in page


@pytest.mark.django_db
def test_the_office_sees_the_fee_and_cannot_grant_until_it_is_paid(client, users, city):
    filed = services.submit(actor=users.ion, request_id=_draft(users.ion).pk)
    services.assign(actor=users.urb_specialist, request_id=filed.pk, assignee=users.urb_specialist)
    complete_process_steps(filed)
    filed.refresh_from_db()
    assert rules.can(users.urb_specialist, filed, "propose") and not rules.can(users.urb_specialist, filed, "grant")
    client.force_login(users.urb_specialist)
    page = client.get(f"/birou/cereri/{filed.public_id}/").content.decode()
    assert "Taxă neachitată" in page and "răspunsul favorabil se emite doar după plată" in page
    refused = client.post(f"/birou/cereri/{filed.public_id}/", {"action": "propose", "outcome": "granted"})
    assert refused.status_code == 200 and "Taxa de 30,00 lei a cererii nu este achitată" in refused.content.decode()
    with pytest.raises(DomainError) as caught:
        services.propose(actor=users.urb_specialist, request_id=filed.pk, outcome="granted")
    assert "cere solicitantului completarea" in str(caught.value)
    filed.refresh_from_db()
    assert filed.status == RequestStatus.IN_REVIEW and not filed.outgoing_documents.exists()
    # Asking for completion (to pay) is still possible.
    assert rules.can(users.urb_specialist, filed, "ask_completion")

    payment = Payment.objects.create(party=filed.applicant, provider="netopia", amount=Decimal("30.00"),
                                     status=Status.CONFIRMED)
    from primaria.payments.sources import ServiceFeeSource

    ServiceFeeSource().apply(payment_id=payment.pk, party_id=filed.applicant_id, reference=f"TS{filed.pk:07d}",
                             amount=Decimal("30.00"), paid_at=payment.created_at)
    assert rules.can(users.urb_specialist, filed, "grant")
    assert "Taxă achitată" in client.get(f"/birou/cereri/{filed.public_id}/").content.decode()


def _counter_post(service, **extra):
    data = {"service": service.pk, "kind": PartyKind.PERSON, "name": "Vasile Georgescu", "identifier": "1900722350036",
            "address": "Str. Teiului nr. 9, Municipiul Demo"}
    data.update({f"q_{k}": v for k, v in answers_for(service).items()})
    data.update({f"u_{k}": v for k, v in uploads_for(service).items()})
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_counter_records_the_cashier_receipt_or_leaves_the_fee_owed(client, users, city):
    service = Service.objects.get(slug=SLUG)
    client.force_login(users.clerk)
    form = client.get(f"/birou/ghiseu/?serviciu={service.pk}").content.decode()
    assert 'name="fee_receipt"' in form and 'aria-describedby="hint-fee"' in form

    missing = client.post("/birou/ghiseu/", _counter_post(service, fee_paid="1", fee_receipt=""))
    assert missing.status_code == 200 and "Scrieți numărul chitanței de la casierie." in missing.content.decode()
    assert not Request.objects.exists() and not Payment.objects.exists()

    done = client.post("/birou/ghiseu/", _counter_post(service, fee_paid="1", fee_receipt="CH 1234"))
    assert done.status_code == 302, done.content.decode()[:3000]
    filed = Request.objects.get()
    payment = Payment.objects.get()
    assert payment.provider == "casierie" and payment.provider_reference == "CH 1234"
    assert payment.status == Status.CONFIRMED and payment.amount == Decimal("30.00")
    runner.drain()
    assert ServiceFee.objects.get(request=filed).payment == payment
    assert not Receipt.objects.exists()  # the cashier gave the receipt on paper
    assert "achitată" in client.get(done["Location"]).content.decode()

    # The same receipt twice: refused, nothing filed.
    twice = client.post("/birou/ghiseu/", _counter_post(service, fee_paid="1", fee_receipt="CH 1234",
                                                        identifier="1800101350018", name="Elena Georgescu"))
    assert twice.status_code == 200 and "a fost deja înregistrată" in twice.content.decode()
    assert Request.objects.count() == 1

    owed = client.post("/birou/ghiseu/", _counter_post(service, identifier="1800101350018", name="Elena Georgescu"))
    assert owed.status_code == 302
    second = Request.objects.exclude(pk=filed.pk).get()
    assert not ServiceFee.objects.filter(request=second).exists()
    assert "nu este achitată" in client.get(owed["Location"]).content.decode()
    # Paid later at the cashier: the registry records the receipt from the request's page.
    page = client.get(f"/birou/cereri/{second.public_id}/").content.decode()
    assert "Înregistrez plata taxei la casierie" in page and "Taxă neachitată" in page
    empty = client.post(f"/birou/cereri/{second.public_id}/", {"action": "record_fee", "fee_receipt": ""})
    assert empty.status_code == 200 and "Scrieți numărul chitanței de la casierie." in empty.content.decode()
    later = client.post(f"/birou/cereri/{second.public_id}/", {"action": "record_fee", "fee_receipt": "CH 77"})
    assert later.status_code == 302
    page = client.get(f"/birou/cereri/{second.public_id}/").content.decode()
    assert "Taxă achitată" in page and "chitanța CH 77" in page and "Înregistrez plata taxei" not in page
    assert not rules.can(users.clerk, Request.objects.get(pk=second.pk), "record_fee")
    assert not rules.can(users.urb_specialist, Request.objects.get(pk=second.pk), "record_fee")
    # A payment at the cashier is given back at the cashier, not through a card provider.
    with pytest.raises(DomainError):
        payments.refund(actor=users.itl_specialist,
                        payment_id=payment.pk, amount="30", reason="Plătită de două ori la casierie")
