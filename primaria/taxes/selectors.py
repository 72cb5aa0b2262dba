"""Reads of the tax office: the rules in force for a year, the register as the engine sees it, a party's open
debts with the increases run up to a day, and the statement.

The rules and the register are of one city hall: every read takes the city hall it answers for (`of`), by
default the one the running request serves (`city_hall()`); work outside a request passes the one of the object
it works on (a debt's, an emission's rules')."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum

from primaria.core import terms

from . import engine
from .models import (
    Account,
    Allocation,
    Category,
    CreditEntry,
    Debt,
    FiscalItem,
    Holding,
    ItemFact,
    PaymentApplication,
    Reduction,
    RuleSet,
)

ZERO = Decimal(0)


def city_hall(given=None):
    """`given`, else the city hall the running request serves (outside a request, the installation's default)."""
    from primaria.institutions.selectors import main_institution

    return given if given is not None else main_institution()


def latest_ruleset(year: int, of=None) -> RuleSet | None:
    """The city hall's rules in force for `year`: the latest version its council decided."""
    return RuleSet.objects.filter(institution=city_hall(of), year=year).order_by("-version").first()


def effective_due(due: date) -> date:
    """A due date that falls on a day off moves to the next working day; increases run from the day after."""
    return terms.next_working_day(due)


def engine_items(year: int, party_ids=None, of=None) -> list[engine.Item]:
    """The city hall's items with a holding that can matter for `year` (held on 31 December before, or in force
    during it)."""
    eve, last = date(year - 1, 12, 31), date(year, 12, 31)
    holdings = Holding.objects.filter(item__institution=city_hall(of), starts_on__lte=last).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=eve))
    if party_ids is not None:
        holdings = holdings.filter(party_id__in=party_ids)
    holdings = holdings.select_related("party")
    items = (FiscalItem.objects.filter(pk__in=holdings.values("item_id"))
             .prefetch_related(Prefetch("facts", queryset=ItemFact.objects.order_by("valid_from", "pk")),
                               Prefetch("holdings", queryset=holdings, to_attr="relevant")))
    return [engine.Item(
        key=item.pk, kind=item.kind, label=item.label,
        facts=tuple(f.as_fact() for f in item.facts.all()),
        holdings=tuple(engine.Holding(party=h.party_id, starts_on=h.starts_on, ends_on=h.ends_on, share=h.share,
                                      concession=h.concession, company=h.party.is_company, reduction=h.reduction)
                       for h in item.relevant),
    ) for item in items]


def register_of(party, of=None):
    """The party's items in the city hall's register, with their holdings and dated facts, newest first."""
    holdings = (Holding.objects.filter(party=party, item__institution=city_hall(of)).select_related("item")
                .prefetch_related(Prefetch("item__facts", queryset=ItemFact.objects.order_by("-valid_from", "-pk")))
                .order_by("item__kind", "-starts_on"))
    return list(holdings)


def _sums(debt_ids):
    paid = dict(Allocation.objects.filter(debt_id__in=debt_ids).values("debt_id").annotate(s=Sum("amount"))
                .values_list("debt_id", "s"))
    reduced = dict(Reduction.objects.filter(debt_id__in=debt_ids).values("debt_id").annotate(s=Sum("amount"))
                   .values_list("debt_id", "s"))
    return paid, reduced


@dataclass
class DebtRow:
    debt: Debt
    paid: Decimal
    reduced: Decimal
    open: Decimal
    increase: Decimal = ZERO  # run up to the day asked, on what is still open (principal only)
    months: int = 0
    accessories: list = field(default_factory=list)
    due: date | None = None  # the due date moved past a day off: increases run from the day after

    @property
    def total(self) -> Decimal:
        return self.open + self.increase


