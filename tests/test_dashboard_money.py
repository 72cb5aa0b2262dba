"""The money on the dashboard: collected per day (card online, bank transfer), per tax, and the online share."""

from datetime import datetime, time, timedelta
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.utils import timezone

from primaria.core.plugins import registry
from primaria.institutions.selectors import institution_ids_of
from primaria.overview import selectors
from primaria.payments.models import Payment, PaymentLine, Status
from primaria.taxes import services as taxes
from primaria.taxes.demo import DEMO_RULES
from primaria.taxes.models import Category, Debt


def _paid(party, provider, amount, days_ago, *, source="taxa-serviciu", refunded="0", status=Status.CONFIRMED):
    today = timezone.localdate()
    settled = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(11)))
    payment = Payment.objects.create(party=party, provider=provider, amount=D(amount), status=status,
                                     settled_at=settled, refunded_amount=D(refunded))
    PaymentLine.objects.create(payment=payment, source=source, reference=f"R{payment.pk}", label="Taxă",
                               amount=D(amount))
    return payment


@pytest.fixture
def money(users):
    """Two card payments and a transfer in the window, one card payment partly refunded, one too old, one
    rejected; and local taxes paid through the payables plugin (a building tax and a fine)."""
    party = users.ion.person
    _paid(party, "netopia", "30.00", 0)
    _paid(party, "netopia", "70.00", 3, refunded="20.00")
    _paid(party, "transfer", "100.00", 3)
    _paid(party, "netopia", "500.00", 40)  # before the 30 days (still in the 12 months)
    _paid(party, "netopia", "999.00", 1, status=Status.REJECTED)
    year = timezone.localdate().year
    taxes.publish_rules(actor=None, year=year, rules=DEMO_RULES, decision="HCL test", demo=True)
    taxes.add_item(actor=None, party=party, kind="cladire", label="Str. Test nr. 1",
                   attrs={"use": "rezidentiala", "value": "234000"}, starts_on=timezone.localdate().replace(year=2015))
    taxes.emit_year(actor=None, year=year, today=timezone.localdate())
    fine = taxes.record_fine(actor=None, party=party, amount="50", due_date=timezone.localdate() + timedelta(days=15),
                             title="PV seria DM nr. 1", executory=True)
    first = Debt.objects.filter(party=party, year=year, category=Category.PRINCIPAL).order_by("due_date").first()
    registry("payables")["taxe-locale"].apply(payment_id=9001, party_id=party.pk, reference=first.reference,
                                              amount=D("80"), paid_at=timezone.now())
    return {"fine": fine}


def test_money_collected_per_day_per_tax_and_the_online_share(users, money):
    figures = selectors.money_collected(institution_ids_of(users.mayor), timezone.localdate())
    days = figures["days"]
    assert len(days) == selectors.MONEY_DAYS and days[-1]["day"] == timezone.localdate()
    assert (days[-1]["card"], days[-1]["transfer"]) == (30.0, 0.0)
    assert (days[-4]["card"], days[-4]["transfer"]) == (50.0, 100.0)  # net of the refund
    assert figures["total"] == 180.0 and figures["card"] == 80.0 and figures["transfer"] == 100.0
    assert figures["online_share"] == 44.4
    taxes_paid = {t["name"]: t["total"] for t in figures["taxes"]}
    # The fine with an executory title is extinguished first (art. 165), the rest goes to the building tax.
    assert taxes_paid["Amendă contravențională"] == 50.0
    assert taxes_paid["Impozit/taxă pe clădiri"] == 30.0
    assert taxes_paid["Taxe pentru servicii (eliberări, urgențe)"] == 700.0  # 30 + 70 + 100 + 500, not the rejected


def test_the_dashboard_shows_the_money_to_the_mayor_of_the_city_hall_only(client, users, money):
    cache.clear()
    client.force_login(users.mayor)
    page = client.get("/birou/situatie/tablou/").content.decode()
    assert 'id="incasari"' in page and 'id="grafic-incasari"' in page and 'id="date-impozite"' in page
    assert "180,00 lei" in page and "44,4%" in page
    # A subordinate institution's figures have no money of their own: payments go to the city hall.
    assert selectors.money_collected({-1}, timezone.localdate()) is None


@pytest.mark.parametrize("peak, ticks, expected", [
    (3, 5, (3, 1)), (7, 5, (8, 2)), (1, 4, (1, 1)), (0.01, 5, (1, 1)), (0, 5, (1, 1)), (12, 4, (15, 5)),
    (93, 5, (100, 20)), (2.4, 4, (3, 1)),
])
def test_count_axes_step_by_whole_numbers(peak, ticks, expected):
    from primaria.overview import charts

    top, step = charts.nice_max(peak, ticks, whole=True)
    assert (top, step) == expected and float(step).is_integer()


def test_another_city_halls_money_is_not_counted(users, money):
    """On an installation hosting several city halls, each dashboard counts the payments made to its own budget."""
    from io import StringIO

    from django.core.management import call_command

    from primaria.institutions.models import Institution

    before = selectors.money_collected(institution_ids_of(users.mayor), timezone.localdate())
    call_command("add_city_hall", code="CBETA", name="Primăria Comunei Beta", host="beta.test",
                 address="Str. Principală 1, Beta", stdout=StringIO())
    beta = Institution.objects.get(code="CBETA")
    payment = _paid(users.ion.person, "netopia", "250.00", 0)
    Payment.objects.filter(pk=payment.pk).update(city_hall=beta)
    after = selectors.money_collected(institution_ids_of(users.mayor), timezone.localdate())
    assert after["total"] == before["total"] and after["taxes"] == before["taxes"]
    assert Payment.objects.get(pk=payment.pk).city_hall == beta
