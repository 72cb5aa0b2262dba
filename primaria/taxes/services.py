"""Every change of the tax office goes through this module.

Each function runs in one transaction, writes an audit entry and records the event of the change
(`taxes.<action>`, primaria.outbox). What is slow or large (reading a CSV, computing a year for the whole
city) is done before the short transaction that writes, which locks the party's fiscal account
(`Account`) so that a payment and a recomputation never work on the same debts at once.

The rules and the register are of one city hall: a change made for a page is made in the city hall the request
serves (`city_hall` given, else `selectors.city_hall()`); a payment takes the city hall of the debt it pays, the
compensation of a credit that of the event's debts, a declaration that of its request.
"""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from primaria.accounts.models import Party, PartyKind
from primaria.audit.services import record
from primaria.core.errors import DomainError
from primaria.core.phrases import Phrase, as_phrase, phrase
from primaria.core.validators import clean_cnp, clean_cui, clean_text
from primaria.outbox.services import record as record_event

from . import engine, references, selectors
from .models import (
    Account,
    Allocation,
    Category,
    CreditEntry,
    Debt,
    DebtKind,
    Emission,
    FiscalItem,
    Holding,
    ItemFact,
    PaymentApplication,
    Reduction,
    RuleSet,
)

ZERO = Decimal(0)

# --- the yearly rules -----------------------------------------------------------------------------------

REQUIRED_RULES = [
    ("building", "rates", "person", engine.RESIDENTIAL), ("building", "rates", "person", engine.NONRESIDENTIAL),
    ("building", "rates", "company", engine.RESIDENTIAL), ("building", "rates", "company", engine.NONRESIDENTIAL),
    ("land", "intravilan_built"), ("vehicle", "autoturism"),
]


def check_rules(year, data) -> engine.Rules:
    """The rules as the engine reads them, or a DomainError saying what is missing or unreadable."""
    if not isinstance(data, dict):
        raise DomainError({"rules": _("Regulile trebuie să fie un obiect JSON (cu chei și valori).")})
    rules = engine.Rules(int(year), data)
    try:
        for path in REQUIRED_RULES:
            rules.get(*path)
        for read in (rules.due_dates, rules.bonus_until, rules.increase_rate, rules.small_tax_limit):
            read()
        for code in (data.get("reductions") or {}):
            if not 0 <= rules.reduction(code) <= 100:
                raise engine.RuleError(_("Reducerea „%(code)s” trebuie să fie între 0 și 100%%.") % {"code": code})
        for owner in ("person", "company"):
            for use in (engine.RESIDENTIAL, engine.NONRESIDENTIAL):
                rules.number("building", "rates", owner, use)
    except (engine.RuleError, ValueError, TypeError) as exc:
        raise DomainError({"rules": str(exc)})
    return rules


