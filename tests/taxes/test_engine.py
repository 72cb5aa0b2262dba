"""The tax engine as a table: register facts and one year's rules in, debts out; no database."""

from datetime import date
from decimal import Decimal as D

import pytest

from primaria.taxes import engine, references
from primaria.taxes.engine import Fact, Holding, Item, OpenDebt, Rules

RULES_DATA = {
    "rank": "II",
    "due_dates": ["03-31", "09-30"],
    "bonus": {"percent": "10", "until": "03-31", "companies": False},
    "small_tax_limit": "50",
    "increase_rate": "1",
    "building": {
        "rates": {"person": {"rezidentiala": "0.1", "nerezidentiala": "0.5"},
                  "company": {"rezidentiala": "0.2", "nerezidentiala": "1.0"}},
        "value_per_m2": {"standard": "1000"},
        "coefficients": {"A": {"II": "2.0"}, "C": {"II": "1.5"}},
    },
    "land": {
        "intravilan_built": {"A": {"II": "6000"}},
        "intravilan_other": {"arabil": {"A": "28"}},
        "rank_coefficient": {"II": "4"},
        "extravilan": {"arabil": "50"},
    },
    "vehicle": {"autoturism": [[1600, "9"], [2000, "19"], [2600, "76"], [None, "300"]]},
    "concession": {"due_day": 25},
    "reductions": {"veteran": "100", "eficienta": "50"},
}
R26, R27 = Rules(2026, RULES_DATA), Rules(2027, RULES_DATA)
T1, T2 = date(2026, 3, 31), date(2026, 9, 30)


def item(kind, attrs, *holdings, key="x", facts=None):
    return Item(key, kind, f"bun {key}", tuple(facts or [Fact(date(2000, 1, 1), attrs)]), tuple(holdings))


def owner(party="P", since=date(2010, 1, 1), until=None, **kw):
    return Holding(party=party, starts_on=since, ends_on=until, **kw)


def amounts(lines):
    return [(line.party, line.term, line.amount, line.due) for line in lines]


APARTMENT = {"use": "rezidentiala", "value": "200000"}
HOUSE = {"use": "rezidentiala", "area": "100", "zone": "A"}

