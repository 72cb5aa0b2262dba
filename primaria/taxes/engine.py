"""The tax engine: pure functions over dated register facts and one year's rules.

Nothing here reads the database or the clock. `assess` turns the register (items, their dated facts and
holdings) and a year's `Rules` into debt lines; `months_late` and `increase` compute the late-payment
increases of Legea 207/2015 art. 183; `allocate` distributes a payment over open debts in the order of
art. 165. The services feed them rows and store what they return; the tests feed them literals.

Every figure (rates, values per m², the land tables, the vehicle bands, the bonificație, the 50-lei limit,
the increase rate, reductions) comes from `Rules`, the data of the local council decision (HCL) for the year.
The article behind each rule is cited in docs/taxes.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

BUILDING, LAND, VEHICLE, FINE = "cladire", "teren", "auto", "amenda"
TAX_KINDS = (BUILDING, LAND, VEHICLE)
KIND_ORDER = {BUILDING: 0, LAND: 1, VEHICLE: 2, FINE: 3}

RESIDENTIAL, NONRESIDENTIAL, MIXED = "rezidentiala", "nerezidentiala", "mixta"
RANKS = ("0", "I", "II", "III", "IV", "V")
ZONES = ("A", "B", "C", "D")
INTRAVILAN, EXTRAVILAN = "intravilan", "extravilan"
BUILT = "curti-constructii"  # land with buildings (terenuri cu construcții)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class RuleError(ValueError):
    """The rules or the register facts do not allow a computation; the message says what is missing."""


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except Exception as exc:  # noqa: BLE001 - any unreadable figure
        raise RuleError(_("Valoare numerică invalidă pentru %(what)s: %(value)r.") % {"what": what, "value": value}) from exc


def _month_day(text: str, year: int) -> date:
    month, day = (int(part) for part in str(text).split("-"))
    return date(year, month, day)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the year's rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """One version of a year's rules (the HCL's figures), read from its stored JSON."""

    year: int
    data: Mapping

    def get(self, *path, default=None):
        node = self.data
        for key in path:
            if not isinstance(node, Mapping) or key not in node:
                if default is not None:
                    return default
                raise RuleError(_("Regulile anului %(year)s nu conțin „%(path)s”.") % {"year": self.year, "path": "/".join(path)})
            node = node[key]
        return node

    def number(self, *path, default=None) -> Decimal:
        return _dec(self.get(*path, default=default), "/".join(path))

    def due_dates(self) -> tuple[date, ...]:
        return tuple(_month_day(text, self.year) for text in self.get("due_dates", default=["03-31", "09-30"]))

    def bonus_until(self) -> date:
        return _month_day(self.get("bonus", "until", default="03-31"), self.year)

    def bonus_percent(self, company: bool) -> Decimal:
        if company and not self.get("bonus", "companies", default=True):
            return Decimal(0)
        return self.number("bonus", "percent", default="0")

    def increase_rate(self) -> Decimal:
        return self.number("increase_rate", default="1")

    def small_tax_limit(self) -> Decimal:
        return self.number("small_tax_limit", default="50")

    def reduction(self, code: str) -> Decimal:
        if not code:
            return Decimal(0)
        return self.number("reductions", code)


# --- the register as the engine sees it ----------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """What the register knew of an item from `valid_from` on (its use, area, value, zone, engine ...)."""

    valid_from: date
    attrs: Mapping


@dataclass(frozen=True)
class Holding:
    """Who holds an item and how: ownership (with its share) or a concession, lease or use of public property
    (`concession`); `ends_on` is the day the holding ended (the sale), None while it lasts."""

    party: object
    starts_on: date
    ends_on: date | None = None
    share: Decimal = Decimal(1)
    concession: bool = False
    company: bool = False
    reduction: str = ""

    def holds_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


@dataclass(frozen=True)
class Item:
    key: object
    kind: str
    label: str
    facts: tuple[Fact, ...]
    holdings: tuple[Holding, ...]

    def fact_on(self, day: date) -> Fact | None:
        known = [f for f in self.facts if f.valid_from <= day]
        return max(known, key=lambda f: f.valid_from) if known else None


@dataclass(frozen=True)
class Line:
    """One debt the engine finds: a party owes `amount` for `item`, year, term, due on `due`."""

    party: object
    item: object
    kind: str
    year: int
    term: int
    amount: Decimal
    due: date
    monthly: bool = False
    annual: Decimal = Decimal(0)
    label: str = ""

    @property
    def key(self):
        return (self.party, self.item, self.kind, self.year, self.term, self.monthly)


# --- the annual tax of one item --------------------------------------------------------------------------


def building_value(attrs: Mapping, rules: Rules) -> Decimal:
    """Taxable value: the value on record (valuation report, notarial grid) or area × value per m² × the
    zone/rank coefficient of the HCL."""
    if attrs.get("value") not in (None, ""):
        return _dec(attrs["value"], _("valoarea clădirii"))
    area = _dec(attrs.get("area", 0), _("suprafața"))
    per_m2 = rules.number("building", "value_per_m2", str(attrs.get("structure") or "standard"))
    coefficient = rules.number("building", "coefficients", str(attrs.get("zone") or "A"),
                               str(attrs.get("rank") or rules.get("rank", default="II")))
    return area * per_m2 * coefficient


# Codul fiscal art. 457 alin. (8): the taxable value of a person's residential building, computed from its area
# (alin. 2-7), is reduced by its age at 1 January of the fiscal year: (older than, up to and including, percent).
AGE_REDUCTIONS = ((100, None, Decimal(50)), (50, 100, Decimal(30)), (30, 50, Decimal(10)))


def _year(value, what: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise RuleError(_("Anul %(what)s nu este valid: %(value)r.") % {"what": what, "value": value})


def building_age(attrs: Mapping, year: int) -> int | None:
    """Years from completion to 1 January of `year`; a major renovation (art. 457 alin. 9: the year of the
    reception of the works) counts as the year of completion. None when the register has no year."""
    built = _year(attrs.get("year_built"), "construirii")
    renovated = _year(attrs.get("renovated_year"), _("renovării majore"))
    finished = max(y for y in (built, renovated) if y is not None) if (built or renovated) else None
    if finished is None:
        return None
    if finished > year:
        raise RuleError(_("Anul terminării clădirii (%(finished)s) este după anul fiscal %(year)s.") % {
            "finished": finished, "year": year})
    return year - finished


def age_reduction(attrs: Mapping, year: int) -> Decimal:
    """The percent by which art. 457 alin. (8) lowers the value: 50 over 100 years, 30 for more than 50 up to 100
    inclusive, 10 for more than 30 up to 50 inclusive, at 1 January of the fiscal year; 0 otherwise."""
    age = building_age(attrs, year)
    if age is None:
        return Decimal(0)
    for above, up_to, percent in AGE_REDUCTIONS:
        if age > above and (up_to is None or age <= up_to):
            return percent
    return Decimal(0)


def building_tax(attrs: Mapping, rules: Rules, company: bool) -> Decimal:
    owner = "company" if company else "person"
    use = attrs.get("use") or RESIDENTIAL
    value = building_value(attrs, rules)
    res_rate = rules.number("building", "rates", owner, RESIDENTIAL) / HUNDRED
    non_rate = rules.number("building", "rates", owner, NONRESIDENTIAL) / HUNDRED
    # The age reduction is for the residential value of a person's building computed from its area (art. 457,
    # also for the residential part of a mixed building, art. 459 alin. 1); a value on record stands as it is.
    aged = HUNDRED
    if not company and attrs.get("value") in (None, ""):
        aged = HUNDRED - age_reduction(attrs, rules.year)
    if use == RESIDENTIAL:
        return value * aged / HUNDRED * res_rate
    if use == NONRESIDENTIAL:
        return value * non_rate
    if use == MIXED:
        area = _dec(attrs.get("area", 0), _("suprafața"))
        residential = _dec(attrs.get("residential_area", 0), _("suprafața rezidențială"))
        if area <= 0 or residential < 0 or residential > area:
            raise RuleError(_("Clădirea mixtă are nevoie de suprafața totală și de partea rezidențială (cel mult totala)."))
        part = residential / area
        return value * part * aged / HUNDRED * res_rate + value * (1 - part) * non_rate
    raise RuleError(_("Destinație de clădire necunoscută: %(use)r.") % {"use": use})


def land_tax(attrs: Mapping, rules: Rules) -> Decimal:
    hectares = _dec(attrs.get("area", 0), _("suprafața terenului")) / Decimal(10000)
    zone = str(attrs.get("zone") or "A")
    rank = str(attrs.get("rank") or rules.get("rank", default="II"))
    category = attrs.get("category") or BUILT
    location = attrs.get("location") or INTRAVILAN
    if location == INTRAVILAN and category == BUILT:
        return hectares * rules.number("land", "intravilan_built", zone, rank)
    if location == INTRAVILAN:
        return hectares * rules.number("land", "intravilan_other", category, zone) * \
            rules.number("land", "rank_coefficient", rank)
    if location == EXTRAVILAN:
        return hectares * rules.number("land", "extravilan", category) * rules.number("land", "rank_coefficient", rank)
    raise RuleError(_("Amplasare necunoscută a terenului: %(location)r.") % {"location": location})


def vehicle_tax(attrs: Mapping, rules: Rules) -> Decimal:
    """Per 200 cm³ or fraction, at the amount of the band the engine capacity falls in."""
    vehicle = attrs.get("vehicle") or "autoturism"
    capacity = _dec(attrs.get("engine_cc", 0), _("capacitatea cilindrică"))
    if capacity <= 0:
        raise RuleError(_("Mijlocul de transport are nevoie de capacitatea cilindrică."))
    bands = rules.get("vehicle", vehicle)
    for upper, amount in bands:
        if upper is None or capacity <= Decimal(upper):
            groups = (capacity / Decimal(200)).to_integral_value(rounding=ROUND_CEILING)
            return groups * _dec(amount, _("suma pe 200 cm³"))
    raise RuleError(_("Nicio treaptă de capacitate pentru %(vehicle)s de %(capacity)s cm³.") % {
        "vehicle": vehicle, "capacity": capacity})


def annual_tax(kind: str, attrs: Mapping, rules: Rules, *, company: bool = False) -> Decimal:
    if kind == BUILDING:
        return building_tax(attrs, rules, company)
    if kind == LAND:
        return land_tax(attrs, rules)
    if kind == VEHICLE:
        return vehicle_tax(attrs, rules)
    raise RuleError(_("Fel de bun necunoscut: %(kind)r.") % {"kind": kind})


def _holder_tax(item: Item, holding: Holding, fact: Fact, rules: Rules) -> Decimal:
    try:
        tax = annual_tax(item.kind, fact.attrs, rules, company=holding.company) * holding.share
    except RuleError as exc:
        raise RuleError(f"„{item.label}”: {exc}") from exc
    tax *= (HUNDRED - rules.reduction(holding.reduction)) / HUNDRED
    return money(tax)


# --- a year's debts ------------------------------------------------------------------------------------


def concession_months(holding: Holding, year: int) -> list[int]:
    """The months of `year` in which a concession, lease or use is in force on at least one day."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = max(holding.starts_on, first)
    end = min(holding.ends_on - timedelta(days=1) if holding.ends_on else last, last)
    if end < start:
        return []
    return list(range(start.month, end.month + 1))


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """Equal parts in bani, the odd bani on the first ones."""
    base = (total / parts).quantize(CENT, rounding="ROUND_DOWN")
    rest = int((total - base * parts) / CENT)
    return [base + (CENT if i < rest else 0) for i in range(parts)]


