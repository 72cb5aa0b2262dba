"""A year of the demo city's past: about 20,000 requests over the services and months, so that the overview,
the dashboard, the inbox and the register show what a city hall of this size would see.

Loaded once, into a fresh demo (`manage.py load_demo_city` when the register is still empty), in bulk: the
rows a year of filings would have left (requests, their entries in the register numbered 1..n per year in
the order of registration, the lines of their timelines), not the effects of each change. Filings are busier
on weekdays and in the months of the tax deadlines (March, September), the share filed at the counter falls
from about 45% to about 20% over the year as residents move online; handling takes a share of the legal term
drawn per request, so most are answered in time, about one in twelve late and a few stay stuck for months.
The requests still open today run their service's process through the engine, like any other.

The generated residents (`locuitor.NNNN@example.ro`) have accounts with the demo password.
"""

import random
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Bucharest")

FIRST_NAMES = ["Andrei", "Ana", "Alexandru", "Maria", "Ion", "Elena", "Mihai", "Ioana", "Gheorghe", "Cristina",
               "Vasile", "Mihaela", "Constantin", "Andreea", "Dumitru", "Gabriela", "Florin", "Daniela", "Adrian",
               "Alina", "Bogdan", "Roxana", "Cătălin", "Simona", "Marius", "Raluca", "Ștefan", "Oana", "Nicolae", "Irina"]
LAST_NAMES = ["Popescu", "Ionescu", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei",
              "Ciobanu", "Rusu", "Munteanu", "Constantin", "Mihai", "Lazăr", "Marin", "Tudor", "Florea", "Ilie",
              "Dinu", "Barbu", "Nistor", "Moldovan", "Șerban", "Toma", "Dobre", "Ene", "Cristea", "Neagu"]
STREETS = ["Str. Mărășești", "Bd. Revoluției", "Str. Florilor", "Calea Aradului", "Str. Libertății", "Bd. Eroilor",
           "Str. Gării", "Str. Mihai Viteazu", "Aleea Teilor", "Str. Unirii", "Str. Școlii", "Bd. Independenței"]

# How often each service is asked for, relative to the others (services not listed weigh 1).
SERVICE_WEIGHTS = {
    "certificat-de-atestare-fiscala": 20, "sesizare": 12, "certificat-de-urbanism": 10,
    "declaratie-fiscala-cladiri": 8, "petitie": 6, "informatii-de-interes-public": 4,
    "autorizatie-de-construire": 4, "adeverinta-nomenclatura-stradala": 4, "certificat-stare-civila-duplicat": 4,
    "indemnizatie-crestere-copil": 4, "cerere-audienta": 3, "toaletare-arbori": 3, "scutire-reducere-impozit": 2,
    "restituire-sume-platite-in-plus": 2, "venit-minim-de-incluziune": 2, "copii-certificate-acte-administrative": 2,
    "divort-pe-cale-administrativa": 1, "acord-orar-functionare": 1, "autorizatie-functionare-alimentatie-publica": 1,
    "inregistrare-vehicul-lent": 1, "acord-comercializare-martisoare": 0.5, "radiere-vehicul-lent": 0.5,
}
# Filings per month (January = 1), relative: the tax deadlines of 31 March and 30 September, a quiet August.
MONTH_WEIGHTS = {1: 1.1, 2: 1.05, 3: 1.25, 4: 1.0, 5: 1.0, 6: 0.95, 7: 0.85, 8: 0.7, 9: 1.2, 10: 1.05, 11: 1.0,
                 12: 0.85}
HISTORY_SOURCE = "istoric demonstrativ"  # the registry entries' annexes field marks the generated year


def cnp_for(i: int) -> str:
    """A valid, unique CNP for generated person number i (birth date and serial derived from i)."""
    born = date(1940, 1, 1) + timedelta(days=i % 25000)
    sex = (1 if i % 2 == 0 else 2) + (4 if born.year >= 2000 else 0)
    serial = 100 + i // 25000  # the demo residents use serials below 100
    digits = f"{sex}{born:%y%m%d}35{serial:03d}"
    total = sum(int(d) * int(w) for d, w in zip(digits, "279146358279", strict=True)) % 11
    return digits + str(1 if total == 10 else total)


def cui_for(i: int) -> str:
    digits = str(30000000 + i)
    weights = "753217532"[-len(digits):]
    check = sum(int(d) * int(w) for d, w in zip(digits, weights, strict=True)) * 10 % 11 % 10
    return digits + str(check)


