"""Legal terms per Romanian law (docs/terms.md): one table of computations per rule, across weekends and
public holidays, plus extra non-working days and the limits of an extension.

Notation in the comments: D is the day of registration. "Zile libere" (FREE_DAYS): neither D nor the day
the term is fulfilled counts, so a term of N days may be honoured up to D+N+1. "Ziua a N-a" (NTH_DAY):
up to D+N. Working days: the N-th working day after D. A last day that is not a working day moves to the
next working day in every rule.
"""

from datetime import date
from types import SimpleNamespace

import holidays
import pytest

from primaria.core import terms
from primaria.core.models import ExtraNonWorkingDay
from primaria.demo.loader import catalog_data

# Every public holiday the tables below rely on. Checked against the `holidays` library so that the table
# cannot silently rot if the library (or the law) changes.
HOLIDAYS_RELIED_ON = {
    date(2025, 8, 15): "Adormirea Maicii Domnului (vineri)",
    date(2026, 1, 1): "Anul Nou", date(2026, 1, 2): "Anul Nou, a doua zi",
    date(2026, 1, 6): "Boboteaza", date(2026, 1, 7): "Sf. Ioan Botezătorul",
    date(2026, 4, 10): "Vinerea Mare ortodoxă", date(2026, 4, 12): "Paștele ortodox",
    date(2026, 4, 13): "a doua zi de Paște",
    date(2026, 5, 1): "Ziua Muncii",
    date(2026, 5, 31): "Rusalii", date(2026, 6, 1): "a doua zi de Rusalii și Ziua Copilului",
    date(2026, 8, 15): "Adormirea Maicii Domnului (sâmbătă)",
    date(2026, 11, 30): "Sf. Andrei", date(2026, 12, 1): "Ziua Națională",
    date(2026, 12, 25): "Crăciunul", date(2026, 12, 26): "a doua zi de Crăciun",
    date(2027, 1, 1): "Anul Nou", date(2027, 1, 2): "Anul Nou, a doua zi",
    date(2027, 1, 6): "Boboteaza", date(2027, 1, 7): "Sf. Ioan Botezătorul",
    date(2027, 4, 30): "Vinerea Mare ortodoxă", date(2027, 5, 1): "Ziua Muncii",
    date(2027, 5, 2): "Paștele ortodox", date(2027, 5, 3): "a doua zi de Paște",
    date(2027, 6, 1): "Ziua Copilului",
    date(2027, 6, 20): "Rusalii", date(2027, 6, 21): "a doua zi de Rusalii",
    date(2027, 11, 30): "Sf. Andrei", date(2027, 12, 1): "Ziua Națională",
    date(2027, 12, 25): "Crăciunul", date(2027, 12, 26): "a doua zi de Crăciun",
    date(2028, 1, 24): "Unirea Principatelor Române (luni)",
}


@pytest.fixture(autouse=True)
def fresh_extra_days():
    """The extra non-working days are cached; start and end every test with the database's view."""
    terms.forget_extra_days()
    yield
    terms.forget_extra_days()


def test_the_holidays_the_tables_rely_on_are_public_holidays_in_the_library():
    for year in {d.year for d in HOLIDAYS_RELIED_ON}:
        ro = holidays.country_holidays("RO", years=year)
        for day, name in HOLIDAYS_RELIED_ON.items():
            if day.year == year:
                assert day in ro, f"{day} ({name}) nu mai este zi de sărbătoare legală în biblioteca holidays"


def test_the_library_has_epiphany_and_st_john_since_2024_only():
    # Legea 53/2003 (Codul muncii), art. 139, as amended by Legea 17/2023: 6 and 7 January are days off from 2024.
    assert date(2024, 1, 6) in holidays.country_holidays("RO", years=2024)
    assert date(2024, 1, 7) in holidays.country_holidays("RO", years=2024)
    assert date(2023, 1, 6) not in holidays.country_holidays("RO", years=2023)


