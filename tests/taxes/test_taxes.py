"""The tax office with the database: the year's roll, corrections, payments through the payables plugin, the
declaration feed, the CSV import and the pages."""

from datetime import date, datetime
from decimal import Decimal as D
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from primaria.accounts.models import Party, PartyKind
from primaria.core.errors import DomainError
from primaria.core.plugins import registry
from primaria.outbox.models import Delivery, Event
from primaria.taxes import references, selectors, services
from primaria.taxes.demo import DEMO_RULES
from primaria.taxes.models import (
    Allocation,
    Category,
    CreditEntry,
    Debt,
    Emission,
    Holding,
    PaymentApplication,
    Reduction,
    RuleSet,
)
from primaria.taxes.payables import PayableItem

TZ = ZoneInfo("Europe/Bucharest")
pytestmark = pytest.mark.django_db


def at(y, m, d):
    return datetime(y, m, d, 12, 0, tzinfo=TZ)


@pytest.fixture
def rules(db):
    for year in (2025, 2026, 2027):
        services.publish_rules(actor=None, year=year, rules=DEMO_RULES, decision="HCL test", demo=True)


@pytest.fixture
def person(db):
    return Party.objects.create(kind=PartyKind.PERSON, name="Vasile Contribuabil", cnp="1800101350018")


def apartment(party, since=date(2015, 1, 1), value="234000", **kw):
    return services.add_item(actor=None, party=party, kind="cladire", label="Str. Test nr. 1",
                             attrs={"use": "rezidentiala", "value": value}, starts_on=since, **kw)


def debts_of(party, year):
    return list(Debt.objects.filter(party=party, year=year, category=Category.PRINCIPAL).order_by("due_date", "pk"))


def test_rules_are_versioned_and_never_changed(rules):
    second = services.publish_rules(actor=None, year=2026, rules={**DEMO_RULES, "increase_rate": "2"},
                                    decision="HCL nr. 2/2026")
    assert second.version == 2 and selectors.latest_ruleset(2026) == second
    assert RuleSet.objects.get(year=2026, version=1).rules["increase_rate"] == "1"
    with pytest.raises(DomainError, match="rates"):
        services.publish_rules(actor=None, year=2026, rules={"building": {}}, decision="HCL greșită")
    assert RuleSet.objects.filter(year=2026).count() == 2
    with pytest.raises(Exception, match="păstrează"):
        second.delete()


def test_emission_makes_the_debts_with_references_and_records_an_event(rules, person):
    apartment(person)
    emission = services.emit_year(actor=None, year=2026, today=date(2026, 1, 10))
    t1, t2 = debts_of(person, 2026)
    assert (t1.amount, t1.due_date, t1.term) == (D("117.00"), date(2026, 3, 31), 1)
    assert (t2.amount, t2.due_date, t2.term) == (D("117.00"), date(2026, 9, 30), 2)
    assert references.valid(t1.reference) and t1.reference.startswith("26") and t1.reference != t2.reference
    assert emission.created == 2
    assert Event.objects.filter(name="taxes.year_emitted", subject_id=str(emission.pk)).exists()
    again = services.emit_year(actor=None, year=2026, today=date(2026, 1, 11))
    assert (again.created, again.corrected) == (0, 0) and len(debts_of(person, 2026)) == 2


def test_emission_without_rules_is_refused_clearly(person):
    apartment(person)
    with pytest.raises(DomainError, match="Nu există reguli"):
        services.emit_year(actor=None, year=2026)
    assert not Debt.objects.exists() and not Emission.objects.exists()


def test_a_sale_recorded_late_corrects_the_next_year_and_keeps_what_was_paid(rules, person):
    """The buyer's year starts on 1 January after the sale; the seller's already paid year is not rewritten:
    the excess becomes a credit."""
    holding = apartment(person)
    services.emit_year(actor=None, year=2027, today=date(2027, 1, 5))
    t1, t2 = debts_of(person, 2027)
    services.apply_payment(payment_id=1, party_id=person.pk, reference=t1.reference, amount=D("117.00"),
                           paid_at=at(2027, 4, 15))  # late: 117 + 1% = 1.17 increase, money runs out first
    # It turns out the apartment had been sold on 10 June 2026: the buyer owes 2027, the seller nothing.
    buyer = Party.objects.create(kind=PartyKind.PERSON, name="Cumpărător", cnp="2900101350017")
    services.end_holding(actor=None, holding_id=holding.pk, ends_on=date(2026, 6, 10), source="contract")
    services.add_item(actor=None, party=buyer, kind="cladire", label="Str. Test nr. 1 (cumpărător)",
                      attrs={"use": "rezidentiala", "value": "234000"}, starts_on=date(2026, 6, 10))
    emission = services.emit_year(actor=None, year=2027, today=date(2027, 5, 20))
    assert emission.corrected == 2 and emission.created == 2
    assert Debt.objects.filter(pk=t1.pk, amount=D("117.00")).exists()  # the paid debt is not rewritten
    assert {r.debt_id: r.amount for r in Reduction.objects.all()} == {t1.pk: D("117.00"), t2.pk: D("117.00")}
    credit = CreditEntry.objects.get(party=person, application__isnull=True)
    assert credit.amount == D("117.00")
    assert selectors.credit_of(person) == D("117.00")
    b1, b2 = debts_of(buyer, 2027)
    # A difference established after the term: due on the 20th of the next month (communicated on the 20th).
    assert b1.due_date == date(2027, 6, 20) and b2.due_date == date(2027, 9, 30)
    statement = selectors.statement(person, date(2027, 6, 1))
    assert statement.principal_open == D("0")