def answers_for(fields, rnd) -> dict:
    """A plausible, already cleaned set of answers to a service's form."""
    data = {}
    for f in fields:
        if f.kind == "file" or (not f.required and rnd.random() < 0.5):
            continue
        kind = f.kind
        if kind == "address":
            value = f"{rnd.choice(STREETS)} nr. {rnd.randint(1, 200)}, Municipiul Demo"
        elif kind == "number":
            value = str(rnd.randint(1, 500))
        elif kind == "date":
            value = (date(2020, 1, 1) + timedelta(days=rnd.randint(0, 2000))).isoformat()
        elif kind == "choice":
            value = rnd.choice(f.choice_list or ["—"])
        elif kind == "yes_no":
            value = rnd.random() < 0.7
        elif kind == "email":
            value = f"contact{rnd.randint(1, 99999)}@example.ro"
        elif kind == "phone":
            value = f"07{rnd.randint(20000000, 99999999)}"
        elif kind == "cnp":
            value = cnp_for(rnd.randint(0, 99999))
        elif kind == "cui":
            value = cui_for(rnd.randint(0, 9999))
        elif kind == "iban":
            value = "RO49AAAA1B31007593840000"
        elif kind == "long_text":
            value = "Vă rog să aprobați cererea. " * rnd.randint(1, 6)
        else:
            value = f"Valoare {rnd.randint(1, 9999)}"
        data[f.name] = value
    return data


class Catalog:
    """What the generator needs to know about the services, departments and officials."""

    def __init__(self, rnd, institutions=None):
        from primaria.catalog.models import Service
        from primaria.institutions.models import Position, Role

        services = Service.objects.select_related("department", "institution").prefetch_related("fields").filter(
            active=True, department__isnull=False)
        if institutions is not None:
            services = services.filter(institution__in=institutions)
        self.services = list(services.order_by("pk"))
        self.answers = {s.pk: [answers_for(list(s.fields.all()), rnd) for _ in range(30)] for s in self.services}
        specialists, heads = {}, {}
        for p in Position.objects.filter(active=True).select_related("user"):
            label = p.user.get_full_name() or p.user.email
            if p.role == Role.SPECIALIST:
                specialists.setdefault(p.department_id, (p.user_id, label))
            elif p.role == Role.HEAD:
                heads.setdefault(p.department_id, (p.user_id, label))
        self.clerks = {p.department.institution_id: (p.user_id, p.user.get_full_name())
                       for p in Position.objects.filter(role=Role.REGISTRY_CLERK, active=True)
                       .select_related("user", "department")}
        self.specialists, self.heads = specialists, heads
        self.persons_services = [s for s in self.services if s.for_persons]
        self.cumulative = list(accumulate(SERVICE_WEIGHTS.get(s.slug, 1) for s in self.services))
        self._terms = {}

    def pick(self, rnd):
        return self.services[bisect_left(self.cumulative, rnd.random() * self.cumulative[-1])]

    def due_date(self, start: date, days: int, unit: str) -> date:
        from primaria.core import terms

        key = (start, days, unit)
        if key not in self._terms:
            self._terms[key] = terms.add_term(start, days, unit)
        return self._terms[key]


@dataclass
class Planned:
    """One filed request as a year of work left it: its row, its entry in the register and its timeline."""

    status: str
    outcome: str = ""
    proposed: str = ""
    assignee_id: int | None = None
    changed: datetime | None = None
    paused: date | None = None
    resolved: datetime | None = None
    resolution: str = ""
    completion: str = ""
    closed: datetime | None = None
    registry_outcome: str = ""
    events: list = field(default_factory=list)  # (at, action, status_from, status_to, (actor id, label), text)