# (rule, start, keyword arguments for compute_due, expected last day) and, in the comment, the count.
TABLE = [
    # --- calendar: ziua a N-a (D+N), moved to the next working day ---
    pytest.param("calendar", date(2026, 12, 15), {"days": 10}, date(2026, 12, 28),
                 id="calendar-craciun"),  # D+10 = Fri 25 Dec (Crăciun), 26 Sat, 27 Sun → Mon 28 Dec
    pytest.param("calendar", date(2026, 4, 2), {"days": 8}, date(2026, 4, 14),
                 id="calendar-paste-2026"),  # D+8 = Fri 10 Apr (Vinerea Mare), 11 Sat, 12 Paște, 13 Mon Paște → Tue 14
    pytest.param("calendar", date(2026, 5, 21), {"days": 10}, date(2026, 6, 2),
                 id="calendar-rusalii-2026"),  # D+10 = Sun 31 May (Rusalii) → Mon 1 Jun (Rusalii, 1 Iunie) → Tue 2 Jun
    pytest.param("calendar", date(2026, 8, 5), {"days": 10}, date(2026, 8, 17),
                 id="calendar-15-august"),  # D+10 = Sat 15 Aug (Sf. Maria), Sun 16 → Mon 17 Aug
    pytest.param("calendar", date(2027, 11, 20), {"days": 10}, date(2027, 12, 2),
                 id="calendar-sf-andrei-1-dec"),  # D+10 = Tue 30 Nov (Sf. Andrei), Wed 1 Dec (Ziua Națională) → Thu 2 Dec
    pytest.param("calendar", date(2026, 11, 23), {"days": 10}, date(2026, 12, 3),
                 id="calendar-plain"),  # D+10 = Thu 3 Dec, a working day (compare lege544 below: Fri 4 Dec)

    # --- working: the N-th working day after D ---
    pytest.param("working", date(2025, 12, 31), {"days": 3}, date(2026, 1, 9),
                 id="working-anul-nou-boboteaza"),  # 1-2 Jan holidays, 3-4 weekend, Mon 5 (1), 6-7 Jan holidays, Thu 8 (2), Fri 9 (3)
    pytest.param("working", date(2028, 1, 20), {"days": 2}, date(2028, 1, 25),
                 id="working-24-ianuarie"),  # Fri 21 (1), 22-23 weekend, Mon 24 Jan (Unirea) holiday, Tue 25 (2)
    pytest.param("working", date(2027, 6, 17), {"days": 3}, date(2027, 6, 23),
                 id="working-rusalii-2027"),  # Fri 18 (1), 19 Sat, 20 Rusalii, Mon 21 Rusalii, Tue 22 (2), Wed 23 (3)
    pytest.param("working", date(2026, 11, 27), {"days": 2}, date(2026, 12, 3),
                 id="working-sf-andrei-1-dec"),  # 28-29 weekend, Mon 30 Nov, Tue 1 Dec holidays, Wed 2 (1), Thu 3 (2)
    pytest.param("working", date(2027, 4, 29), {"days": 5}, date(2027, 5, 10),
                 id="working-paste-1-mai-2027"),  # Fri 30 Apr Vinerea Mare, 1 May Sat, 2 Paște, Mon 3 Paște; 4,5,6,7 (1-4), Mon 10 (5)

    # --- lege544 without extension: 10 zile libere → D+11, moved ---
    pytest.param("lege544", date(2026, 4, 1), {}, date(2026, 4, 14),
                 id="lege544-paste-2026"),  # 2..11 Apr are the 10 days; D+11 = Sun 12 Apr (Paște) → Mon 13 Paște → Tue 14
    pytest.param("lege544", date(2026, 4, 30), {}, date(2026, 5, 11),
                 id="lege544-1-mai-inside"),  # 1 May (holiday) counts as a calendar day; D+11 = Mon 11 May, a working day
    pytest.param("lege544", date(2028, 1, 12), {}, date(2028, 1, 25),
                 id="lege544-24-ianuarie"),  # D+11 = Sun 23 Jan → Mon 24 Jan (Unirea) → Tue 25 Jan
    pytest.param("lege544", date(2026, 12, 14), {}, date(2026, 12, 28),
                 id="lege544-craciun"),  # D+11 = Fri 25 Dec (Crăciun), 26 Sat, 27 Sun → Mon 28 Dec
    pytest.param("lege544", date(2026, 11, 23), {}, date(2026, 12, 4),
                 id="lege544-plain"),  # D+11 = Fri 4 Dec: one day later than the calendar rule, the day after the nominal 10th

    # --- lege544 with the extension to 30 days (20 more): 30 zile libere → D+31, moved ---
    pytest.param("lege544", date(2026, 4, 30), {"extension_days": 20}, date(2026, 6, 2),
                 id="lege544-prelungit-rusalii"),  # D+31 = Sun 31 May (Rusalii) → Mon 1 Jun (Rusalii, 1 Iunie) → Tue 2 Jun
    pytest.param("lege544", date(2026, 11, 24), {"extension_days": 20}, date(2026, 12, 28),
                 id="lege544-prelungit-craciun"),  # D+31 = Fri 25 Dec, 26 Sat, 27 Sun → Mon 28 Dec
    pytest.param("lege544", date(2026, 12, 2), {"extension_days": 20}, date(2027, 1, 4),
                 id="lege544-prelungit-anul-nou"),  # D+31 = Sat 2 Jan 2027 (holiday too), Sun 3 → Mon 4 Jan
    pytest.param("lege544", date(2026, 4, 1), {"extension_days": 20, "notified_on": date(2026, 4, 14)}, date(2026, 5, 4),
                 id="lege544-prelungit-instiintare-ultima-zi"),  # notice on the last allowed day; D+31 = Sat 2 May, Sun 3 → Mon 4

    # --- og27 without extension: 30 zile libere → D+31, moved ---
    pytest.param("og27", date(2026, 10, 30), {}, date(2026, 12, 2),
                 id="og27-sf-andrei-1-dec"),  # D+31 = Mon 30 Nov (Sf. Andrei) → Tue 1 Dec (Ziua Națională) → Wed 2 Dec
    pytest.param("og27", date(2026, 6, 30), {}, date(2026, 7, 31),
                 id="og27-plain"),  # D+31 = Fri 31 Jul, a working day
    pytest.param("og27", date(2027, 4, 1), {}, date(2027, 5, 4),
                 id="og27-paste-2027"),  # D+31 = Sun 2 May (Paște) → Mon 3 May (Paște) → Tue 4 May; 30 Apr, 1 May inside
    # --- og27 with the extension of 15 days: 45 zile libere → D+46, moved ---
    pytest.param("og27", date(2026, 6, 30), {"extension_days": 15}, date(2026, 8, 17),
                 id="og27-prelungit-15-august"),  # D+46 = Sat 15 Aug (Sf. Maria), Sun 16 → Mon 17 Aug
    pytest.param("og27", date(2027, 4, 16), {"extension_days": 15}, date(2027, 6, 2),
                 id="og27-prelungit-1-iunie"),  # D+46 = Tue 1 Jun 2027 (Ziua Copilului) → Wed 2 Jun
    pytest.param("og27", date(2026, 11, 16), {"extension_days": 15}, date(2027, 1, 4),
                 id="og27-prelungit-anul-nou"),  # D+46 = Fri 1 Jan 2027, Sat 2 (holiday), Sun 3 → Mon 4 Jan
    pytest.param("og27", date(2026, 10, 30), {"extension_days": 10}, date(2026, 12, 10),
                 id="og27-prelungit-partial"),  # a shorter extension is allowed: 40 zile libere, D+41 = Thu 10 Dec

    # --- lege50_cu: certificat de urbanism, 15 zile libere → D+16, moved ---
    pytest.param("lege50_cu", date(2026, 7, 30), {}, date(2026, 8, 17),
                 id="lege50_cu-15-august"),  # D+16 = Sat 15 Aug, Sun 16 → Mon 17 Aug
    pytest.param("lege50_cu", date(2027, 6, 4), {}, date(2027, 6, 22),
                 id="lege50_cu-rusalii-2027"),  # D+16 = Sun 20 Jun (Rusalii) → Mon 21 Jun (Rusalii) → Tue 22 Jun
    pytest.param("lege50_cu", date(2026, 12, 21), {}, date(2027, 1, 8),
                 id="lege50_cu-boboteaza"),  # D+16 = Wed 6 Jan (Boboteaza) → Thu 7 (Sf. Ioan) → Fri 8 Jan; Crăciun, 1-2 Jan inside
    pytest.param("lege50_cu", date(2026, 5, 15), {}, date(2026, 6, 2),
                 id="lege50_cu-rusalii-2026"),  # D+16 = Sun 31 May (Rusalii) → Mon 1 Jun → Tue 2 Jun

    # --- lege50_ac: autorizație de construire, 30 zile libere → D+31, moved ---
    pytest.param("lege50_ac", date(2026, 3, 10), {}, date(2026, 4, 14),
                 id="lege50_ac-paste-2026"),  # D+31 = Fri 10 Apr (Vinerea Mare), 11 Sat, 12-13 Paște → Tue 14 Apr
    pytest.param("lege50_ac", date(2026, 3, 31), {}, date(2026, 5, 4),
                 id="lege50_ac-1-mai"),  # D+31 = Fri 1 May (Ziua Muncii), 2-3 weekend → Mon 4 May
    pytest.param("lege50_ac", date(2027, 11, 24), {}, date(2027, 12, 27),
                 id="lege50_ac-craciun-2027"),  # D+31 = Sat 25 Dec, Sun 26 Dec → Mon 27 Dec
    pytest.param("lege50_ac", date(2027, 10, 29), {}, date(2027, 11, 29),
                 id="lege50_ac-plain"),  # D+31 = Mon 29 Nov, a working day (the holidays come the day after)

    # --- fiscal_working: certificat de atestare fiscală, the N-th working day (2 for persons, up to 3 for companies) ---
    pytest.param("fiscal_working", date(2026, 12, 23), {}, date(2026, 12, 28),
                 id="fiscal-craciun"),  # Thu 24 (1), Fri 25 Crăciun, 26-27 weekend, Mon 28 (2)
    pytest.param("fiscal_working", date(2026, 4, 9), {"days": 3}, date(2026, 4, 16),
                 id="fiscal-pj-paste-2026"),  # Fri 10 Vinerea Mare, 11-12, Mon 13 Paște; Tue 14 (1), Wed 15 (2), Thu 16 (3)
    pytest.param("fiscal_working", date(2025, 8, 14), {}, date(2025, 8, 19),
                 id="fiscal-15-august"),  # Fri 15 Aug 2025 (Sf. Maria), 16-17 weekend, Mon 18 (1), Tue 19 (2)
    pytest.param("fiscal_working", date(2026, 1, 5), {}, date(2026, 1, 9),
                 id="fiscal-boboteaza"),  # Tue 6 Boboteaza, Wed 7 Sf. Ioan, Thu 8 (1), Fri 9 (2)
    pytest.param("fiscal_working", date(2027, 11, 29), {}, date(2027, 12, 3),
                 id="fiscal-sf-andrei-1-dec"),  # Tue 30 Nov, Wed 1 Dec holidays, Thu 2 (1), Fri 3 (2)

    # --- urgent: the term the service offers, counted like the rule (lege50_ac: in working days) ---
    pytest.param("calendar", date(2027, 4, 23), {"urgent": True, "days": 7}, date(2027, 5, 4),
                 id="urgent-calendar-paste-2027"),  # D+7 = Fri 30 Apr (Vinerea Mare), 1 May, 2 Paște, Mon 3 Paște → Tue 4 May
    pytest.param("working", date(2026, 5, 28), {"urgent": True, "days": 3}, date(2026, 6, 3),
                 id="urgent-working-1-iunie"),  # Fri 29 (1), 30-31 weekend, Mon 1 Jun holiday, Tue 2 (2), Wed 3 (3)
    pytest.param("lege50_ac", date(2027, 4, 28), {"urgent": True, "days": 7}, date(2027, 5, 11),
                 id="urgent-lege50_ac-7-zile-lucratoare"),  # Thu 29 (1), 30 Apr-3 May off, 4-7 May (2-5), Mon 10 (6), Tue 11 (7)
    pytest.param("lege50_cu", date(2026, 11, 23), {"urgent": True, "days": 6}, date(2026, 12, 2),
                 id="urgent-lege50_cu-sf-andrei"),  # 6 zile libere, D+7 = Mon 30 Nov → Tue 1 Dec → Wed 2 Dec
    pytest.param("fiscal_working", date(2026, 12, 31), {"urgent": True, "days": 1}, date(2027, 1, 4),
                 id="urgent-fiscal-anul-nou"),  # Fri 1 Jan, Sat 2, Sun 3 off → Mon 4 Jan (1)
]


