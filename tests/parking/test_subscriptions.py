"""Buying, paying, renewing and lapsing parking subscriptions; the renewal reminder."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from primaria.accounts.models import Party
from primaria.accounts.selectors import person_of
from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.notifications.models import Notification
from primaria.outbox import runner
from primaria.outbox.models import Event
from primaria.parking import services, tasks
from primaria.parking.models import Status, Subscription
from primaria.parking.payables import ParkingSubscriptions
from primaria.payments import services as payment_services
from primaria.payments.models import Payment, PaymentLine
from primaria.payments.models import Status as PaymentStatus
from primaria.payments.providers import CONFIRMED, StatusReport

from .conftest import tomorrow

ACCEPTED = "9900004810225098"


def _date(day):
    return {"starts_on-zi": str(day.day), "starts_on-luna": str(day.month), "starts_on-an": str(day.year)}


def _buy(user, kind, plate="CJ 12 ABC", starts_on=None, **extra):
    return services.buy(actor=user, party=person_of(user), plate=plate, type_id=kind.pk,
                        starts_on=starts_on or tomorrow(), **extra)


@pytest.mark.django_db(transaction=True)
def test_a_subscription_bought_on_its_page_is_paid_by_card_and_becomes_valid(client, users, kinds, gateway):
    monthly = kinds["Abonament lunar semicentral"]
    client.force_login(users.ion)
    form = client.get("/parcare/abonament-nou/").content.decode()
    assert "Abonament lunar semicentral" in form and 'name="starts_on-zi"' in form
    start = tomorrow()
    answer = client.post("/parcare/abonament-nou/", {"plate": "cj-12 abc", "type": monthly.pk, **_date(start)})
    assert answer.status_code == 302 and answer["Location"] == "/plati/"
    subscription = Subscription.objects.get(plate="CJ12ABC")
    assert subscription.status == Status.PENDING and subscription.price == Decimal("80.00")
    assert subscription.starts_on == start and subscription.ends_on > start
    key = f"abonament-parcare:{subscription.reference}"
    basket = client.get("/plati/").content.decode()
    assert f'value="{key}"' in basket and "CJ 12 ABC" in basket and "așteaptă plata de 80,00 lei" in basket

    started = client.post("/plati/", {"item": [key], "provider": "netopia"})
    assert started.status_code == 302, started.content.decode()[:1000]
    payment = Payment.objects.get(lines__reference=subscription.reference)
    assert gateway.pay(payment.gateway_url, ACCEPTED).status_code == 302
    runner.drain()
    subscription.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert subscription.status == Status.PAID and subscription.payment_id == payment.pk
    assert Event.objects.filter(name="parking.subscription_paid").count() == 1
    assert key not in client.get("/plati/").content.decode()
    page = client.get("/parcare/").content.decode()
    assert "CJ 12 ABC" in page and "Plătit, începe în curând" in page


def test_the_same_settlement_twice_makes_one_paid_subscription(users, kinds):
    subscription = _buy(users.ion, kinds["Abonament lunar semicentral"])
    payment = Payment.objects.create(party=subscription.party, payer=users.ion, provider="netopia",
                                     amount=subscription.price, status=PaymentStatus.PENDING, provider_reference="77")
    PaymentLine.objects.create(payment=payment, source="abonament-parcare", reference=subscription.reference,
                               label="Abonament", amount=subscription.price)
    report = StatusReport(order_id=payment.order_id, provider_reference="77", amount=subscription.price,
                          currency="RON", outcome=CONFIRMED)
    assert payment_services.settle(payment_id=payment.pk, report=report, via="notificare")[1] is True
    assert payment_services.settle(payment_id=payment.pk, report=report, via="notificare")[1] is False
    runner.drain()
    # The handler delivered again (a retry after a lost "done"): nothing changes.
    ParkingSubscriptions().apply(payment_id=payment.pk, party_id=subscription.party_id,
                                 reference=subscription.reference, amount=subscription.price, paid_at=timezone.now())
    subscription.refresh_from_db()
    assert subscription.status == Status.PAID and subscription.payment_id == payment.pk
    assert Event.objects.filter(name="parking.subscription_paid").count() == 1
    assert AuditEntry.objects.filter(action="parking.subscription_paid", object_id=str(subscription.pk)).count() == 1
    assert ParkingSubscriptions().item(subscription.reference) is None
    assert Notification.objects.filter(template="parking_paid", object_id=str(subscription.pk)).count() == 1


def test_an_overlapping_subscription_for_the_same_plate_and_zone_is_refused(client, users, kinds):
    monthly, quarterly = kinds["Abonament lunar semicentral"], kinds["Abonament trimestrial semicentral"]
    first = _buy(users.ion, monthly, plate="CJ 12 ABC")
    # Another buyer, the same plate written otherwise, a period that meets the first one: refused.
    client.force_login(users.maria)
    answer = client.post("/parcare/abonament-nou/", {"plate": "cj12abc", "type": quarterly.pk,
                                                     **_date(first.ends_on)})
    page = answer.content.decode()
    assert answer.status_code == 400 and "are deja un abonament care așteaptă plata în zona Z2" in page
    assert 'href="#f-starts_on"' in page and Subscription.objects.count() == 2  # the demo one and the first
    # The same plate in another zone, or from the day after, is fine.
    _buy(users.maria, kinds["Abonament lunar Centru"], plate="CJ12ABC", proof_confirmed=True)
    _buy(users.maria, monthly, plate="CJ12ABC", starts_on=first.ends_on + timedelta(days=1))


def test_an_unpaid_subscription_lapses_and_frees_the_plate(users, kinds):
    monthly = kinds["Abonament lunar semicentral"]
    first = _buy(users.ion, monthly)
    with pytest.raises(DomainError):
        _buy(users.maria, monthly)
    Subscription.objects.filter(pk=first.pk).update(pay_by=timezone.now() - timedelta(minutes=1))
    assert ParkingSubscriptions().open_items(first.party) == []  # no longer offered in the basket
    second = _buy(users.maria, monthly)  # the plate is free at once
    assert tasks.lapse_unpaid.call_local() == {"lapsed": 1}
    first.refresh_from_db()
    assert first.status == Status.LAPSED and second.status == Status.PENDING
    # Paid anyway (the payment had started in time): the period is taken, so it is refunded, not doubled.
    payment = Payment.objects.create(party=first.party, provider="netopia", amount=first.price,
                                     status=PaymentStatus.CONFIRMED)
    services.apply_payment(payment_id=payment.pk, reference=first.reference, amount=first.price,
                           paid_at=timezone.now())
    first.refresh_from_db()
    assert first.status == Status.REFUSED and "se rambursează" in first.note
    assert Notification.objects.filter(template="parking_refused", object_id=str(first.pk)).count() == 1


def test_a_pending_subscription_with_a_payment_under_way_does_not_lapse(users, kinds):
    subscription = _buy(users.ion, kinds["Abonament lunar semicentral"])
    payment = Payment.objects.create(party=subscription.party, provider="netopia", amount=subscription.price,
                                     status=PaymentStatus.PENDING)
    PaymentLine.objects.create(payment=payment, source="abonament-parcare", reference=subscription.reference,
                               label="Abonament", amount=subscription.price)
    Subscription.objects.filter(pk=subscription.pk).update(pay_by=timezone.now() - timedelta(minutes=1))
    assert services.lapse(subscription_id=subscription.pk) is None


def test_residents_only_subscriptions_ask_for_an_address_in_the_zone(client, users, kinds):
    resident = kinds["Abonament rezident"]
    client.force_login(users.maria)  # lives on Bd. Revoluției, not in R1
    answer = client.post("/parcare/abonament-nou/", {"plate": "TM 07 ABC", "type": resident.pk, **_date(tomorrow()),
                                                     "address": "Bd. Revoluției nr. 17", "declared": "1", "proof": "1"})
    assert answer.status_code == 400 and "Adresa nu este pe o stradă a zonei R1" in answer.content.decode()
    answer = client.post("/parcare/abonament-nou/", {"plate": "TM 07 ABC", "type": resident.pk, **_date(tomorrow()),
                                                     "address": "str. Marasesti nr. 9", "proof": "1"})
    assert answer.status_code == 400 and "Confirmați pe propria răspundere" in answer.content.decode()
    answer = client.post("/parcare/abonament-nou/", {"plate": "TM 07 ABC", "type": resident.pk, **_date(tomorrow()),
                                                     "address": "str. Marasesti nr. 9", "declared": "1", "proof": "1"})
    assert answer.status_code == 302
    company = Party.objects.get(name="Demo Construct SRL")
    with pytest.raises(DomainError) as refused:
        services.buy(actor=users.ion, party=company, plate="TM 08 ABC", type_id=resident.pk, starts_on=tomorrow(),
                     address="Str. Mărășești nr. 1", declared=True, proof_confirmed=True)
    assert "doar persoanelor fizice" in refused.value.message_dict["type"][0]


def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(client, users, kinds):
    client.force_login(users.ion)
    before = Subscription.objects.count()
    answer = client.post("/parcare/abonament-nou/", {"plate": "B 012345", "starts_on-zi": "31",
                                                     "starts_on-luna": "2", "starts_on-an": "2027"})
    page = answer.content.decode()
    assert answer.status_code == 400 and "Numerele provizorii (roșii)" in page
    assert "Alegeți zona și tipul abonamentului." in page and "Data nu există: ziua 31 nu este în luna februarie 2027." in page
    assert 'aria-invalid="true"' in page and Subscription.objects.count() == before
    past = timezone.localdate() - timedelta(days=1)
    answer = client.post("/parcare/abonament-nou/", {"plate": "TM 07 ABD", "type": kinds["Abonament lunar semicentral"].pk,
                                                     **_date(past)})
    assert answer.status_code == 400 and "nu poate începe în trecut" in answer.content.decode()


def test_a_company_representative_buys_for_the_company_and_others_cannot(client, users, kinds):
    company = Party.objects.get(name="Demo Construct SRL")
    bought = services.buy(actor=users.ion, party=company, plate="TM 44 DCS", type_id=kinds["Abonament lunar Centru"].pk,
                          starts_on=tomorrow(), proof_confirmed=True)
    assert bought.party == company and bought.bought_by == users.ion
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.buy(actor=users.maria, party=company, plate="TM 45 DCS",
                     type_id=kinds["Abonament lunar Centru"].pk, starts_on=tomorrow(), proof_confirmed=True)
    client.force_login(users.maria)
    assert client.post(f"/parcare/{bought.public_id}/reinnoire/").status_code == 403


def _paid(subscription):
    Subscription.objects.filter(pk=subscription.pk).update(status=Status.PAID, paid_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


def test_renewal_starts_the_day_after_the_current_period_ends(client, users, kinds):
    current = _paid(_buy(users.ion, kinds["Abonament lunar semicentral"], starts_on=timezone.localdate()))
    client.force_login(users.ion)
    page = client.get("/parcare/").content.decode()
    assert f'action="/parcare/{current.public_id}/reinnoire/"' in page and "Reînnoiește" in page
    answer = client.post(f"/parcare/{current.public_id}/reinnoire/")
    assert answer.status_code == 302 and answer["Location"] == "/plati/"
    renewal = Subscription.objects.get(renewal_of=current)
    assert renewal.starts_on == current.ends_on + timedelta(days=1)
    assert renewal.status == Status.PENDING and renewal.plate == current.plate
    # Renewed once: the button is gone, and a second renewal is refused for the period taken.
    assert f'action="/parcare/{current.public_id}/reinnoire/"' not in client.get("/parcare/").content.decode()
    with pytest.raises(DomainError):
        services.renew(actor=users.ion, subscription_id=current.pk)


def test_the_renewal_reminder_is_sent_once(users, kinds, settings, mailbox):
    settings.PRIMARIA_PARKING_REMIND_DAYS = 7
    today = timezone.localdate()
    ending = _paid(_buy(users.ion, kinds["Abonament lunar semicentral"], starts_on=today))
    Subscription.objects.filter(pk=ending.pk).update(ends_on=today + timedelta(days=5))
    later = _paid(_buy(users.ion, kinds["Abonament lunar Centru"], starts_on=today, proof_confirmed=True))
    assert tasks.remind_renewals.call_local() == {"reminded": 1}
    assert tasks.remind_renewals.call_local() == {"reminded": 0}
    runner.drain()
    sent = Notification.objects.filter(template="parking_renewal")
    assert [n.object_id for n in sent] == [str(ending.pk)]
    messages = [m for m in mailbox.to("ion.popescu@example.ro") if "parcare" in m["subject"]]
    assert len(messages) == 1 and "CJ 12 ABC" in messages[0]["subject"]
    assert "Reînnoiește" in messages[0]["body"] and "/parcare/" in messages[0]["body"]
    assert services.remind(subscription_id=ending.pk) is None and later.reminded_at is None