def plan(rnd, catalog: Catalog, service, *, submitted: datetime, due: date, reference: str, counter: bool,
         applicant: tuple, now: datetime) -> Planned:
    """What happened to a request filed at `submitted` by `now`: mostly answered within its legal term, about one
    in twelve late, a few stuck for months; those not yet done are registered, in review or waiting for the
    applicant."""
    department = service.department
    calendar_term = max(1, (due - submitted.astimezone(TZ).date()).days)
    takes = calendar_term * (rnd.uniform(1.5, 8) if rnd.random() < 0.03 else rnd.triangular(0.05, 1.2, 0.55))
    done = submitted + timedelta(days=takes)
    specialist = catalog.specialists.get(department.pk) or catalog.heads.get(department.pk) or (None, "")
    head = catalog.heads.get(department.pk) or specialist
    clerk = catalog.clerks.get(service.institution_id, (None, "Registratură"))
    assigned_at = submitted + timedelta(days=takes * rnd.uniform(0.05, 0.3))
    planned = Planned(status="registered", changed=submitted)
    planned.events.append((submitted, "submit", "draft", "registered", clerk if counter else applicant, (
        f"Cererea a fost înregistrată cu nr. {reference} și trimisă la {department.name}. "
        f"Termenul de soluționare este {due:%d.%m.%Y}.")))
    if done <= now:
        if rnd.random() < 0.02:
            planned.status, planned.changed, planned.closed = "withdrawn", done, done
            planned.registry_outcome = "Retrasă de solicitant"
            planned.events.append((done, "withdraw", "registered", "withdrawn", applicant,
                                   "Ați retras cererea. Nu mai este necesar niciun demers."))
            return planned
        outcome = "granted" if rnd.random() < 0.85 else "rejected"
        verdict = "admisă" if outcome == "granted" else "respinsă"
        planned.status, planned.outcome, planned.proposed = "resolved", outcome, outcome
        planned.assignee_id, planned.resolved, planned.changed, planned.closed = specialist[0], done, done, done
        planned.resolution = "" if outcome == "granted" else "Documentația depusă este incompletă."
        planned.registry_outcome = f"Soluționată ({verdict})"
        planned.events.append((min(assigned_at, done), "assign", "registered", "in_review", head,
                               f"Documentele sunt verificate de un specialist din {department.name}."))
        planned.events.append((done, "approve", "pending_approval", "resolved", head,
                               f"Cererea a fost soluționată: {verdict}. Răspunsul a fost transmis solicitantului."))
        return planned
    if (now - submitted) / (done - submitted) < 0.1 or assigned_at > now:
        return planned  # registered, waiting to be assigned
    planned.status, planned.assignee_id, planned.changed = "in_review", specialist[0], assigned_at
    planned.events.append((assigned_at, "assign", "registered", "in_review", head,
                           f"Documentele sunt verificate de un specialist din {department.name}."))
    if rnd.random() < 0.15:
        step = assigned_at + (now - assigned_at) * rnd.uniform(0.2, 0.9)
        what = "Vă rugăm să atașați o copie lizibilă a actului de proprietate."
        planned.status, planned.completion, planned.changed = "awaiting_applicant", what, step
        planned.paused = step.astimezone(TZ).date()
        planned.events.append((step, "ask_completion", "in_review", "awaiting_applicant", specialist,
                               f"Avem nevoie de completări: {what} Termenul de soluționare este suspendat "
                               "până când le trimiteți."))
    return planned


def _moments(rnd, count: int, start: datetime, now: datetime) -> list[datetime]:
    """When each request was filed: weekdays in office hours mostly, more in the months of the tax deadlines."""
    moments = []
    span = (now - start).total_seconds()
    top = max(MONTH_WEIGHTS.values())
    while len(moments) < count:
        t = (start + timedelta(seconds=rnd.random() * span)).astimezone(TZ)
        if rnd.random() > MONTH_WEIGHTS[t.month] / top:
            continue
        if t.weekday() >= 5 and rnd.random() < 0.8:
            continue
        if not 8 <= t.hour < 20 and rnd.random() < 0.85:
            continue
        moments.append(t)
    moments.sort()
    return moments


def _residents(rnd, count: int) -> list[tuple]:
    """(party id, user id, name) of `count` generated residents with accounts, one password hash for all."""
    from django.contrib.auth.hashers import make_password

    from primaria.accounts.models import Party, PartyKind, User

    from .loader import DEMO_PASSWORD

    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create([
        User(email=f"locuitor.{i:04d}@example.ro", password=password, first_name=rnd.choice(FIRST_NAMES),
             last_name=rnd.choice(LAST_NAMES), email_verified=True) for i in range(count)], batch_size=1000)
    users = list(User.objects.filter(email__startswith="locuitor.", email__endswith="@example.ro").order_by("pk"))
    Party.objects.bulk_create([
        Party(kind=PartyKind.PERSON, name=f"{u.first_name} {u.last_name}", cnp=cnp_for(i), email=u.email,
              address=f"{rnd.choice(STREETS)} nr. {rnd.randint(1, 200)}, Municipiul Demo", user=u)
        for i, u in enumerate(users)], batch_size=1000)
    return list(Party.objects.filter(user__in=users).values_list("pk", "user_id", "name"))