def assess(year: int, items: Iterable[Item], rules: Rules) -> list[Line]:
    """The debts of `year`.

    Ownership: whoever holds the item on 31 December of the year before owes the whole year (art. 461, 466,
    471), with the facts known that day; an item acquired, built or sold during the year changes the tax
    from 1 January of the next year. Two equal instalments at the rules' due dates; a party's annual tax of
    one kind up to the small-tax limit (50 lei) is due entirely at the first term. Concessions, leases and
    uses of public property owe a twelfth of the annual tax for each month of the year in force, due on the
    rules' day of the following month.
    """
    eve = date(year - 1, 12, 31)
    terms = rules.due_dates()
    owned: dict[tuple, list] = {}  # (party, kind) -> [(item, annual)]
    lines: list[Line] = []
    for item in items:
        for holding in item.holdings:
            if holding.concession:
                lines.extend(_concession_lines(year, item, holding, rules))
                continue
            if not holding.holds_on(eve):
                continue
            fact = item.fact_on(eve)
            if fact is None:
                raise RuleError(_("„%(item)s” nu are date în registru la %(date)s.") % {
                    "item": item.label, "date": f"{eve:%d.%m.%Y}"})
            owned.setdefault((holding.party, item.kind), []).append((item, _holder_tax(item, holding, fact, rules)))
    limit = rules.small_tax_limit()
    for (party, kind), taxed in owned.items():
        whole = sum((annual for _item, annual in taxed), Decimal(0)) <= limit
        for item, annual in taxed:
            if annual <= 0:
                continue
            if whole:
                lines.append(Line(party, item.key, kind, year, 1, annual, terms[0], annual=annual, label=item.label))
                continue
            for term, (part, due) in enumerate(zip(_split(annual, len(terms)), terms, strict=True), start=1):
                lines.append(Line(party, item.key, kind, year, term, part, due, annual=annual, label=item.label))
    return sorted(lines, key=lambda line: (str(line.party), line.due, KIND_ORDER[line.kind], str(line.item), line.term))