@pytest.mark.django_db
@pytest.mark.parametrize("rule,start,kwargs,expected", TABLE)
def test_legal_term_table(rule, start, kwargs, expected):
    due = terms.compute_due(rule=rule, start=start, **kwargs)
    assert due == expected
    assert terms.is_working_day(due)


def test_the_table_covers_every_rule_with_and_without_extension_and_urgent():
    rules = {p.values[0] for p in TABLE}
    assert rules == set(terms.RULES)
    extended = {p.values[0] for p in TABLE if p.values[2].get("extension_days")}
    assert extended == {code for code in terms.RULES if terms.can_extend(code)} == {"lege544", "og27"}
    assert any(p.values[2].get("urgent") for p in TABLE)


@pytest.mark.django_db
def test_the_legal_term_is_the_default_and_the_calendar_rule_keeps_add_term():
    start = date(2026, 11, 23)
    assert terms.compute_due(rule="lege544", start=start) == terms.compute_due(rule="lege544", start=start, days=10)
    assert terms.compute_due(rule="calendar", start=start, days=30) == terms.add_term(start, 30, terms.CALENDAR)
    assert terms.compute_due(rule="working", start=start, days=7) == terms.add_term(start, 7, terms.WORKING)
    assert terms.rule_unit("fiscal_working") == terms.WORKING
    assert terms.rule_unit("og27") == terms.CALENDAR