def test_a_payment_applies_once_in_the_legal_order_with_increases_frozen(rules, person):
    apartment(person)
    services.emit_year(actor=None, year=2025, today=date(2025, 1, 5))
    services.emit_year(actor=None, year=2026, today=date(2026, 1, 5))
    fine = services.record_fine(actor=None, party=person, amount="100", due_date=date(2026, 2, 1),
                                title="PV seria DM nr. 12/2026", executory=True)
    old1, old2 = debts_of(person, 2025)
    new1, new2 = debts_of(person, 2026)
    plugin = registry("payables")["taxe-locale"]
    plugin.apply(payment_id=7, party_id=person.pk, reference=new1.reference, amount=D("300"), paid_at=at(2026, 5, 10))
    application = PaymentApplication.objects.get(payment_id=7)
    order = [(a.debt_id, a.amount) for a in application.allocations.order_by("order")]
    # The fine with an executory title first, then 2025's terms (oldest first), then what remains to 2026/1.
    assert order == [(fine.pk, D("100.00")), (old1.pk, D("117.00")), (old2.pk, D("83.00"))]
    frozen = Debt.objects.filter(category=Category.ACCESSORY).order_by("pk")
    # 2025/1 paid 14 months or fractions late (1 Apr 2025 – 10 May 2026), 2025/2 on 83 lei, 8 months.
    assert [(d.parent_id, d.amount) for d in frozen] == [(old1.pk, D("16.38")), (old2.pk, D("6.64"))]
    assert all(references.valid(d.reference) for d in frozen)
    # The same payment told again changes nothing.
    plugin.apply(payment_id=7, party_id=person.pk, reference=new1.reference, amount=D("300"), paid_at=at(2026, 5, 10))
    assert PaymentApplication.objects.count() == 1 and Allocation.objects.count() == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentApplication.objects.create(payment_id=7, reference=new1.reference, party=person, amount=1,
                                          paid_at=at(2026, 5, 10))
    # Nothing reached 2026: what is open there still runs its increase, shown to the day.
    assert {r.debt.pk: r.open for r in selectors.debt_rows(person, date(2026, 5, 10))}[new2.pk] == D("117.00")


def test_overpayment_is_kept_as_credit_and_open_items_include_increases(rules, person):
    apartment(person)
    services.emit_year(actor=None, year=2026, today=date(2026, 1, 5))
    t1, t2 = debts_of(person, 2026)
    plugin = registry("payables")["taxe-locale"]
    rows = selectors.debt_rows(person, date(2026, 5, 1))
    assert [(r.debt.pk, r.open, r.increase, r.months) for r in rows] == [
        (t1.pk, D("117.00"), D("2.34"), 2), (t2.pk, D("117.00"), D("0.00"), 0)]
    item = plugin.item(t1.reference)
    assert isinstance(item, PayableItem) and item.source == "taxe-locale" and item.party_id == person.pk
    assert plugin.item("12345678901234") is None
    services.apply_payment(payment_id=9, party_id=person.pk, reference=t2.reference, amount=D("300"),
                           paid_at=at(2026, 5, 1))
    application = PaymentApplication.objects.get(payment_id=9)
    assert application.credit == D("63.66")  # 300 − 117 − 2.34 − 117
    assert selectors.credit_of(person) == D("63.66")
    assert plugin.open_items(person) == []