def _concession_lines(year: int, item: Item, holding: Holding, rules: Rules) -> list[Line]:
    months = concession_months(holding, year)
    if not months:
        return []
    fact = item.fact_on(max(holding.starts_on, date(year, 1, 1))) or item.fact_on(date(year, 12, 31))
    if fact is None:
        raise RuleError(_("„%(item)s” nu are date în registru pentru anul %(year)s.") % {"item": item.label, "year": year})
    annual = _holder_tax(item, holding, fact, rules)
    due_day = int(rules.get("concession", "due_day", default=25))
    total = money(annual * len(months) / 12)
    lines = []
    for month, part in zip(months, _split(total, len(months)), strict=True):
        due = add_months(date(year, month, 1), 1).replace(day=due_day)
        lines.append(Line(holding.party, item.key, item.kind, year, month, part, due, monthly=True, annual=annual,
                          label=item.label))
    return lines


# --- late-payment increases (Legea 207/2015 art. 183) ---------------------------------------------------


def months_late(due: date, on: date) -> int:
    """Months or fractions of a month from the day after `due` up to `on` inclusive."""
    if on <= due:
        return 0
    start = due + timedelta(days=1)
    months = 1
    while _month_after(start, months) <= on:
        months += 1
    return months


def _month_after(start: date, months: int) -> date:
    """The first day of the `months`+1-th month counted from `start`: the same day of the month, or, when that
    month is shorter, the first day of the month after it (a month from 31 January runs to 28 February)."""
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return add_months(date(year, month, 1), 1)