# --- Extra non-working days declared by the government ---------------------------------------------

EXTRA_TABLE = [
    # Wed 2 Dec 2026 declared off: og27 from Fri 30 Oct: D+31 = 30 Nov → 1 Dec → 2 Dec (off) → Thu 3 Dec
    pytest.param("og27", date(2026, 10, 30), {}, [date(2026, 12, 2)], date(2026, 12, 3), id="og27"),
    # Same day off, fiscal from Fri 27 Nov: 30 Nov, 1 Dec holidays, 2 Dec off, Thu 3 (1), Fri 4 (2)
    pytest.param("fiscal_working", date(2026, 11, 27), {}, [date(2026, 12, 2)], date(2026, 12, 4), id="fiscal"),
    # Bridge days 24 Dec (Thu) and 31 Dec 2026 (Thu) lie inside the term and do not move its end: lege544 from
    # Mon 14 Dec: D+11 = Fri 25 Dec (Crăciun), weekend → Mon 28 Dec, as without them
    pytest.param("lege544", date(2026, 12, 14), {}, [date(2026, 12, 24), date(2026, 12, 31)], date(2026, 12, 28),
                 id="lege544-unaffected"),
    # lege544 with extension from Mon 23 Nov: D+31 = Thu 24 Dec, declared off → Fri 25 Crăciun, weekend → Mon 28 Dec
    pytest.param("lege544", date(2026, 11, 23), {"extension_days": 20}, [date(2026, 12, 24)], date(2026, 12, 28),
                 id="lege544-prelungit"),
    # calendar 10 days from Mon 23 Nov: D+10 = Thu 3 Dec declared off → Fri 4 Dec
    pytest.param("calendar", date(2026, 11, 23), {"days": 10}, [date(2026, 12, 3)], date(2026, 12, 4), id="calendar"),
    # working 3 days from Mon 4 Jan 2027: Tue 5 (1), Wed 6 and Thu 7 holidays, Fri 8 declared off, Mon 11 (2), Tue 12 (3)
    pytest.param("working", date(2027, 1, 4), {"days": 3}, [date(2027, 1, 8)], date(2027, 1, 12), id="working"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("rule,start,kwargs,days_off,expected", EXTRA_TABLE)
def test_extra_non_working_days_are_skipped(rule, start, kwargs, days_off, expected):
    for day in days_off:
        assert terms.is_working_day(day), "the extra day must be a working day otherwise, or the test proves nothing"
        ExtraNonWorkingDay.objects.create(date=day, reason="Zi liberă acordată prin HG", act="HG demo")
    terms.forget_extra_days()
    assert terms.compute_due(rule=rule, start=start, **kwargs) == expected


@pytest.mark.django_db
def test_an_extra_day_off_also_moves_the_extension_deadline():
    start = date(2026, 11, 23)  # lege544: D+11 = Fri 4 Dec
    assert terms.extension_deadline("lege544", start) == date(2026, 12, 4)
    ExtraNonWorkingDay.objects.create(date=date(2026, 12, 4), reason="Zi liberă acordată prin HG")
    terms.forget_extra_days()
    assert terms.extension_deadline("lege544", start) == date(2026, 12, 7)  # 5-6 weekend → Mon 7 Dec


# --- Extensions: who may extend, by how much, until when -----------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("rule,start,deadline", [
    ("lege544", date(2026, 4, 1), date(2026, 4, 14)),   # the notice term is the 10-day term itself: D+11 → Easter → Tue 14
    ("lege544", date(2026, 11, 23), date(2026, 12, 4)),  # D+11 = Fri 4 Dec
    ("og27", date(2026, 10, 30), date(2026, 12, 2)),    # prior notice: by the last day of the 30-day term (Wed 2 Dec)
    ("og27", date(2027, 4, 1), date(2027, 5, 4)),       # D+31 = Easter Sunday 2027 → Tue 4 May
])
def test_extension_deadline(rule, start, deadline):
    assert terms.extension_deadline(rule, start) == deadline
    terms.check_extension(rule, start, extension_days=terms.max_extension(rule), notified_on=deadline)
    with pytest.raises(ValueError, match="nu mai poate fi prelungit"):
        terms.compute_due(rule=rule, start=start, extension_days=1, notified_on=date.fromordinal(deadline.toordinal() + 1))