CASES = [
    # (id, year rules, items, expected [(party, term, amount, due)])
    ("cladire-rezidentiala-doua-rate", R26, [item("cladire", APARTMENT, owner())],
     [("P", 1, D("100.00"), T1), ("P", 2, D("100.00"), T2)]),
    ("valoare-din-suprafata-zona-rang", R26, [item("cladire", {"use": "rezidentiala", "area": "100", "zone": "A"},
                                                   owner())],
     [("P", 1, D("100.00"), T1), ("P", 2, D("100.00"), T2)]),  # 100 m² × 1000 × 2.0 × 0.1%
    ("cladire-mixta", R26, [item("cladire", {"use": "mixta", "value": "100000", "area": "100",
                                             "residential_area": "60"}, owner())],
     [("P", 1, D("130.00"), T1), ("P", 2, D("130.00"), T2)]),  # 60 000 × 0.1% + 40 000 × 0.5%
    ("firma-nerezidentiala", R26, [item("cladire", {"use": "nerezidentiala", "value": "850000"},
                                        owner(company=True))],
     [("P", 1, D("4250.00"), T1), ("P", 2, D("4250.00"), T2)]),
    ("bani-impari-pe-prima-rata", R26, [item("cladire", {"use": "rezidentiala", "value": "100010"}, owner())],
     [("P", 1, D("50.01"), T1), ("P", 2, D("50.00"), T2)]),
    ("pana-la-50-lei-integral-la-primul-termen", R26, [item("cladire", {"use": "rezidentiala", "value": "30000"},
                                                            owner())],
     [("P", 1, D("30.00"), T1)]),
    ("50-lei-cumulat-pe-toate-cladirile", R26, [
        item("cladire", {"use": "rezidentiala", "value": "30000"}, owner(), key="a"),
        item("cladire", {"use": "rezidentiala", "value": "30000"}, owner(), key="b")],
     [("P", 1, D("15.00"), T1), ("P", 1, D("15.00"), T1), ("P", 2, D("15.00"), T2), ("P", 2, D("15.00"), T2)]),
    ("50-lei-inclusiv", R26, [item("auto", {"engine_cc": 1000}, owner()),  # 5 × 9 = 45
                              item("cladire", {"use": "rezidentiala", "value": "50000"}, owner(), key="c")],
     [("P", 1, D("50.00"), T1), ("P", 1, D("45.00"), T1)]),
    ("teren-curti-constructii", R26, [item("teren", {"area": "200", "zone": "A"}, owner())],
     [("P", 1, D("60.00"), T1), ("P", 2, D("60.00"), T2)]),  # 0.02 ha × 6000
    ("teren-intravilan-arabil", R26, [item("teren", {"area": "5000", "category": "arabil", "zone": "A"}, owner())],
     [("P", 1, D("28.00"), T1), ("P", 2, D("28.00"), T2)]),  # 0.5 ha × 28 × 4 = 56
    ("teren-extravilan", R26, [item("teren", {"area": "10000", "category": "arabil", "location": "extravilan"},
                                    owner())],
     [("P", 1, D("100.00"), T1), ("P", 2, D("100.00"), T2)]),  # 1 ha × 50 × 4
    ("auto-pana-la-1600", R26, [item("auto", {"engine_cc": 1598}, owner())],
     [("P", 1, D("36.00"), T1), ("P", 2, D("36.00"), T2)]),  # 8 grupe × 9 = 72
    ("auto-1601-treapta-urmatoare", R26, [item("auto", {"engine_cc": 1601}, owner())],
     [("P", 1, D("85.50"), T1), ("P", 2, D("85.50"), T2)]),  # 9 grupe × 19
    ("cote-parti", R26, [item("cladire", APARTMENT, owner("P", share=D("0.5")), owner("Q", share=D("0.5")))],
     [("P", 1, D("50.00"), T1), ("P", 2, D("50.00"), T2), ("Q", 1, D("50.00"), T1), ("Q", 2, D("50.00"), T2)]),
    ("scutire-veteran", R26, [item("cladire", APARTMENT, owner(reduction="veteran"))], []),
    ("reducere-50", R26, [item("cladire", APARTMENT, owner(reduction="eficienta"))],
     [("P", 1, D("50.00"), T1), ("P", 2, D("50.00"), T2)]),
    # art. 461: who owns it on 31 December of the year before owes the whole year.
    ("dobandita-in-cursul-anului-nimic-in-acel-an", R26, [item("cladire", APARTMENT, owner(since=date(2026, 6, 10)))],
     []),
    ("dobandita-in-cursul-anului-tot-anul-urmator", R27, [item("cladire", APARTMENT, owner(since=date(2026, 6, 10)))],
     [("P", 1, D("100.00"), date(2027, 3, 31)), ("P", 2, D("100.00"), date(2027, 9, 30))]),
    ("vanduta-in-cursul-anului-vanzatorul-tot-anul", R26, [
        item("cladire", APARTMENT, owner("V", until=date(2026, 6, 10)), owner("C", since=date(2026, 6, 10)))],
     [("V", 1, D("100.00"), T1), ("V", 2, D("100.00"), T2)]),
    ("vanduta-anul-urmator-cumparatorul", R27, [
        item("cladire", APARTMENT, owner("V", until=date(2026, 6, 10)), owner("C", since=date(2026, 6, 10)))],
     [("C", 1, D("100.00"), date(2027, 3, 31)), ("C", 2, D("100.00"), date(2027, 9, 30))]),
    ("vanduta-pe-31-decembrie", R27, [
        item("cladire", APARTMENT, owner("V", until=date(2026, 12, 31)), owner("C", since=date(2026, 12, 31)))],
     [("C", 1, D("100.00"), date(2027, 3, 31)), ("C", 2, D("100.00"), date(2027, 9, 30))]),
    ("extinsa-in-cursul-anului-conteaza-de-la-1-ianuarie-urmator", R26, [
        item("cladire", None, owner(), facts=[Fact(date(2000, 1, 1), APARTMENT),
                                              Fact(date(2026, 5, 1), {"use": "rezidentiala", "value": "300000"})])],
     [("P", 1, D("100.00"), T1), ("P", 2, D("100.00"), T2)]),
    # Codul fiscal art. 457 alin. (8)-(9): 100 m², zone A, rank II = 200 000 lei, 0.1% = 200 lei before the age.
    ("vechime-peste-100-ani-50-la-suta", R26, [item("cladire", dict(HOUSE, year_built=1925), owner())],
     [("P", 1, D("50.00"), T1), ("P", 2, D("50.00"), T2)]),
    ("vechime-exact-100-ani-30-la-suta", R26, [item("cladire", dict(HOUSE, year_built=1926), owner())],
     [("P", 1, D("70.00"), T1), ("P", 2, D("70.00"), T2)]),
    ("vechime-51-ani-30-la-suta", R26, [item("cladire", dict(HOUSE, year_built=1975), owner())],
     [("P", 1, D("70.00"), T1), ("P", 2, D("70.00"), T2)]),
    ("vechime-exact-50-ani-10-la-suta", R26, [item("cladire", dict(HOUSE, year_built=1976), owner())],
     [("P", 1, D("90.00"), T1), ("P", 2, D("90.00"), T2)]),
    ("vechime-31-ani-10-la-suta", R26, [item("cladire", dict(HOUSE, year_built=1995), owner())],
     [("P", 1, D("90.00"), T1), ("P", 2, D("90.00"), T2)]),
    ("vechime-exact-30-ani-fara-reducere", R26, [item("cladire", dict(HOUSE, year_built=1996), owner())],
     [("P", 1, D("100.00"), T1), ("P", 2, D("100.00"), T2)]),
    ("vechimea-creste-de-la-un-an-la-altul", R27, [item("cladire", dict(HOUSE, year_built=1996), owner())],
     [("P", 1, D("90.00"), date(2027, 3, 31)), ("P", 2, D("90.00"), date(2027, 9, 30))]),
    ("renovarea-majora-inlocuieste-anul-construirii", R26, [
        item("cladire", dict(HOUSE, year_built=1900, renovated_year=2005), owner())],
     [("P", 1, D("100.00"), T1), ("P", 2, D("100.00"), T2)]),
    ("renovare-veche-cladire-foarte-veche", R26, [
        item("cladire", dict(HOUSE, year_built=1880, renovated_year=1960), owner())],
     [("P", 1, D("70.00"), T1), ("P", 2, D("70.00"), T2)]),
    ("valoarea-din-evidenta-nu-se-reduce", R26, [item("cladire", dict(APARTMENT, year_built=1900), owner())],
     [("P", 1, D("100.00"), T1), ("P", 2, D("100.00"), T2)]),
    ("firma-fara-reducere-de-vechime", R26, [item("cladire", dict(HOUSE, year_built=1900), owner(company=True))],
     [("P", 1, D("200.00"), T1), ("P", 2, D("200.00"), T2)]),
    ("mixta-reducere-doar-pe-partea-rezidentiala", R26, [
        item("cladire", {"use": "mixta", "area": "100", "residential_area": "60", "zone": "A", "year_built": 1900},
             owner())],
     [("P", 1, D("230.00"), T1), ("P", 2, D("230.00"), T2)]),  # 120 000 × 50% × 0.1% + 80 000 × 0.5%
]


