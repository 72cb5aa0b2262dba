"""Two city halls on one installation: each has its own rules, register, debts and statement.

The demo city (demo.test) and a commune (beta.test, added by the IT admin's command) share one resident, Ion
Popescu, who holds a flat in each. Each city hall's rules compute its own taxes; on each site his statement,
the tax office's list and the payable items show only that city hall's debts, and a payment of one city hall's
reference extinguishes only that city hall's debts.
"""

from copy import deepcopy
from datetime import date, datetime
from decimal import Decimal as D
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from primaria.accounts.models import Party
from primaria.core.plugins import registry
from primaria.institutions import tenancy
from primaria.institutions.models import HostName, Institution
from primaria.taxes import selectors, services
from primaria.taxes.demo import DEMO_RULES
from primaria.taxes.models import Category, Debt, Emission, FiscalItem, RuleSet

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Bucharest")
BETA_FLAT = "Str. Principală nr. 9, Comuna Beta"


@pytest.fixture
def halls(city, users, settings):
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    demo = Institution.objects.get(code="PMD")
    HostName.objects.create(host="demo.test", institution=demo, primary=True)
    call_command("add_city_hall", code="CBETA", name="Primăria Comunei Beta", host="beta.test",
                 address="Str. Principală 1, Beta", secretary_email="secretar@beta.test", stdout=StringIO())
    tenancy.forget()
    beta = Institution.objects.get(code="CBETA")
    beta_rules = deepcopy(DEMO_RULES)
    rate = DEMO_RULES["building"]["rates"]["person"]["rezidentiala"]
    beta_rules["building"]["rates"]["person"]["rezidentiala"] = str(D(str(rate)) * 2)  # the commune taxes twice as much
    ion = Party.objects.get(user=users.ion)
    with tenancy.serving(beta):
        for year in (2026, 2027):
            services.publish_rules(actor=None, year=year, rules=beta_rules, decision="HCL Beta nr. 1/2025")
        services.add_item(actor=None, party=ion, kind="cladire", label=BETA_FLAT,
                          attrs={"use": "rezidentiala", "value": "234000"}, starts_on=date(2015, 1, 1))
        services.emit_year(actor=None, year=2026, today=date(2026, 1, 5))
    return demo, beta, ion


def _demo_flat():
    return FiscalItem.objects.get(label__startswith="Str. Mărășești nr. 4")


def test_rules_versions_and_the_register_are_per_city_hall(halls):
    demo, beta, ion = halls
    assert RuleSet.objects.filter(institution=demo, year=2026, version=1).exists()
    assert RuleSet.objects.filter(institution=beta, year=2026, version=1).exists()  # the same year and version
    with tenancy.serving(beta):
        assert selectors.latest_ruleset(2026).institution == beta
        assert [h.item.label for h in selectors.register_of(ion)] == [BETA_FLAT]
        assert list(selectors.parties_with_records()) == [ion]
    with tenancy.serving(demo):
        assert selectors.latest_ruleset(2026).institution == demo
        assert BETA_FLAT not in [h.item.label for h in selectors.register_of(ion)]
    assert Emission.objects.filter(year=2026, ruleset__institution=beta).count() == 1
    assert Emission.objects.filter(year=2026, ruleset__institution=demo).count() == 1


def test_each_city_halls_rules_compute_its_own_taxes(halls):
    demo, beta, ion = halls
    beta_flat = FiscalItem.objects.get(label=BETA_FLAT)
    beta_debts = Debt.objects.filter(item=beta_flat, year=2026, category=Category.PRINCIPAL)
    assert beta_debts and {d.institution for d in beta_debts} == {beta}
    # The same flat under the demo city's rules: half the commune's tax (the commune's rate is twice as high).
    with tenancy.serving(demo):
        services.add_item(actor=None, party=ion, kind="cladire", label="Str. Test nr. 1, Municipiul Demo",
                          attrs={"use": "rezidentiala", "value": "234000"}, starts_on=date(2015, 1, 1))
        services.emit_year(actor=None, year=2026, today=date(2026, 1, 5))
    demo_twin = Debt.objects.filter(item__label="Str. Test nr. 1, Municipiul Demo", year=2026,
                                    category=Category.PRINCIPAL)
    assert {d.institution for d in demo_twin} == {demo}
    assert sum(d.amount for d in beta_debts) == 2 * sum(d.amount for d in demo_twin)
    # The commune's emission left the demo city's debts alone, and the demo city's left the commune's.
    assert not Debt.objects.filter(item__institution=demo).exclude(institution=demo).exists()
    assert not Debt.objects.filter(item__institution=beta).exclude(institution=beta).exists()