def test_which_rules_can_be_extended_and_by_how_much():
    assert terms.can_extend("lege544") and terms.max_extension("lege544") == 20
    assert terms.can_extend("og27") and terms.max_extension("og27") == 15
    for rule in ("calendar", "working", "lege50_cu", "lege50_ac", "fiscal_working"):
        assert not terms.can_extend(rule)
        assert terms.max_extension(rule) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("rule,kwargs,message", [
    ("lege544", {"extension_days": 21}, "depășește maximul legal de 20 zile"),   # 10 + 21 > 30 days in total
    ("og27", {"extension_days": 16}, "depășește maximul legal de 15 zile"),
    ("og27", {"extension_days": 30}, "depășește maximul legal de 15 zile"),
    ("lege50_cu", {"extension_days": 5}, "nu se poate prelungi"),
    ("lege50_ac", {"extension_days": 5}, "nu se poate prelungi"),
    ("fiscal_working", {"extension_days": 1}, "nu se poate prelungi"),
    ("calendar", {"days": 30, "extension_days": 5}, "nu se poate prelungi"),
    ("lege544", {"extension_days": 20, "notified_on": date(2026, 4, 15)}, "nu mai poate fi prelungit"),  # deadline 14 Apr
    ("lege544", {"extension_days": 20, "notified_on": date(2026, 3, 31)}, "anterioară înregistrării"),
    ("lege544", {"days": 11}, "depășește termenul legal de cel mult 10 zile"),
    ("og27", {"days": 45}, "depășește termenul legal de cel mult 30 zile"),
    ("fiscal_working", {"days": 4}, "depășește termenul legal de cel mult 3 zile"),
    ("calendar", {}, "indicați termenul serviciului"),
    ("working", {"days": 0}, "cel puțin o zi"),
    ("calendar", {"urgent": True}, "indicați termenul de urgență"),
    ("lege50_cu", {"urgent": True, "days": 15}, "mai scurt decât termenul legal de 15 zile"),
    ("lege544", {"urgent": True, "days": 5, "extension_days": 20}, "urgență nu se poate prelungi"),
    ("lege1234", {}, "Regulă de termen necunoscută"),
])
def test_what_the_law_does_not_allow_is_refused_in_romanian(rule, kwargs, message):
    with pytest.raises(ValueError, match=message):
        terms.compute_due(rule=rule, start=date(2026, 4, 1), **kwargs)