def test_a_building_finished_after_the_fiscal_year_is_refused():
    with pytest.raises(engine.RuleError, match="după anul fiscal"):
        engine.assess(2026, [item("cladire", dict(HOUSE, year_built=2027), owner())], R26)


@pytest.mark.parametrize(("rules", "items", "expected"), [pytest.param(r, i, e, id=c) for c, r, i, e in CASES])
def test_tax_table(rules, items, expected):
    lines = engine.assess(rules.year, items, rules)
    assert sorted(amounts(lines), key=str) == sorted(expected, key=str)


def test_the_extension_counts_from_the_next_year():
    building = item("cladire", None, owner(), facts=[Fact(date(2000, 1, 1), APARTMENT),
                                                    Fact(date(2026, 5, 1), {"use": "rezidentiala", "value": "300000"})])
    assert [line.amount for line in engine.assess(2027, [building], R27)] == [D("150.00"), D("150.00")]


def test_a_lease_of_public_property_is_taxed_by_its_months_due_on_the_25th_of_the_next_month():
    kiosk = item("cladire", {"use": "nerezidentiala", "value": "60000"},
                 owner("F", since=date(2026, 7, 1), until=date(2027, 7, 1), concession=True, company=True))
    lines = engine.assess(2026, [kiosk], R26)  # 600 lei a year, July–December: 6 × 50
    assert [(line.term, line.amount, line.due, line.monthly) for line in lines] == [
        (7, D("50.00"), date(2026, 8, 25), True), (8, D("50.00"), date(2026, 9, 25), True),
        (9, D("50.00"), date(2026, 10, 25), True), (10, D("50.00"), date(2026, 11, 25), True),
        (11, D("50.00"), date(2026, 12, 25), True), (12, D("50.00"), date(2027, 1, 25), True)]
    next_year = engine.assess(2027, [kiosk], R27)  # ends on 1 July: January–June
    assert [line.term for line in next_year] == [1, 2, 3, 4, 5, 6]
    assert sum(line.amount for line in next_year) == D("300.00")