def increase(amount: Decimal, due: date, on: date, rate_percent: Decimal) -> Decimal:
    return money(Decimal(amount) * months_late(due, on) * Decimal(rate_percent) / HUNDRED)


# --- distributing a payment (Legea 207/2015 art. 165) --------------------------------------------------

PRINCIPAL, ACCESSORY = "principal", "accesoriu"


@dataclass(frozen=True)
class OpenDebt:
    key: object
    category: str  # PRINCIPAL, ACCESSORY or FINE
    due: date  # for increases: the day after which they run (already moved past a non-working day)
    open: Decimal
    kind: str = ""
    year: int = 0
    original: Decimal = Decimal(0)
    executory: bool = False
    order: int = 0


@dataclass
class Plan:
    allocations: list = field(default_factory=list)  # (debt key, amount)
    bonuses: list = field(default_factory=list)  # (debt key, amount): extinguished by the bonificație
    increases: list = field(default_factory=list)  # (principal key, amount, months): frozen accessories
    paid_increases: list = field(default_factory=list)  # (principal key, amount) of those, paid now
    credit: Decimal = Decimal(0)


def _sort_key(debt: OpenDebt):
    return (debt.due, KIND_ORDER.get(debt.kind, 9), debt.order, str(debt.key))


def allocate(amount: Decimal, debts: Iterable[OpenDebt], paid_on: date, *, rate: Decimal,
             bonus_percent: Decimal = Decimal(0), bonus_until: date | None = None) -> Plan:
    """Distribute `amount` paid on `paid_on`.

    Order (art. 165): contravention fines with an executory title, oldest first (alin. 2); then every
    principal obligation already due, oldest first, each portion paid late bringing its increase (art. 183),
    frozen now; then the accessory obligations, oldest first, those just frozen included; then obligations
    with future due dates (alin. 1 lit. b), the payment itself being the debtor's request; what is left is a
    credit. The bonificație: a tax kind of the current year whose whole year is extinguished by the
    bonificație date costs its annual amount less the bonificație.
    """
    debts = list(debts)  # those already extinguished count for the bonificație's whole year
    granted: dict[tuple, Decimal] = {}
    while True:
        plan = _distribute(Decimal(amount), debts, paid_on, rate, granted)
        more = _bonus_groups(plan, debts, paid_on, bonus_percent, bonus_until, granted)
        if not more:
            return plan
        granted.update(more)