def test_the_bonificatie_when_the_whole_year_is_paid_by_31_march(rules, person):
    apartment(person)
    services.emit_year(actor=None, year=2026, today=date(2026, 1, 5))
    t1, t2 = debts_of(person, 2026)
    services.apply_payment(payment_id=11, party_id=person.pk, reference=t1.reference, amount=D("210.60"),
                           paid_at=at(2026, 3, 20))  # 234 − 10%
    allocations = {(a.debt_id, a.bonus): a.amount for a in Allocation.objects.all()}
    assert allocations == {(t1.pk, False): D("117.00"), (t2.pk, False): D("93.60"), (t2.pk, True): D("23.40")}
    assert selectors.statement(person, date(2026, 3, 21)).total == D("0")


def test_bad_payments_are_refused_and_save_nothing(rules, person):
    apartment(person)
    services.emit_year(actor=None, year=2026, today=date(2026, 1, 5))
    t1 = debts_of(person, 2026)[0]
    other = Party.objects.create(kind=PartyKind.PERSON, name="Altcineva", cnp="2900101350017")
    for kwargs, message in [
        ({"reference": t1.reference[:-1] + str((int(t1.reference[-1]) + 1) % 10)}, "nu este validă"),
        ({"amount": D("0")}, "mai mare decât zero"),
        ({"amount": "abc"}, "nu este validă"),
        ({"party_id": other.pk}, "nu aparține"),
    ]:
        args = {"payment_id": 5, "party_id": person.pk, "reference": t1.reference, "amount": D("10"),
                "paid_at": at(2026, 3, 1), **kwargs}
        with pytest.raises(DomainError, match=message):
            services.apply_payment(**args)
    assert not PaymentApplication.objects.exists()


def test_a_lease_of_public_property_in_the_database(rules):
    company = Party.objects.create(kind=PartyKind.COMPANY, name="Chioșc SRL", cui="18547290")
    services.add_item(actor=None, party=company, kind="cladire", label="Chioșc", concession=True,
                      attrs={"use": "nerezidentiala", "value": "60000"}, starts_on=date(2026, 7, 1),
                      ends_on=date(2027, 7, 1))
    services.emit_year(actor=None, year=2026, today=date(2026, 7, 2))
    debts = debts_of(company, 2026)
    assert [(d.term, d.amount, d.due_date, d.monthly) for d in debts][:2] == [
        (7, D("50.00"), date(2026, 8, 25), True), (8, D("50.00"), date(2026, 9, 25), True)]
    assert sum(d.amount for d in debts) == D("300.00")


def test_csv_import_checks_every_row_and_keeps_nothing_on_error(rules):
    good = ("cod_fiscal;nume;fel;adresa;data_dobandirii;cota;use;area;value;zone;engine_cc;category\n"
            "1800101350018;Ion Import;cladire;Str. A nr. 1;2010-05-01;1/2;rezidentiala;80;;A;;\n"
            "18547290;Firma Import SRL;auto;DM-01-ABC;01.02.2020;1;;;;;1998;\n"
            "1800101350018;Ion Import;teren;Str. A nr. 1;2010-05-01;1;;300;;A;;curti-constructii\n")
    assert services.import_register(actor=None, text=good) == 3
    ion = Party.objects.get(cnp="1800101350018")
    assert Holding.objects.get(party=ion, item__kind="cladire").share == D("0.5")
    bad = ("cod_fiscal;nume;fel;adresa;data_dobandirii;use;area;zone\n"
           "1800101350019;X;cladire;Str. B;2010-05-01;rezidentiala;80;A\n"
           "1800101350018;Y;cladire;Str. C;2010-05-01;rezidentiala;80;Z\n")
    with pytest.raises(ValidationError) as error:
        services.import_register(actor=None, text=bad)
    text = " ".join(error.value.messages)
    assert "Rândul 2" in text and "Rândul 3" in text and "zona" in text
    assert Holding.objects.count() == 3


def test_an_approved_declaration_feeds_the_register_once(city, users):
    from primaria.outbox import runner
    from primaria.outbox.services import HANDLERS
    from primaria.outbox.services import record as record_event
    from primaria.requests.models import Outcome
    from tests.factories import submitted_request

    assert "request.issue" in HANDLERS["taxes.feed_register"].events
    request = submitted_request(users.ion, slug="declaratie-fiscala-mijloace-transport")
    request.data = {**request.data, "numar_inmatriculare": "DM-99-NEW", "tip_vehicul": "Autoturism",
                    "capacitate_cilindrica": "1998", "data_dobandirii": "2026-11-20"}
    request.outcome = Outcome.GRANTED
    request.save()
    event = record_event("request.issue", request, request_id=request.pk, status="resolved")
    delivery = Delivery.objects.get(event=event, handler="taxes.feed_register")
    assert runner.run(delivery.pk)
    holding = Holding.objects.get(request=request)
    assert holding.party == request.applicant and holding.starts_on == date(2026, 11, 20)
    assert holding.item.label == "DM-99-NEW" and holding.item.facts.get().attrs == {
        "vehicle": "autoturism", "engine_cc": 1998}
    from primaria.taxes.handlers import feed_register

    feed_register(SimpleNamespace(payload={"request_id": request.pk}))  # a repeat adds nothing
    assert Holding.objects.filter(request=request).count() == 1
    refused = submitted_request(users.ion, slug="declaratie-fiscala-teren")
    refused.outcome = Outcome.REJECTED
    refused.save()
    feed_register(SimpleNamespace(payload={"request_id": refused.pk}))
    assert not Holding.objects.filter(request=refused).exists()