def test_a_lease_starting_mid_month_counts_that_month():
    kiosk = item("cladire", {"use": "nerezidentiala", "value": "60000"},
                 owner("F", since=date(2026, 11, 20), concession=True, company=True))
    assert [line.term for line in engine.assess(2026, [kiosk], R26)] == [11, 12]


def test_missing_rules_and_facts_give_a_clear_message():
    with pytest.raises(engine.RuleError, match="motocicleta"):
        engine.assess(2026, [item("auto", {"vehicle": "motocicleta", "engine_cc": 500}, owner())], R26)
    with pytest.raises(engine.RuleError, match="mixtă"):
        engine.assess(2026, [item("cladire", {"use": "mixta", "value": "1000"}, owner())], R26)


@pytest.mark.parametrize(("due", "on", "months"), [
    (T1, date(2026, 3, 31), 0),
    (T1, date(2026, 4, 1), 1),  # the day after the due date starts the first month
    (T1, date(2026, 4, 30), 1),
    (T1, date(2026, 5, 1), 2),  # a new month has begun: a fraction counts as a month
    (T1, date(2026, 5, 31), 2),
    (T1, date(2026, 6, 1), 3),
    (T2, date(2026, 10, 1), 1),
    (T2, date(2026, 10, 31), 1),
    (T2, date(2026, 11, 1), 2),
    (date(2026, 1, 30), date(2026, 2, 28), 1),  # from 31 January the first month runs to 28 February
    (date(2026, 1, 30), date(2026, 3, 1), 2),
    (date(2025, 9, 30), date(2026, 5, 10), 8),
])
def test_months_late_across_month_boundaries(due, on, months):
    assert engine.months_late(due, on) == months


def test_increase_is_one_percent_per_month_or_fraction():
    assert engine.increase(D("117.00"), T1, date(2026, 5, 1), D("1")) == D("2.34")
    assert engine.increase(D("117.00"), T1, date(2026, 3, 31), D("1")) == D("0.00")


# --- the order in which a payment extinguishes debts (art. 165) -----------------------------------------

FINE = OpenDebt("amenda", "amenda", date(2026, 2, 1), D("100"), kind="amenda", executory=True)
OLD = OpenDebt("2025-r2", "principal", date(2025, 9, 30), D("100"), kind="cladire", year=2025, original=D("100"))
NOW1 = OpenDebt("2026-r1", "principal", T1, D("100"), kind="cladire", year=2026, original=D("100"), order=1)
NOW2 = OpenDebt("2026-r2", "principal", T2, D("100"), kind="cladire", year=2026, original=D("100"), order=2)
ACC = OpenDebt("majorari-vechi", "accesoriu", date(2025, 12, 1), D("10"), kind="majorare", year=2025)
PLAIN_FINE = OpenDebt("amenda-fara-titlu", "amenda", date(2026, 1, 10), D("50"), kind="amenda")
ALL = [NOW2, ACC, PLAIN_FINE, NOW1, OLD, FINE]


