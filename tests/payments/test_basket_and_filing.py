"""The basket and the fee of a filed request: what is owed, who may pay it, and filing without a proof of payment."""

from decimal import Decimal

import pytest

from primaria.accounts.selectors import person_of
from primaria.catalog.models import Service
from primaria.core.errors import DomainError
from primaria.payments import services
from primaria.payments.models import Payment, Status
from primaria.payments.payables import source
from primaria.requests import services as request_services
from tests.factories import answers_for, pdf_file, submitted_request


def test_filing_a_service_with_a_fee_no_longer_asks_for_a_proof_of_payment(client, users, city):
    service = Service.objects.get(slug="certificat-de-urbanism")
    proof = service.required_documents.get(document_type__code="dovada_plata")
    assert proof.required and service.fee == Decimal("9.00")
    draft = request_services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    uploads = {f"doc_{r.pk}": pdf_file(f"doc_{r.pk}.pdf", text=r.document_type.name)
               for r in service.required_documents.all() if r.required and r.pk != proof.pk}
    uploads.update({f.name: pdf_file(f"{f.name}.pdf") for f in service.fields.all() if f.kind == "file" and f.required})
    request_services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(service), uploads=uploads)
    assert f"doc_{proof.pk}" not in request_services.missing_items(draft)

    client.force_login(users.ion)
    assert "nu mai este necesară: taxa se plătește online" in client.get(
        f"/cereri/{draft.public_id}/completare/").content.decode()
    filed = request_services.submit(actor=users.ion, request_id=draft.pk)
    assert filed.status == "registered"
    page = client.get(f"/cereri/{filed.public_id}/confirmare/").content.decode()
    assert 'data-testid="fee-due"' in page and "9,00 lei" in page and 'href="/plati/"' in page
    items = source("taxa-serviciu").open_items(filed.applicant)
    assert [(i.reference, i.amount) for i in items] == [(f"TS{filed.pk:07d}", Decimal("9.00"))]


def test_the_basket_lists_the_fee_and_the_urgent_fee_of_filed_requests_only(client, users, city):
    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    draft = request_services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    client.force_login(users.ion)
    assert f"TS{draft.pk:07d}" not in client.get("/plati/").content.decode()  # a draft owes nothing
    from tests.factories import uploads_for

    request_services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(service),
                                uploads=uploads_for(service), urgent=True)
    request_services.submit(actor=users.ion, request_id=draft.pk)
    page = client.get("/plati/").content.decode()
    assert f'value="taxa-serviciu:TS{draft.pk:07d}"' in page and f'value="taxa-serviciu:TU{draft.pk:07d}"' in page
    assert "30,00 lei" in page and "100,00 lei" in page
    # Maria does not act for Ion: his basket is not hers, and his items cannot be paid from her account.
    client.force_login(users.maria)
    assert f"TS{draft.pk:07d}" not in client.get("/plati/").content.decode()
    with pytest.raises(DomainError):
        services.resolve_items(person_of(users.maria), [f"taxa-serviciu:TS{draft.pk:07d}"])


def test_nothing_chosen_or_a_gateway_that_does_not_answer_gives_a_clear_message(client, users, city, settings):
    filed = submitted_request(users.ion)
    client.force_login(users.ion)
    empty = client.post("/plati/", {"provider": "netopia"})
    assert empty.status_code == 400 and "Alegeți cel puțin o obligație de plată." in empty.content.decode()

    settings.PRIMARIA_NETOPIA_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.PRIMARIA_NETOPIA_API_KEY, settings.PRIMARIA_NETOPIA_POS_SIGNATURE = "k", "SAND-BOXP-RIMA-RIAD-EMO1"
    settings.PRIMARIA_NETOPIA_PUBLIC_KEY = __file__  # configured; never read here
    down = client.post("/plati/", {"item": [f"taxa-serviciu:TS{filed.pk:07d}"], "provider": "netopia"})
    assert down.status_code == 400 and "procesatorul de plăți nu răspunde" in down.content.decode()
    payment = Payment.objects.get()
    assert payment.status == Status.CANCELLED and "NETOPIA nu răspunde" in payment.reason
    # A second try is not blocked by the cancelled one.
    assert f'value="taxa-serviciu:TS{filed.pk:07d}"' in client.get("/plati/").content.decode()


def test_a_paid_item_is_no_longer_offered_and_cannot_be_paid_again(users, city):
    from primaria.payments.sources import ServiceFeeSource

    filed = submitted_request(users.ion)
    reference = f"TS{filed.pk:07d}"
    payment = Payment.objects.create(party=filed.applicant, provider="transfer", amount=Decimal("30.00"),
                                     status=Status.CONFIRMED)
    plugin = ServiceFeeSource()
    assert plugin.item(reference).amount == Decimal("30.00")
    plugin.apply(payment_id=payment.pk, party_id=filed.applicant_id, reference=reference, amount=Decimal("30.00"),
                 paid_at=payment.created_at)
    plugin.apply(payment_id=payment.pk, party_id=filed.applicant_id, reference=reference, amount=Decimal("30.00"),
                 paid_at=payment.created_at)  # idempotent
    assert plugin.item(reference) is None and plugin.open_items(filed.applicant) == []
    assert filed.timeline.filter(message__startswith="Taxa de 30,00 lei").count() == 1
    with pytest.raises(DomainError):
        services.resolve_items(filed.applicant, [f"taxa-serviciu:{reference}"])


def test_the_api_lists_what_is_owed_and_what_was_paid_only_to_the_payer(client, users, city):
    filed = submitted_request(users.ion)
    payment = Payment.objects.create(party=filed.applicant, payer=users.ion, provider="netopia",
                                     amount=Decimal("30.00"), status=Status.PENDING, provider_reference="99")
    client.force_login(users.ion)
    owed = client.get("/api/v1/payments/basket/").json()
    mine = next(o for o in owed if o["reference"] == f"TS{filed.pk:07d}")
    assert mine["source"] == "taxa-serviciu" and mine["amount"] == "30.00" and mine["payment_in_progress"] == ""
    listed = client.get("/api/v1/payments/").json()
    assert [p["order_id"] for p in listed["results"]] == [payment.order_id]
    assert client.get(f"/api/v1/payments/{payment.public_id}/").json()["status_label"] == "În așteptare"
    client.force_login(users.maria)
    assert client.get(f"/api/v1/payments/{payment.public_id}/").status_code == 404
    assert client.get("/api/v1/payments/").json()["results"] == []


def test_a_payment_the_provider_never_opened_is_cancelled_after_a_day(users, city):
    from datetime import timedelta

    from django.utils import timezone

    party = person_of(users.ion)
    old = Payment.objects.create(party=party, provider="netopia", amount=Decimal("9.00"),
                                 created_at=timezone.now() - timedelta(days=2))
    recent = Payment.objects.create(party=party, provider="netopia", amount=Decimal("9.00"))
    assert services.check_pending()["cancelled"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Status.CANCELLED and recent.status == Status.INITIATED