def _bonus_groups(plan: Plan, debts, paid_on, percent, until, granted) -> dict:
    """The next tax kind of the bonificație's year whose whole year this payment completes once the
    bonificație is taken off (one at a time, in the order the payment reaches them)."""
    if not percent or until is None or paid_on > until:
        return {}
    paid = {}
    for key, value in plan.allocations + plan.bonuses:
        paid[key] = paid.get(key, 0) + value
    groups: dict[tuple, list] = {}
    for debt in sorted(debts, key=_sort_key):
        if debt.category == PRINCIPAL and debt.year == until.year:
            groups.setdefault((debt.kind, debt.year), []).append(debt)
    for group, members in groups.items():
        if group in granted or not any(d.open > 0 for d in members):
            continue
        bonus = money(sum(d.original for d in members) * percent / HUNDRED)
        bonus = min(bonus, sum(d.open for d in members))
        needed = sum(d.open for d in members) - bonus
        if sum(paid.get(d.key, 0) for d in members) + plan.credit >= needed:
            return {group: bonus}
    return {}


def _distribute(money_left: Decimal, debts, paid_on, rate, granted) -> Plan:
    plan = Plan()
    needs = {d.key: d.open for d in debts}
    # The bonificație of a group is taken off its latest debts first.
    for (kind, year), bonus in granted.items():
        members = sorted((d for d in debts if d.category == PRINCIPAL and (d.kind, d.year) == (kind, year)),
                         key=_sort_key, reverse=True)
        for debt in members:
            take = min(bonus, needs[debt.key])
            if take > 0:
                plan.bonuses.append((debt.key, take))
                needs[debt.key] -= take
                bonus -= take

    def pay(debt_key, want):
        nonlocal money_left
        take = min(money_left, max(want, Decimal(0)))
        if take > 0:
            plan.allocations.append((debt_key, take))
            money_left -= take
        return take

    fines = sorted((d for d in debts if d.category == FINE and d.executory), key=_sort_key)
    due_now = sorted((d for d in debts if d.category == PRINCIPAL and d.due < paid_on or
                      d.category == PRINCIPAL and d.due == paid_on), key=_sort_key)
    accessories = sorted((d for d in debts if d.category == ACCESSORY), key=_sort_key)
    future = sorted((d for d in debts if d.category == PRINCIPAL and d.due > paid_on), key=_sort_key)
    other_fines = sorted((d for d in debts if d.category == FINE and not d.executory), key=_sort_key)

    for debt in fines:
        pay(debt.key, needs[debt.key])
    frozen = []
    for debt in due_now:
        taken = pay(debt.key, needs[debt.key])
        months = months_late(debt.due, paid_on)
        if taken > 0 and months:
            value = money(taken * months * rate / HUNDRED)
            if value > 0:
                plan.increases.append((debt.key, value, months))
                frozen.append((debt.due, debt.key, value))
    for debt in accessories:
        pay(debt.key, needs[debt.key])
    for _due, key, value in sorted(frozen, key=lambda f: (f[0], str(f[1]))):
        taken = min(money_left, value)
        if taken > 0:
            plan.paid_increases.append((key, taken))
            money_left -= taken
    for debt in future + other_fines:
        pay(debt.key, needs[debt.key])
    plan.credit = money_left
    return plan