def test_a_partial_payment_goes_to_fines_then_oldest_principal_and_freezes_its_increases():
    plan = engine.allocate(D("250"), ALL, date(2026, 5, 10), rate=D("1"))
    assert plan.allocations == [("amenda", D("100")), ("2025-r2", D("100")), ("2026-r1", D("50"))]
    # 2025-r2 late from 1 Oct 2025 to 10 May 2026: 8 months on 100; 2026-r1: 2 months on the 50 paid.
    assert plan.increases == [("2025-r2", D("8.00"), 8), ("2026-r1", D("1.00"), 2)]
    assert plan.paid_increases == [] and plan.credit == 0


def test_a_large_payment_pays_principal_then_accessories_then_future_terms_and_keeps_the_rest():
    plan = engine.allocate(D("500"), ALL, date(2026, 5, 10), rate=D("1"))
    assert plan.allocations == [("amenda", D("100")), ("2025-r2", D("100")), ("2026-r1", D("100")),
                                ("majorari-vechi", D("10")), ("2026-r2", D("100")), ("amenda-fara-titlu", D("50"))]
    assert plan.increases == [("2025-r2", D("8.00"), 8), ("2026-r1", D("2.00"), 2)]
    assert plan.paid_increases == [("2025-r2", D("8.00")), ("2026-r1", D("2.00"))]
    assert plan.credit == D("30.00")  # 500 − 100 − 100 − 100 − 10 − 8 − 2 − 100 − 50


def test_accessories_come_only_after_every_principal_due():
    plan = engine.allocate(D("205"), [ACC, OLD, NOW1], date(2026, 5, 10), rate=D("1"))
    assert plan.allocations == [("2025-r2", D("100")), ("2026-r1", D("100")), ("majorari-vechi", D("5"))]
    assert plan.paid_increases == []


def test_the_bonificatie_for_the_whole_year_paid_by_31_march():
    plan = engine.allocate(D("180"), [NOW1, NOW2], date(2026, 3, 15), rate=D("1"), bonus_percent=D("10"),
                           bonus_until=T1)
    assert plan.bonuses == [("2026-r2", D("20.00"))]
    assert plan.allocations == [("2026-r1", D("100")), ("2026-r2", D("80"))]
    assert plan.credit == 0


def test_no_bonificatie_after_its_date_or_for_part_of_the_year():
    late = engine.allocate(D("180"), [NOW1, NOW2], date(2026, 4, 2), rate=D("1"), bonus_percent=D("10"),
                           bonus_until=T1)
    assert late.bonuses == [] and late.allocations[0] == ("2026-r1", D("100"))
    part = engine.allocate(D("150"), [NOW1, NOW2], date(2026, 3, 15), rate=D("1"), bonus_percent=D("10"),
                           bonus_until=T1)
    assert part.bonuses == [] and part.allocations == [("2026-r1", D("100")), ("2026-r2", D("50"))]


def test_bonificatie_counts_the_term_already_paid():
    paid_t1 = OpenDebt("2026-r1", "principal", T1, D("0"), kind="cladire", year=2026, original=D("100"))
    plan = engine.allocate(D("80"), [paid_t1, NOW2], date(2026, 3, 20), rate=D("1"), bonus_percent=D("10"),
                           bonus_until=T1)
    assert plan.bonuses == [("2026-r2", D("20.00"))] and plan.allocations == [("2026-r2", D("80"))]


@pytest.mark.parametrize("number", [0, 1, 123, 9_999_999_999])
def test_references_carry_iso_7064_mod_97_10_check_digits(number):
    reference = references.make(2026, number)
    assert len(reference) == 14 and reference.startswith("26") and references.valid(reference)
    assert int(reference) % 97 == 1
    wrong = reference[:5] + str((int(reference[5]) + 1) % 10) + reference[6:]
    swapped = reference[:6] + reference[7] + reference[6] + reference[8:]
    assert not references.valid(wrong)
    assert swapped == reference or not references.valid(swapped)
    assert references.valid(references.grouped(reference))
