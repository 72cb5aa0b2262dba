"""Payments on an installation hosting several city halls: each payment goes to one city hall's budget, and only
that city hall's tax office sees it, refunds it, reconciles it and counts it; a request's fee is paid on the site
of the city hall it was filed with."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from primaria.core import rules
from primaria.institutions import tenancy
from primaria.institutions.models import Department, Institution, Position, Role
from primaria.payments import selectors
from primaria.payments.models import BankStatement, Payment, PaymentLine, StatementLine, Status
from primaria.payments.sources import ServiceFeeSource


@pytest.fixture
def beta(city, settings):
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    call_command("add_city_hall", code="CBETA", name="Primăria Comunei Beta", host="beta.test",
                 address="Str. Principală 1, Beta", stdout=StringIO())
    commune = Institution.objects.get(code="CBETA")
    from primaria.accounts.models import User

    commune.tax_officer = User.objects.create_user(email="itl@beta.test", password="x-Parola-lunga-2026",
                                                   email_verified=True)
    Position.objects.create(user=commune.tax_officer, department=Department.objects.get(institution=commune, code="itl"),
                            role=Role.SPECIALIST, function="Inspector")
    return commune


def _demo_payment(users):
    now = timezone.now()
    payment = Payment.objects.create(party=users.ion.person, provider="netopia", amount=Decimal("40.00"),
                                     status=Status.CONFIRMED, settled_at=now, checked_at=now)
    PaymentLine.objects.create(payment=payment, source="taxa-serviciu", reference="X-1", label="Taxă",
                               amount=Decimal("40.00"))
    return payment


def test_a_payment_is_seen_and_refunded_only_by_its_own_city_halls_tax_office(city, beta, users):
    payment = _demo_payment(users)
    assert payment.city_hall == city  # made without naming one: the installation's default
    assert rules.can(users.itl_specialist, payment, "view") and rules.can(users.itl_specialist, payment, "refund")
    assert payment in selectors.office_payments()
    with tenancy.serving(beta):
        officer = type(beta.tax_officer).objects.get(pk=beta.tax_officer.pk)
        assert rules.tax_office(officer)  # the commune's tax office ...
        assert not rules.can(officer, payment, "view")  # ... sees none of the demo city's payments
        assert not rules.can(officer, payment, "refund")
        assert payment not in selectors.office_payments()
        report = selectors.daily_report(timezone.localdate())
        assert report.collected == 0 and not report.rows
    # The payer keeps seeing their own payment on any site.
    with tenancy.serving(beta):
        assert rules.can(users.ion, payment, "view")


def test_an_unmatched_transfer_is_handled_by_the_city_hall_whose_statement_it_is(city, beta):
    with tenancy.serving(beta):
        statement = BankStatement.objects.create(filename="extras.csv", format="csv", content="-")
    assert statement.city_hall == beta
    line = StatementLine.objects.create(statement=statement, transaction_id="T1", booked_on=timezone.localdate(),
                                        amount=Decimal("12.00"), currency="RON", payer="Ion",
                                        details="fără referință", status=StatementLine.Status.UNMATCHED)
    assert line not in selectors.unmatched_lines()  # the demo city's tax office
    with tenancy.serving(beta):
        assert line in selectors.unmatched_lines()


def test_a_requests_fee_is_paid_on_the_site_of_the_city_hall_it_was_filed_with(city, beta, users):
    from primaria.accounts.selectors import person_of
    from primaria.catalog.models import Service
    from primaria.requests import services as request_services
    from tests.factories import answers_for, uploads_for

    service = Service.objects.get(institution=city, slug="adeverinta-nomenclatura-stradala")
    draft = request_services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    request_services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(service),
                                uploads=uploads_for(service))
    request_services.submit(actor=users.ion, request_id=draft.pk)
    source = ServiceFeeSource()
    reference = f"TS{draft.pk:07d}"
    with tenancy.serving(city):
        assert reference in [i.reference for i in source.open_items(person_of(users.ion))]
        assert source.item(reference) is not None
    with tenancy.serving(beta):  # the demo city's fee is not in the commune's basket, nor payable there
        assert reference not in [i.reference for i in source.open_items(person_of(users.ion))]
        assert source.item(reference) is None