def debt_rows(party, on: date, *, lock=False, include_closed=True, of=None) -> list[DebtRow]:
    """Every debt of the party to the city hall `of` with what was paid, reduced, is open, and the increase run
    up to `on` (at the rate of that city hall's rules)."""
    of = city_hall(of)
    debts = Debt.objects.filter(party=party, institution=of).select_related("item").order_by("due_date", "pk")
    if lock:
        debts = debts.select_for_update(of=("self",))
    debts = list(debts)
    paid, reduced = _sums([d.pk for d in debts])
    ruleset = latest_ruleset(on.year, of)  # the increase rate in force on the day asked
    rate = ruleset.as_rules().increase_rate() if ruleset else Decimal(1)
    rows, dues = [], {}  # a party's debts share a few due dates: the calendar is asked once for each
    for debt in debts:
        p, r = paid.get(debt.pk) or ZERO, reduced.get(debt.pk) or ZERO
        row = DebtRow(debt, p, r, max(debt.amount - p - r, ZERO))
        if debt.due_date not in dues:
            dues[debt.due_date] = effective_due(debt.due_date)
        row.due = due = dues[debt.due_date]
        if debt.category == Category.PRINCIPAL and row.open > 0:
            row.months = engine.months_late(due, on)
            row.increase = engine.increase(row.open, due, on, rate)
        if include_closed or row.open > 0:
            rows.append(row)
    return rows


def open_debts(party, on: date, *, lock=False, of=None) -> list[engine.OpenDebt]:
    """The party's debts as the allocation engine takes them (extinguished ones too: they count for the
    bonificație's whole year)."""
    return [engine.OpenDebt(
        key=row.debt.pk, category=row.debt.category, due=row.due, open=row.open,
        kind=row.debt.kind, year=row.debt.year, original=row.debt.amount - row.reduced,
        executory=row.debt.executory, order=row.debt.term,
    ) for row in debt_rows(party, on, lock=lock, of=of)]


def credit_of(party, of=None) -> Decimal:
    account = Account.objects.filter(party=party, institution=city_hall(of)).first()
    return account.credit if account else ZERO


@dataclass
class Statement:
    party: object
    on: date
    rows: list
    payments: list
    credits: list
    credit: Decimal
    principal_open: Decimal
    increases: Decimal
    total: Decimal
    bonus_percent: Decimal | None
    bonus_until: date | None


def statement(party, on: date, of=None) -> Statement:
    """What the party owes the city hall `of` on `on`, per item and term, increases to that day, payments made,
    references: only that city hall's debts, payments and credit."""
    of = city_hall(of)
    rows = debt_rows(party, on, of=of)
    principal = sum((r.open for r in rows if r.debt.category != Category.ACCESSORY), ZERO)
    increases = sum((r.increase for r in rows), ZERO) + sum(
        (r.open for r in rows if r.debt.category == Category.ACCESSORY), ZERO)
    payments = list(PaymentApplication.objects.filter(party=party, institution=of)
                    .prefetch_related(Prefetch("allocations", queryset=Allocation.objects.select_related("debt")))
                    .order_by("-paid_at", "-pk"))
    ruleset = latest_ruleset(on.year, of)
    bonus_percent = bonus_until = None
    if ruleset:
        rules = ruleset.as_rules()
        bonus_percent, bonus_until = rules.bonus_percent(party.is_company), rules.bonus_until()
        if not bonus_percent or on > bonus_until:
            bonus_percent = bonus_until = None
    return Statement(
        party=party, on=on, rows=rows, payments=payments,
        credits=list(CreditEntry.objects.filter(party=party, institution=of).order_by("-created_at")),
        credit=credit_of(party, of), principal_open=principal, increases=increases, total=principal + increases,
        bonus_percent=bonus_percent, bonus_until=bonus_until,
    )


def parties_with_records_all(of=None):
    """The parties in the city hall's register or with debts to it."""
    from primaria.accounts.models import Party

    of = city_hall(of)
    return Party.objects.filter(Q(pk__in=Holding.objects.filter(item__institution=of).values("party_id"))
                                | Q(pk__in=Debt.objects.filter(institution=of).values("party_id")))


def parties_with_records(query: str = "", of=None):
    """The parties in the city hall's register or with debts to it, for the tax office's list."""
    parties = parties_with_records_all(of)
    if query:
        parties = parties.filter(Q(name__icontains=query) | Q(cnp=query) | Q(cui=query))
    return parties.order_by("name")[:200]