def test_the_statement_page_for_the_acting_party(client, city, users):
    client.force_login(users.ion)
    response = client.get("/taxe/")
    assert response.status_code == 200
    ion = Party.objects.get(user=users.ion)
    for debt in Debt.objects.filter(party=ion):
        assert debt.reference in response.content.decode()
    assert "Majorări de întârziere" in response.content.decode()
    assert client.get("/taxe/?tiparire=1").status_code == 200
    assert client.get("/taxe/birou/").status_code == 403


def test_a_mandate_limited_to_tax_services_sees_the_represented_persons_statement(client, city, users):
    from primaria.accounts.selectors import parties_of
    from primaria.core import rules as access

    elena = Party.objects.get(cnp="2500505350016")
    assert access.can(users.maria, elena, "view_taxes")
    assert not access.can(users.ion, elena, "view_taxes")
    assert elena.pk in [p.pk for p in parties_of(users.maria)]
    client.force_login(users.maria)
    client.post("/cont/actionez-pentru/", {"party": str(elena.public_id)})
    response = client.get("/taxe/")
    assert response.status_code == 200 and "Elena Ionescu" in response.content.decode()


def test_the_tax_office_pages(client, city, users):
    client.force_login(users.itl_specialist)
    response = client.get("/taxe/birou/")
    assert response.status_code == 200 and "Ion Popescu" in response.content.decode()
    ion = Party.objects.get(user=users.ion)
    page = client.get(f"/taxe/birou/{ion.public_id}/")
    assert page.status_code == 200 and "DM-12-ION" in page.content.decode()
    response = client.post("/taxe/birou/emitere/", {"year": "2027"})
    assert response.status_code == 302 and Emission.objects.filter(year=2027).exists()
    response = client.post(f"/taxe/birou/{ion.public_id}/amenda/", {"title": "", "amount": "x", "due_date": "2026-13-01"})
    assert response.status_code == 302 and not Debt.objects.filter(kind="amenda").exists()
    client.post(f"/taxe/birou/{ion.public_id}/amenda/", {"title": "PV nr. 5", "amount": "150,50",
                                                         "due_date": "2026-11-01", "executory": "1"})
    assert Debt.objects.get(kind="amenda").amount == D("150.50")
    client.force_login(users.urb_specialist)
    assert client.get("/taxe/birou/").status_code == 403


def test_the_admin_adds_a_rules_version_and_an_item_through_the_domain(client, city, users):
    import json

    client.force_login(users.admin)
    assert client.get("/admin/taxes/ruleset/add/").status_code == 200
    response = client.post("/admin/taxes/ruleset/add/", {"year": "2028", "decision": "HCL nr. 9/2027",
                                                          "rules": json.dumps(DEMO_RULES), "note": ""})
    assert response.status_code == 302
    assert RuleSet.objects.get(year=2028).version == 1
    bad = client.post("/admin/taxes/ruleset/add/", {"year": "2028", "decision": "HCL", "rules": "{}", "note": ""})
    assert bad.status_code == 200 and RuleSet.objects.filter(year=2028).count() == 1
    ion = Party.objects.get(user=users.ion)
    response = client.post("/admin/taxes/fiscalitem/add/", {
        "kind": "auto", "label": "DM-77-ADM", "identifier": "", "party": ion.pk, "starts_on": "2026-02-03",
        "share": "1", "attrs": json.dumps({"vehicle": "autoturism", "engine_cc": "1400"}), "reduction": ""})
    assert response.status_code == 302
    holding = Holding.objects.get(item__label="DM-77-ADM")
    assert holding.party == ion and holding.item.facts.get().attrs == {"vehicle": "autoturism", "engine_cc": 1400}
    refused = client.post("/admin/taxes/fiscalitem/add/", {
        "kind": "auto", "label": "DM-78-ADM", "party": ion.pk, "starts_on": "2026-02-03", "share": "1",
        "attrs": json.dumps({"vehicle": "autoturism"}), "reduction": ""})
    assert refused.status_code == 200 and not Holding.objects.filter(item__label="DM-78-ADM").exists()
