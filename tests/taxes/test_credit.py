"""A credit (an overpayment, a recomputation below what was paid) is compensated against the next debts when they
arise, in the legal order, once per event; the statement shows it."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from primaria.accounts.models import Party, PartyKind
from primaria.outbox import runner
from primaria.outbox.models import Delivery, Event
from primaria.taxes import selectors, services
from primaria.taxes.demo import DEMO_RULES
from primaria.taxes.handlers import apply_credit
from primaria.taxes.models import Allocation, Category, CreditEntry, Debt, PaymentApplication

TZ = ZoneInfo("Europe/Bucharest")
pytestmark = pytest.mark.django_db
# The compensation is made on the day its event is handled (today): the overpaid year is last year, the new debts
# are next year's, due after today.
PAST, NEXT = date.today().year - 1, date.today().year + 1


@pytest.fixture
def rules(db):
    for year in (PAST, PAST + 1, NEXT):
        services.publish_rules(actor=None, year=year, rules=DEMO_RULES, decision="HCL test", demo=True)


@pytest.fixture
def person(db):
    return Party.objects.create(kind=PartyKind.PERSON, name="Vasile Contribuabil", cnp="1800101350018")


def _overpaid(person, amount="300"):
    """Last year's two terms (117 + 117) paid in February with 300 lei: 23,40 lei of bonificație (10%) and
    89,40 lei of credit."""
    services.add_item(actor=None, party=person, kind="cladire", label="Str. Test nr. 1",
                      attrs={"use": "rezidentiala", "value": "234000"}, starts_on=date(2015, 1, 1))
    services.emit_year(actor=None, year=PAST, today=date(PAST, 1, 5))
    first = Debt.objects.filter(party=person, year=PAST).order_by("due_date").first()
    services.apply_payment(payment_id=7, party_id=person.pk, reference=first.reference, amount=D(amount),
                           paid_at=datetime(PAST, 2, 1, 12, tzinfo=TZ))
    runner.drain()
    assert selectors.credit_of(person) == D("89.40")


def test_the_years_debts_take_the_credit_once_in_the_legal_order(rules, person):
    _overpaid(person)
    services.emit_year(actor=None, year=NEXT)
    runner.drain()
    t1, t2 = Debt.objects.filter(party=person, year=NEXT, category=Category.PRINCIPAL).order_by("due_date")
    compensation = PaymentApplication.objects.get(party=person, source="compensare")
    assert compensation.amount == D("89.40")
    assert [(a.debt_id, a.amount) for a in Allocation.objects.filter(application=compensation)] == [(t1.pk, D("89.40"))]
    assert selectors.credit_of(person) == D("0.00")
    assert list(CreditEntry.objects.filter(party=person).order_by("created_at", "pk").values_list("amount", flat=True)) \
        == [D("89.40"), D("-89.40")]
    rows = {r.debt.pk: r for r in selectors.debt_rows(person, date.today())}
    assert rows[t1.pk].open == D("27.60") and rows[t2.pk].open == D("117.00")

    # The same event again (a delivery run twice): nothing more is compensated.
    event = Event.objects.get(name="taxes.year_emitted", payload__year=NEXT)
    apply_credit(event)
    assert PaymentApplication.objects.filter(source="compensare").count() == 1
    assert Delivery.objects.get(event=event, handler="taxes.apply_credit").status == Delivery.Status.DONE


def test_a_fine_takes_the_credit_first_when_it_has_an_executory_title(rules, person):
    _overpaid(person)
    fine = services.record_fine(actor=None, party=person, amount="50", due_date=date.today(),
                                title="PV seria AB nr. 123")
    runner.drain()
    assert selectors.credit_of(person) == D("39.40")
    compensation = PaymentApplication.objects.get(source="compensare")
    assert [(a.debt_id, a.amount) for a in compensation.allocations.all()] == [(fine.pk, D("50.00"))]


def test_no_debt_leaves_the_credit_whole(rules, person):
    _overpaid(person)
    services.emit_year(actor=None, year=PAST, today=date(PAST, 6, 1))  # nothing changed: no new debt
    runner.drain()
    assert selectors.credit_of(person) == D("89.40") and not PaymentApplication.objects.filter(source="compensare")


def test_the_statement_shows_the_credit_and_its_entries(client, city, users):
    ion = Party.objects.get(user=users.ion)
    services.add_item(actor=None, party=ion, kind="auto", label="B-01-XYZ", attrs={"vehicle": "autoturism",
                                                                                    "engine_cc": "1400"},
                      starts_on=date(2015, 1, 1))
    year = date.today().year
    services.emit_year(actor=None, year=year)
    debt = Debt.objects.filter(party=ion, year=year).order_by("due_date").first()
    total = sum(r.total for r in selectors.debt_rows(ion, date.today()))
    services.apply_payment(payment_id=11, party_id=ion.pk, reference=debt.reference, amount=total + D("25"),
                           paid_at=datetime.now(TZ))
    client.force_login(users.ion)
    page = client.get("/taxe/").content.decode()
    assert 'data-testid="credit"' in page and 'data-testid="credits"' in page and "+25" in page
    assert "Plată peste obligațiile datorate" in page