def test_the_statement_on_each_site_shows_only_that_city_halls_debts(client, halls, users):
    demo, beta, ion = halls
    beta_refs = set(Debt.objects.filter(institution=beta).values_list("reference", flat=True))
    demo_refs = set(Debt.objects.filter(institution=demo, party=ion).values_list("reference", flat=True))
    assert beta_refs and demo_refs
    client.force_login(users.ion)
    on_demo = client.get("/taxe/", HTTP_HOST="demo.test").content.decode()
    on_beta = client.get("/taxe/", HTTP_HOST="beta.test").content.decode()
    assert all(ref in on_demo for ref in demo_refs) and not any(ref in on_demo for ref in beta_refs)
    assert all(ref in on_beta for ref in beta_refs) and not any(ref in on_beta for ref in demo_refs)
    assert "DM-12-ION" in on_demo and "DM-12-ION" not in on_beta


def test_the_payable_items_and_a_payment_stay_with_their_city_hall(halls):
    demo, beta, ion = halls
    taxes = next(p for p in registry("payables") if p.identifier == "taxe-locale")
    beta_ref = Debt.objects.filter(institution=beta).order_by("due_date").first().reference
    demo_ref = Debt.objects.filter(institution=demo, party=ion).order_by("due_date").first().reference
    with tenancy.serving(beta):
        assert {i.reference for i in taxes.open_items(ion)} <= set(
            Debt.objects.filter(institution=beta).values_list("reference", flat=True))
        assert taxes.item(demo_ref) is None and taxes.item(beta_ref) is not None
    with tenancy.serving(demo):
        assert taxes.item(beta_ref) is None and taxes.item(demo_ref) is not None
        demo_open = selectors.statement(ion, date(2026, 2, 1)).principal_open
    # A large payment of the commune's reference, confirmed outside any request: only the commune's debts.
    application = services.apply_payment(payment_id=900001, party_id=ion.pk, reference=beta_ref, amount="10000",
                                         paid_at=datetime(2026, 2, 1, 12, tzinfo=TZ))
    assert application.institution == beta
    assert {a.debt.institution for a in application.allocations.all()} == {beta}
    with tenancy.serving(beta):
        assert selectors.statement(ion, date(2026, 2, 1)).principal_open == 0
        assert selectors.credit_of(ion) > 0
    with tenancy.serving(demo):
        assert selectors.statement(ion, date(2026, 2, 1)).principal_open == demo_open > 0
        assert selectors.credit_of(ion) == 0  # the commune's credit is not the demo city's


def test_another_city_halls_taxpayer_answers_404_at_the_tax_office(client, halls, users):
    demo, beta, ion = halls
    only_beta = Party.objects.create(kind="person", name="Gheorghe Beteanu", cnp="1900202350011")
    with tenancy.serving(beta):
        services.add_item(actor=None, party=only_beta, kind="cladire", label="Str. Morii nr. 2, Comuna Beta",
                          attrs={"use": "rezidentiala", "value": "100000"}, starts_on=date(2020, 1, 1))
    client.force_login(users.itl_specialist)
    assert client.get(f"/taxe/birou/{ion.public_id}/", HTTP_HOST="demo.test").status_code == 200
    assert client.get(f"/taxe/birou/{only_beta.public_id}/", HTTP_HOST="demo.test").status_code == 404
    response = client.post(f"/taxe/birou/{only_beta.public_id}/amenda/", {
        "title": "PV nr. 1", "amount": "100", "due_date": "2026-11-01"}, HTTP_HOST="demo.test")
    assert response.status_code == 404 and not Debt.objects.filter(party=only_beta).exists()
    listing = client.get("/taxe/birou/", HTTP_HOST="demo.test").content.decode()
    assert "Ion Popescu" in listing and "Gheorghe Beteanu" not in listing


def test_a_fine_in_one_city_hall_takes_only_its_credit(halls):
    from primaria.outbox.models import Event
    from primaria.taxes.handlers import apply_credit

    demo, beta, ion = halls
    with tenancy.serving(demo):
        services._add_credit(ion, demo, D("40.00"), "test")
    with tenancy.serving(beta):
        fine = services.record_fine(actor=None, party=ion, amount="30", due_date=date(2026, 11, 1), title="PV Beta 1")
    apply_credit(Event.objects.filter(name="taxes.fine_recorded").latest("pk"))
    assert fine.institution == beta
    assert not fine.allocations.exists()  # the commune has no credit of Ion's: the demo city's is not used
    with tenancy.serving(demo):
        assert selectors.credit_of(ion) == D("40.00")