@transaction.atomic
def publish_rules(*, actor, year: int, rules: dict, decision: str, note: str = "", demo: bool = False,
                  city_hall=None) -> RuleSet:
    """A new version of a year's rules (the HCL's figures) of the city hall. Past versions stay as they were."""
    city_hall = selectors.city_hall(city_hall)
    decision = clean_text(decision).strip()
    if not decision:
        raise DomainError({"decision": _("Scrieți hotărârea consiliului local (numărul și data).")})
    if not 2016 <= int(year) <= 2100:
        raise DomainError({"year": _("Anul fiscal nu este valid.")})
    check_rules(year, rules)
    last = RuleSet.objects.select_for_update().filter(institution=city_hall, year=year).order_by("-version").first()
    try:
        with transaction.atomic():
            ruleset = RuleSet.objects.create(
                institution=city_hall, year=year, version=(last.version + 1) if last else 1, decision=decision[:200], rules=rules,
                note=clean_text(note)[:300], demo=demo,
                created_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError:  # another version of the same year was recorded at the same moment
        raise DomainError(_("Între timp a fost înregistrată altă versiune a regulilor anului; reîncercați."))
    record(actor=actor, action="taxes.publish_rules", target=ruleset, year=year, version=ruleset.version)
    record_event("taxes.rules_published", ruleset, year=year, version=ruleset.version, institution_id=city_hall.pk)
    return ruleset


# --- the register -------------------------------------------------------------------------------------

ATTRIBUTES = {
    # key: (label, kinds, parse)
    "use": (gettext_lazy("destinația"), {engine.BUILDING}, "choice"),
    "area": (gettext_lazy("suprafața (m²)"), {engine.BUILDING, engine.LAND}, "number"),
    "residential_area": (gettext_lazy("suprafața rezidențială (m²)"), {engine.BUILDING}, "number"),
    "value": (gettext_lazy("valoarea impozabilă (lei)"), {engine.BUILDING}, "number"),
    "structure": (gettext_lazy("tipul construcției"), {engine.BUILDING}, "text"),
    "year_built": (gettext_lazy("anul construirii"), {engine.BUILDING}, "int"),
    "renovated_year": (gettext_lazy("anul renovării majore"), {engine.BUILDING}, "int"),
    "zone": (gettext_lazy("zona"), {engine.BUILDING, engine.LAND}, "zone"),
    "rank": (gettext_lazy("rangul localității"), {engine.BUILDING, engine.LAND}, "rank"),
    "category": (gettext_lazy("categoria de folosință"), {engine.LAND}, "text"),
    "location": (gettext_lazy("amplasarea"), {engine.LAND}, "location"),
    "vehicle": (gettext_lazy("tipul vehiculului"), {engine.VEHICLE}, "text"),
    "engine_cc": (gettext_lazy("capacitatea cilindrică (cm³)"), {engine.VEHICLE}, "int"),
}
USES = {"rezidentiala": engine.RESIDENTIAL, "rezidențială": engine.RESIDENTIAL,  # i18n: ro (words read from a form or a file)
        "nerezidentiala": engine.NONRESIDENTIAL, "nerezidențială": engine.NONRESIDENTIAL,  # i18n: ro (words read from a form or a file)
        "mixta": engine.MIXED, "mixtă": engine.MIXED}  # i18n: ro (words read from a form or a file)


def clean_attrs(kind: str, raw: dict) -> dict:
    """The attributes of a fact, checked: numbers are numbers, zone and rank exist, the destination is known."""
    if kind not in engine.TAX_KINDS:
        raise DomainError({"kind": _("Felul bunului trebuie să fie clădire, teren sau mijloc de transport.")})
    errors, attrs = {}, {}
    for key, value in (raw or {}).items():
        if value in (None, ""):
            continue
        if key not in ATTRIBUTES or kind not in ATTRIBUTES[key][1]:
            errors[key] = _("Atributul „%(key)s” nu se aplică acestui fel de bun.") % {"key": key}
            continue
        label, _kinds, parse = ATTRIBUTES[key]
        text = clean_text(str(value)).strip()
        try:
            if parse == "number":
                number = Decimal(text.replace(" ", "").replace(",", "."))
                if not number.is_finite() or number < 0:
                    raise InvalidOperation
                attrs[key] = str(number)
            elif parse == "int":
                attrs[key] = int(Decimal(text.replace(" ", "").replace(",", ".")))
                if attrs[key] < 0:
                    raise InvalidOperation
            elif parse == "zone":
                if text.upper() not in engine.ZONES:
                    raise InvalidOperation
                attrs[key] = text.upper()
            elif parse == "rank":
                if text.upper() not in engine.RANKS:
                    raise InvalidOperation
                attrs[key] = text.upper()
            elif parse == "location":
                if text.lower() not in (engine.INTRAVILAN, engine.EXTRAVILAN):
                    raise InvalidOperation
                attrs[key] = text.lower()
            elif parse == "choice":
                if text.lower() not in USES:
                    raise InvalidOperation
                attrs[key] = USES[text.lower()]
            else:
                attrs[key] = text[:80]
        except (InvalidOperation, ValueError):
            errors[key] = _("Valoarea pentru %(label)s nu este validă: „%(text)s”.") % {"label": label, "text": text}
    if kind == engine.VEHICLE and "engine_cc" not in attrs and not errors:
        errors["engine_cc"] = _("Pentru un mijloc de transport este necesară capacitatea cilindrică.")
    if kind in (engine.BUILDING, engine.LAND) and "area" not in attrs and "value" not in attrs and not errors:
        errors["area"] = _("Este necesară suprafața.")
    if errors:
        raise DomainError(errors)
    return attrs


def _share(value) -> Decimal:
    text = str(value).replace(",", ".").strip() or "1"
    try:
        if "/" in text:
            numerator, denominator = text.split("/")
            share = Decimal(numerator) / Decimal(denominator)
        else:
            share = Decimal(text)
    except (InvalidOperation, ValueError, ArithmeticError):
        raise DomainError({"share": _("Cota-parte trebuie să fie un număr între 0 și 1 (sau o fracție, de ex. 1/2).")})
    if not 0 < share <= 1:
        raise DomainError({"share": _("Cota-parte trebuie să fie mai mare decât 0 și cel mult 1.")})
    return share.quantize(Decimal("0.0001"))


@transaction.atomic
def add_item(*, actor, party: Party, kind: str, label: str, attrs: dict, starts_on: date, identifier: str = "",
             share="1", concession: bool = False, ends_on: date | None = None, reduction: str = "",
             source: str = "înregistrare la ghișeu", request=None, city_hall=None) -> Holding:  # i18n: ro (kept in the register)
    """A new item in the city hall's register, its facts from the day it was acquired (or built), and its
    holder."""
    city_hall = selectors.city_hall(city_hall)
    attrs = clean_attrs(kind, attrs)
    label = clean_text(label).strip()
    if not label:
        raise DomainError({"label": _("Scrieți adresa bunului sau numărul de înmatriculare.")})
    if ends_on and ends_on < starts_on:
        raise DomainError({"ends_on": _("Data încheierii nu poate fi înaintea datei de început.")})
    item = FiscalItem.objects.create(institution=city_hall, kind=kind, label=label[:300], identifier=clean_text(identifier)[:80])
    user = actor if getattr(actor, "is_authenticated", False) else None
    ItemFact.objects.create(item=item, valid_from=starts_on, attrs=attrs, source=source[:200], request=request,
                            recorded_by=user)
    holding = Holding.objects.create(item=item, party=party, share=_share(share), starts_on=starts_on, ends_on=ends_on,
                                     concession=concession, reduction=clean_text(reduction)[:40], source=source[:200],
                                     request=request)
    record(actor=actor, action="taxes.add_item", target=item, party_id=party.pk, kind=kind, source=source)
    record_event("taxes.item_recorded", item, item_id=item.pk, party_id=party.pk, starts_on=starts_on)
    return holding


@transaction.atomic
def record_fact(*, actor, item: FiscalItem, valid_from: date, attrs: dict, source: str) -> ItemFact:
    """A change of an item (extension, new destination, new engine) from a date; the earlier facts stay."""
    attrs = clean_attrs(item.kind, attrs)
    fact = ItemFact.objects.create(item=item, valid_from=valid_from, attrs=attrs, source=clean_text(source)[:200],
                                   recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    record(actor=actor, action="taxes.record_fact", target=item, valid_from=valid_from.isoformat())
    record_event("taxes.item_changed", item, item_id=item.pk, valid_from=valid_from)
    return fact


@transaction.atomic
def end_holding(*, actor, holding_id: int, ends_on: date, source: str) -> Holding:
    """The item was sold (or the concession ended) on `ends_on`; the holding stays with its dates."""
    holding = Holding.objects.select_for_update().filter(pk=holding_id).first()
    if holding is None:
        raise DomainError(_("Deținerea nu există."))
    if holding.ends_on is not None:
        raise DomainError({"ends_on": _("Deținerea s-a încheiat deja la %(date)s.") % {
            "date": f"{holding.ends_on:%d.%m.%Y}"}})
    if ends_on < holding.starts_on:
        raise DomainError({"ends_on": _("Data înstrăinării nu poate fi înaintea dobândirii.")})
    holding.ends_on = ends_on
    holding.source = f"{holding.source}; încheiată: {clean_text(source)}"[:200]  # i18n: ro (kept in the register)
    holding.save(update_fields=["ends_on", "source"])
    record(actor=actor, action="taxes.end_holding", target=holding, ends_on=ends_on.isoformat())
    record_event("taxes.item_changed", holding.item, item_id=holding.item_id, ends_on=ends_on)
    return holding


def _party_for(identifier: str, name: str) -> Party:
    identifier = identifier.strip().upper().removeprefix("RO")
    if len(identifier) == 13:
        cnp = clean_cnp(identifier)
        party = (Party.objects.filter(kind=PartyKind.PERSON, cnp=cnp)
                 .order_by(F("user_id").desc(nulls_last=True), "pk").first())
        return party or Party.objects.create(kind=PartyKind.PERSON, cnp=cnp, name=name)
    cui = clean_cui(identifier)
    party = Party.objects.filter(kind=PartyKind.COMPANY, cui=cui).first()
    return party or Party.objects.create(kind=PartyKind.COMPANY, cui=cui, name=name)


CSV_COLUMNS = ["cod_fiscal", "nume", "fel", "adresa", "identificator", "data_dobandirii", "cota", "concesiune",
               "data_incheierii", "reducere"] + list(ATTRIBUTES)
KINDS_BY_NAME = {"cladire": engine.BUILDING, "clădire": engine.BUILDING, "teren": engine.LAND,  # i18n: ro (words read from a file)
                 "auto": engine.VEHICLE, "mijloc de transport": engine.VEHICLE, "vehicul": engine.VEHICLE}  # i18n: ro (words read from a file)


def _date(text: str, what: str) -> date:
    text = text.strip()
    for parse in (date.fromisoformat, lambda t: date(int(t[6:10]), int(t[3:5]), int(t[0:2]))):
        try:
            return parse(text)
        except (ValueError, IndexError):
            continue
    raise DomainError(_("%(what)s: data „%(text)s” nu este validă (AAAA-LL-ZZ sau ZZ.LL.AAAA).") % {
        "what": what, "text": text})


def parse_register_csv(text: str) -> list[dict]:
    """Rows of an existing register, checked one by one; any error names its line and nothing is kept."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";" if text.count(";") > text.count(",") else ",")
    missing = {"cod_fiscal", "nume", "fel", "adresa", "data_dobandirii"} - set(reader.fieldnames or [])
    if missing:
        raise DomainError({"file": "Lipsesc coloanele: " + ", ".join(sorted(missing)) + "."})
    rows, errors = [], []
    for number, raw in enumerate(reader, start=2):
        raw = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        try:
            kind = KINDS_BY_NAME.get(raw["fel"].lower())
            if kind is None:
                raise DomainError(_("felul trebuie să fie „cladire”, „teren” sau „auto”"))
            attrs = clean_attrs(kind, {k: raw.get(k, "") for k in ATTRIBUTES if raw.get(k)})
            identifier = raw["cod_fiscal"]
            (clean_cnp if len(identifier.removeprefix("RO")) == 13 else clean_cui)(identifier.upper().removeprefix("RO"))
            rows.append({
                "identifier": identifier, "name": clean_text(raw["nume"])[:200] or identifier, "kind": kind,
                "label": raw["adresa"], "item_identifier": raw.get("identificator", ""), "attrs": attrs,
                "starts_on": _date(raw["data_dobandirii"], _("data dobândirii")), "share": _share(raw.get("cota") or "1"),
                "concession": raw.get("concesiune", "").lower() in ("da", "1", "true"),
                "ends_on": _date(raw["data_incheierii"], _("data încheierii")) if raw.get("data_incheierii") else None,
                "reduction": raw.get("reducere", ""),
            })
        except ValidationError as exc:
            messages = exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]
            errors.append(_("Rândul %(number)s:") % {"number": number} + " " + "; ".join(
                str(m) for ms in messages for m in ms))
    if errors:
        raise DomainError({"file": " ".join(errors[:20]) + (" …" if len(errors) > 20 else "")})
    if not rows:
        raise DomainError({"file": _("Fișierul nu conține niciun rând.")})
    return rows


def import_register(*, actor, text: str, source: str = "import din registrul existent",  # i18n: ro (kept in the register)
                    city_hall=None) -> int:
    """Import an existing register (CSV) into the city hall's. Parsed and checked first; then every row in one
    transaction."""
    city_hall = selectors.city_hall(city_hall)
    rows = parse_register_csv(text)
    with transaction.atomic():
        for row in rows:
            party = _party_for(row["identifier"], row["name"])
            add_item(actor=actor, party=party, kind=row["kind"], label=row["label"], attrs=row["attrs"],
                     identifier=row["item_identifier"], starts_on=row["starts_on"], share=row["share"],
                     concession=row["concession"], ends_on=row["ends_on"], reduction=row["reduction"], source=source,
                     city_hall=city_hall)
        record(actor=actor, action="taxes.import_register", rows=len(rows), institution_id=city_hall.pk)
    return len(rows)


# --- declarations filed through the catalog -------------------------------------------------------------

DECLARATIONS = {
    "declaratie-fiscala-cladiri": engine.BUILDING,
    "declaratie-fiscala-teren": engine.LAND,
    "declaratie-fiscala-mijloace-transport": engine.VEHICLE,
}
# The declaration's form fields -> the register's attributes.
DECLARATION_FIELDS = {
    "destinatie_cladire": "use", "suprafata_construita": "area", "suprafata_rezidentiala": "residential_area",
    "an_constructie": "year_built", "valoare_impozabila": "value", "suprafata_teren": "area",
    "categorie_folosinta": "category", "amplasare": "location", "zona": "zone", "capacitate_cilindrica": "engine_cc",
    "tip_vehicul": "vehicle",
}
LAND_CATEGORIES = {"Curți construcții": engine.BUILT, "Arabil": "arabil", "Pășune": "pasune", "Fâneață": "faneata",  # i18n: ro (the declaration form's values)
                   "Vie": "vie", "Livadă": "livada", "Pădure": "padure"}  # i18n: ro (the declaration form's values)
VEHICLES = {"Autoturism": "autoturism", "Motocicletă": "motocicleta", "Autobuz": "autobuz", "Tractor": "tractor"}  # i18n: ro (the declaration form's values)


def feed_declaration(request) -> Holding | None:
    """An approved fiscal declaration enters the register of the city hall it was filed with (once: the holding
    names the request)."""
    from primaria.institutions.tenancy import city_hall_of

    kind = DECLARATIONS.get(request.service.slug)
    if kind is None or Holding.objects.filter(request=request).exists():
        return None
    data = request.data or {}
    attrs = {}
    for name, key in DECLARATION_FIELDS.items():
        value = data.get(name)
        if value in (None, ""):
            continue
        if key == "category":
            value = LAND_CATEGORIES.get(value, str(value).lower())
        elif key == "location":
            value = str(value).lower()
        elif key == "vehicle":
            value = VEHICLES.get(value, str(value).lower())
        attrs[key] = value
    if kind in (engine.BUILDING, engine.LAND):
        attrs.setdefault("zone", "A")  # the office corrects zone and rank after the check, as a new fact
    label = data.get("adresa_imobil") or data.get("adresa_teren") or data.get("numar_inmatriculare") or \
        f"Declarația {request.pk}"  # i18n: ro (kept in the register)
    acquired = data.get("data_dobandirii")
    starts_on = date.fromisoformat(acquired) if acquired else timezone.localdate(request.submitted_at or timezone.now())
    return add_item(actor=None, party=request.applicant, kind=kind, label=str(label),
                    identifier=str(data.get("numar_cadastral") or data.get("serie_sasiu") or ""), attrs=attrs,
                    starts_on=starts_on, source=f"declarație fiscală aprobată, cererea {request.pk}", request=request,  # i18n: ro (kept in the register)
                    city_hall=city_hall_of(request.institution))


# --- fines ------------------------------------------------------------------------------------------------


@transaction.atomic
def record_fine(*, actor, party: Party, amount, due_date: date, title: str, executory: bool = True,
                city_hall=None) -> Debt:
    """A contravention fine to collect for the city hall (with an executory title, it is extinguished first:
    art. 165 alin. 2)."""
    city_hall = selectors.city_hall(city_hall)
    try:
        amount = engine.money(amount)
    except (InvalidOperation, ValueError):
        raise DomainError({"amount": _("Suma amenzii nu este validă.")})
    if amount <= 0:
        raise DomainError({"amount": _("Suma amenzii trebuie să fie mai mare decât zero.")})
    title = clean_text(title).strip()
    if not title:
        raise DomainError({"title": _("Scrieți procesul-verbal (numărul și data).")})
    _account(party, city_hall)
    debt = _new_debt(institution=city_hall, party=party, year=due_date.year, item=None, kind=DebtKind.FINE, category=Category.FINE,
                     term=1, amount=amount, due_date=due_date, executory=executory, title=title[:200])
    record(actor=actor, action="taxes.record_fine", target=debt, party_id=party.pk, amount=str(amount))
    record_event("taxes.fine_recorded", debt, party_id=party.pk, reference=debt.reference, institution_id=city_hall.pk)
    return debt


# --- debts --------------------------------------------------------------------------------------------------


def _account(party: Party, city_hall) -> Account:
    """The party's fiscal account with the city hall, locked for the rest of the transaction."""
    Account.objects.get_or_create(party=party, institution=city_hall)
    return Account.objects.select_for_update().get(party=party, institution=city_hall)


def _new_debt(**fields) -> Debt:
    for _attempt in range(20):
        try:
            with transaction.atomic():
                return Debt.objects.create(reference=references.make(fields["year"]), **fields)
        except IntegrityError:
            if "amount" in fields and fields["amount"] <= 0:
                raise
            continue  # the random part met a reference already given: draw again
    raise RuntimeError("Nu s-a putut genera o referință de plată unică.")  # i18n: ro (internal error)


def decision_due(communicated: date) -> date:
    """Due date of a difference established by the tax office (Legea 207/2015 art. 156 alin. 1): the 5th of
    the next month if communicated on days 1–15, the 20th of the next month if on days 16–31."""
    next_month = engine.add_months(communicated.replace(day=1), 1)
    return next_month.replace(day=5 if communicated.day <= 15 else 20)


def _line_key(debt: Debt):
    return (debt.party_id, debt.item_id, debt.kind, debt.year, debt.term, debt.monthly)


def emit_year(*, actor, year: int, today: date | None = None, city_hall=None) -> Emission:
    """Compute the city hall's debts of the year from its register and its latest rules of the year (emiterea
    rolului).

    Run again after a register change, it adds what is missing and corrects what changed: an increase is a
    new debt, due as a difference established by the office; a decrease is a reduction of the debt, and
    whatever had been paid beyond the new amount becomes the party's credit. Nothing paid is rewritten.
    """
    today = today or timezone.localdate()
    city_hall = selectors.city_hall(city_hall)
    ruleset = selectors.latest_ruleset(year, city_hall)
    if ruleset is None:
        raise DomainError(_("Nu există reguli (HCL) pentru anul %(year)s. Înregistrați-le întâi.") % {"year": year})
    try:  # the computation, before any lock
        lines = engine.assess(year, selectors.engine_items(year, of=city_hall), ruleset.as_rules())
    except engine.RuleError as exc:
        raise DomainError(str(exc))
    wanted = {line.key: line for line in lines}
    with transaction.atomic():
        RuleSet.objects.select_for_update().get(pk=ruleset.pk)  # one emission of a year at a time
        earlier = Emission.objects.filter(year=year, ruleset__institution=city_hall).exists()
        existing: dict[tuple, list[Debt]] = {}
        for debt in Debt.objects.filter(institution=city_hall, year=year, category=Category.PRINCIPAL).order_by("pk"):
            existing.setdefault(_line_key(debt), []).append(debt)
        parties = sorted({key[0] for key in set(wanted) | set(existing)})
        for party in Party.objects.filter(pk__in=parties).order_by("pk"):
            _account(party, city_hall)
        reduced = selectors._sums([d.pk for debts in existing.values() for d in debts])[1]
        emission = Emission.objects.create(year=year, ruleset=ruleset,
                                           actor=actor if getattr(actor, "is_authenticated", False) else None)
        for key in sorted(set(wanted) | set(existing), key=str):
            debts = existing.get(key, [])
            current = sum((d.amount - (reduced.get(d.pk) or ZERO) for d in debts), ZERO)
            line = wanted.get(key)
            target = line.amount if line else ZERO
            delta = target - current
            if delta == 0:
                continue
            if delta > 0:
                due = line.due
                if (debts or earlier) and due < today:
                    due = max(due, decision_due(today))
                _new_debt(institution=city_hall, party_id=key[0], year=year, item_id=key[1], kind=key[2], category=Category.PRINCIPAL,
                          term=key[4], monthly=key[5], amount=delta, due_date=due, emission=emission,
                          corrects=debts[0] if debts else None,
                          **(phrase(gettext_noop("Corecție la recalcularea din %(date)s"), date=f"{today:%d.%m.%Y}")
                             .fields("title", limit=200) if debts else {}))
                if debts:
                    emission.corrected += 1
                else:
                    emission.created += 1
            else:
                _reduce(debts, -delta, emission, today)
                emission.corrected += 1
        emission.save(update_fields=["created", "corrected"])
        record(actor=actor, action="taxes.emit_year", target=emission, year=year, ruleset=ruleset.pk,
               institution_id=city_hall.pk,
               created=emission.created, corrected=emission.corrected)
        record_event("taxes.year_emitted", emission, year=year, ruleset_id=ruleset.pk, institution_id=city_hall.pk,
                     created=emission.created,
                     corrected=emission.corrected)
    return emission


def _reduce(debts: list[Debt], amount: Decimal, emission: Emission, today: date):
    """Lower a line by `amount`, newest debt first; what was already paid beyond the new amount is a credit."""
    paid, reduced = selectors._sums([d.pk for d in debts])
    left, refund = amount, ZERO
    party = debts[0].party
    for debt in sorted(debts, key=lambda d: d.pk, reverse=True):
        room = debt.amount - (reduced.get(debt.pk) or ZERO)
        take = min(left, room)
        if take <= 0:
            continue
        unpaid = max(room - (paid.get(debt.pk) or ZERO), ZERO)
        refund += max(take - unpaid, ZERO)
        Reduction.objects.create(debt=debt, amount=take, emission=emission,
                                 reason=f"Recalculare la {today:%d.%m.%Y} după modificarea evidenței fiscale")  # i18n: ro (kept on the debt's reduction, for the office)
        left -= take
        if left <= 0:
            break
    if refund > 0:
        _add_credit(party, debts[0].institution, refund, phrase(gettext_noop("Plătit peste obligația recalculată la %(date)s"),
                                          date=f"{today:%d.%m.%Y}"))


def _add_credit(party, city_hall, amount: Decimal, reason, application=None):
    """`reason`: a Phrase (the line the statement shows in the reader's language) or a text as written."""
    account = _account(party, city_hall)
    account.credit += amount
    account.save(update_fields=["credit"])
    CreditEntry.objects.create(institution=city_hall, party=party, amount=amount, application=application,
                               **as_phrase(reason).fields("reason", limit=300))


# --- payments ---------------------------------------------------------------------------------------------


def apply_payment(*, payment_id: int, party_id: int, reference: str, amount, paid_at, source: str = "plati",
                  actor=None) -> PaymentApplication:
    """Extinguish the party's debts with a payment (art. 165 order, increases frozen at the payment's day,
    bonificație when the whole year is paid by its date); the rest is kept as a credit. Only the debts owed to the
    city hall of the debt `reference` names are paid, by its rules; the credit stays with that city hall. Once per
    (payment, reference): a repeat returns the first application."""
    reference = references.normalise(reference)
    if not references.valid(reference):
        raise DomainError({"reference": _("Referința de plată nu este validă (14 cifre, cu cifrele de control).")})
    try:
        amount = engine.money(amount)
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError({"amount": _("Suma plătită nu este validă.")})
    if amount <= 0:
        raise DomainError({"amount": _("Suma plătită trebuie să fie mai mare decât zero.")})
    party = Party.objects.filter(pk=party_id).first()
    if party is None:
        raise DomainError(_("Contribuabilul nu există."))
    paid = Debt.objects.filter(party=party, reference=reference).select_related("institution").first()
    if paid is None:
        done = PaymentApplication.objects.filter(payment_id=payment_id, reference=reference).first()
        if done is not None:
            return done
        raise DomainError({"reference": _("Referința de plată nu aparține acestui contribuabil.")})
    city_hall = paid.institution
    with transaction.atomic():
        account = _account(party, city_hall)
        done = PaymentApplication.objects.filter(payment_id=payment_id, reference=reference).first()
        if done is not None:
            return done
        on = timezone.localdate(paid_at) if timezone.is_aware(paid_at) else paid_at.date()
        debts = selectors.open_debts(party, on, lock=True, of=city_hall)
        ruleset = selectors.latest_ruleset(on.year, city_hall)
        rules = ruleset.as_rules() if ruleset else None
        rate = rules.increase_rate() if rules else Decimal(1)
        plan = engine.allocate(amount, debts, on, rate=rate,
                               bonus_percent=rules.bonus_percent(party.is_company) if rules else ZERO,
                               bonus_until=rules.bonus_until() if rules else None)
        application = PaymentApplication.objects.create(institution=city_hall, payment_id=payment_id,
                                                        reference=reference, party=party,
                                                        amount=amount, paid_at=paid_at, credit=plan.credit,
                                                        source=source[:40])
        by_pk = {d.pk: d for d in Debt.objects.filter(pk__in=[d.key for d in debts])}
        order = 0
        _record_plan(application, party, plan, by_pk, on, rate, order)
        if plan.credit > 0:
            account.credit += plan.credit
            account.save(update_fields=["credit"])
            CreditEntry.objects.create(institution=city_hall, party=party, amount=plan.credit, application=application, **phrase(
                gettext_noop("Plată peste obligațiile datorate (plata %(payment)s)"), payment=payment_id,
            ).fields("reason", limit=300))
        record(actor=actor, action="taxes.apply_payment", target=application, party_id=party.pk,
               amount=str(amount), credit=str(plan.credit))
        record_event("taxes.payment_applied", application, payment_id=payment_id, reference=reference,
                     party_id=party.pk, amount=amount, credit=plan.credit)
    return application



def _record_plan(application, party, plan, by_pk, on, rate, order=0):
    """Store what an allocation plan extinguished: bonificație, principal, and the increases frozen on the day."""
    for key, value in plan.bonuses:
        order += 1
        Allocation.objects.create(application=application, debt_id=key, amount=value, bonus=True, order=order)
    for key, value in plan.allocations:
        order += 1
        Allocation.objects.create(application=application, debt_id=key, amount=value, order=order)
    frozen = {}
    for key, value, months in plan.increases:
        principal = by_pk[key]
        frozen[key] = _new_debt(institution=principal.institution, party=party, year=principal.year, item_id=principal.item_id,
                                kind=DebtKind.INCREASE, category=Category.ACCESSORY, term=principal.term,
                                monthly=principal.monthly, amount=value, due_date=on, parent=principal,
                                **phrase(gettext_noop("Majorări %(months)s × %(rate)s%% la %(reference)s"), months=months,
                                         rate=str(rate), reference=principal.reference).fields("title", limit=200))
    for key, value in plan.paid_increases:
        order += 1
        Allocation.objects.create(application=application, debt=frozen[key], amount=value, order=order)


# --- compensation of a credit --------------------------------------------------------------------------------

COMPENSATION = "compensare"


def apply_credit(*, party_id: int, event_id: int, why: str, on: date | None = None,
                 city_hall=None) -> PaymentApplication | None:
    """Compensate the party's credit with the city hall (by default the one the request serves; the outbox's
    handler passes the one of the event's debts) (an overpayment, a recomputation below what was paid) against its debts, in
    the order of Legea 207/2015 art. 165, as a payment made on `on` would (increases frozen to that day).

    Called by the outbox handler of the events that bring new debts, once per event: the compensation is stored
    as a payment application whose `payment_id` is minus the event's id (source "compensare"), unique, so a
    repeat finds it and does nothing. The credit goes down by what was used, with a negative credit entry."""
    on = on or timezone.localdate()
    city_hall = selectors.city_hall(city_hall)
    party = Party.objects.filter(pk=party_id).first()
    if party is None:
        return None
    with transaction.atomic():
        account = _account(party, city_hall)
        done = PaymentApplication.objects.filter(payment_id=-event_id, party=party, institution=city_hall).first()
        if done is not None or account.credit <= 0:
            return done
        debts = selectors.open_debts(party, on, lock=True, of=city_hall)
        if not any(d.open > 0 for d in debts):
            return None
        ruleset = selectors.latest_ruleset(on.year, city_hall)
        rules = ruleset.as_rules() if ruleset else None
        rate = rules.increase_rate() if rules else Decimal(1)
        plan = engine.allocate(account.credit, debts, on, rate=rate,
                               bonus_percent=rules.bonus_percent(party.is_company) if rules else ZERO,
                               bonus_until=rules.bonus_until() if rules else None)
        used = account.credit - plan.credit
        if used <= 0:
            return None
        now = timezone.now()
        application = PaymentApplication.objects.create(institution=city_hall, payment_id=-event_id, reference="",
                                                        party=party, amount=used,
                                                        paid_at=now, credit=ZERO, source=COMPENSATION)
        by_pk = {d.pk: d for d in Debt.objects.filter(pk__in=[d.key for d in debts])}
        _record_plan(application, party, plan, by_pk, on, rate)
        account.credit -= used
        account.save(update_fields=["credit"])
        reason = why if isinstance(why, Phrase) else phrase(
            gettext_noop("Compensat cu obligațiile de plată (%(why)s)"), why=why)
        CreditEntry.objects.create(institution=city_hall, party=party, amount=-used, application=application,
                                   **reason.fields("reason", limit=300))
        record(actor=None, action="taxes.apply_credit", target=application, party_id=party.pk, amount=str(used),
               institution_id=city_hall.pk,
               left=str(account.credit), event_id=event_id)
        record_event("taxes.credit_applied", application, party_id=party.pk, amount=used, credit=account.credit)
    return application