def test_a_term_that_cannot_be_extended_has_no_extension_deadline():
    with pytest.raises(ValueError, match="nu se poate prelungi"):
        terms.extension_deadline("lege50_ac", date(2026, 4, 1))


# --- The catalog uses the rules ---------------------------------------------------------------------

def test_the_demo_catalog_names_the_legal_rules_and_fits_their_limits():
    services = {item["slug"]: item for item in catalog_data()["SERVICES"]}
    expected = {
        "informatii-de-interes-public": "lege544", "petitie": "og27", "sesizare": "og27",
        "certificat-de-urbanism": "lege50_cu", "autorizatie-de-construire": "lege50_ac",
        "certificat-de-atestare-fiscala": "fiscal_working",
    }
    for slug, rule in expected.items():
        assert services[slug]["term_rule"] == rule
    for slug, item in services.items():
        rule = terms.get_rule(item.get("term_rule", item["term_unit"]))
        assert rule.unit == item["term_unit"], slug
        assert rule.max_days is None or item["term_days"] <= rule.max_days, slug
        assert item.get("term_extension_days", 0) == rule.extension, slug


@pytest.mark.django_db
def test_service_due_uses_the_service_rule_and_terms():
    petitie = SimpleNamespace(term_rule="og27", term_days=30, urgent_term_days=None)
    assert terms.service_due(petitie, date(2026, 10, 30)) == date(2026, 12, 2)
    adeverinta = SimpleNamespace(term_rule="calendar", term_days=30, urgent_term_days=7)
    assert terms.service_due(adeverinta, date(2027, 4, 23), urgent=True) == date(2027, 5, 4)


def test_the_service_model_offers_the_rules():
    from primaria.catalog.models import Service

    field = Service._meta.get_field("term_rule")
    assert field.default == "calendar"
    assert [code for code, _ in field.choices] == list(terms.RULES)