def load_history(*, requests: int = 20_000, residents: int = 1_500, months: int = 12, seed: int = 2026,
                 now: datetime | None = None) -> dict:
    """Fill the demo city's past; does nothing once the register has any entry (a demo already in use)."""
    from django.db import transaction
    from django.db.models import F, Max
    from django.utils import timezone

    from primaria.registry.models import RegisterCounter, RegistryEntry
    from primaria.requests.models import OPEN_STATUSES, Request, TimelineEvent
    from primaria.requests.selectors import INBOX, MINE
    from primaria.requests.signals import EVERYONE
    from primaria.workflow import services as workflow

    if RegistryEntry.objects.exists():
        return {"skipped": True}
    rnd = random.Random(seed)
    now = now or timezone.now()
    start = now - timedelta(days=round(months * 30.44))
    catalog = Catalog(rnd)
    if not catalog.services:
        return {"skipped": True}
    with transaction.atomic():
        people = _residents(rnd, residents)
        moments = _moments(rnd, requests, start, now - timedelta(hours=1))
        numbers: dict[tuple, int] = {}
        rows, planned_rows = [], []
        for submitted in moments:
            service = catalog.pick(rnd)
            if not service.for_persons and not service.for_companies:
                continue
            party_id, user_id, name = rnd.choice(people)
            key = (service.institution_id, submitted.year)
            numbers[key] = numbers.get(key, 0) + 1
            reference = f"{numbers[key]}/{submitted:%d.%m.%Y}"
            progress = (submitted - start) / (now - start)
            counter = rnd.random() < 0.45 - 0.25 * progress  # residents move online over the year
            urgent = service.urgent_term_days is not None and rnd.random() < 0.08
            due = catalog.due_date(submitted.date(), service.urgent_term_days if urgent else service.term_days,
                                   service.term_unit)
            planned = plan(rnd, catalog, service, submitted=submitted, due=due, reference=reference,
                           counter=counter, applicant=(user_id, name), now=now)
            entry = RegistryEntry(
                institution_id=service.institution_id, year=submitted.year, number=numbers[key],
                registered_at=submitted, direction="in", channel="counter" if counter else "online",
                sender=name, summary=f"{service.name}{' (urgent)' if urgent else ''}", pages=1 + rnd.randint(0, 6),
                annexes=HISTORY_SOURCE, department_id=service.department_id, outcome=planned.registry_outcome,
                closed_at=planned.closed,
                registered_by_id=catalog.clerks.get(service.institution_id, (None,))[0] if counter else None)
            request = Request(
                institution_id=service.institution_id, service=service, applicant_id=party_id,
                filed_by_id=None if counter else user_id, channel="counter" if counter else "online",
                status=planned.status, outcome=planned.outcome, data=rnd.choice(catalog.answers[service.pk]),
                urgent=urgent, department_id=service.department_id, assignee_id=planned.assignee_id,
                submitted_at=submitted, status_changed_at=planned.changed, due_date=due,
                term_unit=service.term_unit, paused_on=planned.paused, resolved_at=planned.resolved,
                completion_request=planned.completion, proposed_outcome=planned.proposed,
                resolution_text=planned.resolution, login_method="" if counter else "password",
                assurance_level="" if counter else "scăzut")
            rows.append((entry, request))
            planned_rows.append(planned)
        RegistryEntry.objects.bulk_create([entry for entry, _ in rows], batch_size=2000)
        for entry, request in rows:
            request.registry_entry = entry
        Request.objects.bulk_create([request for _, request in rows], batch_size=2000)
        Request.objects.filter(registry_entry__annexes=HISTORY_SOURCE).update(
            created_at=F("submitted_at"), updated_at=F("status_changed_at"))
        TimelineEvent.objects.bulk_create([
            TimelineEvent(request=request, at=at, action=action, status_from=status_from, status_to=status_to,
                          actor_id=actor[0], actor_label=actor[1] or "Sistem", department_id=request.department_id,
                          message=text[:500], public=True)
            for (_, request), planned in zip(rows, planned_rows, strict=True)
            for at, action, status_from, status_to, actor, text in planned.events], batch_size=5000)
        for (institution_id, year), last in numbers.items():
            counter_row, _ = RegisterCounter.objects.get_or_create(institution_id=institution_id, year=year)
            RegisterCounter.objects.filter(pk=counter_row.pk).update(last_number=max(counter_row.last_number, last))
        # Bulk rows pass no save(): every cached inbox and list is renewed, as requests.signals would.
        INBOX.changed(EVERYONE)
        MINE.changed(EVERYONE)
    still_open = list(Request.objects.filter(registry_entry__annexes=HISTORY_SOURCE, status__in=OPEN_STATUSES)
                      .values_list("pk", flat=True))
    for pk in still_open:  # each in its own transaction, as the worker would
        workflow.start(request_id=pk)
    counts = {"requests": len(rows), "open": len(still_open),
              "late": Request.objects.filter(registry_entry__annexes=HISTORY_SOURCE, status="resolved",
                                             resolved_at__date__gt=F("due_date")).count(),
              "counter": sum(1 for _, r in rows if r.channel == "counter"),
              "last_number": RegistryEntry.objects.aggregate(n=Max("number"))["n"]}
    return counts
