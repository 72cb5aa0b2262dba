"""Seed a PostgreSQL database with a city-sized dataset for benchmarks/run.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/primaria_bench \
        .venv/bin/python benchmarks/seed.py --requests 1000000 --applicants 100000

What it does, in order:

1. drops and recreates the database named in DATABASE_URL (it refuses unless the name contains
   "bench", so it can never wipe the development or production database);
2. runs the migrations and loads the demo city (primaria.demo.loader.load_demo_city);
3. adds `--applicants` residents (a User with a verified e-mail and a person Party each, all with the
   same precomputed password hash, so logging in with the demo password works) and companies
   represented by 3% of them;
4. adds `--requests` requests spread over `--years` years, services, departments and statuses
   (about 3% drafts, most of the rest resolved, ~1% still open, some of those overdue). Every filed
   request has its inbound RegistryEntry (numbers 1..n per institution and year in the order of
   registration; RegisterCounter holds the last number given) and 1-3 public TimelineEvents.

Bulk rows go in with PostgreSQL COPY (psycopg 3 `cursor.copy`) on three connections at once, with the
secondary indexes and unique constraints of the big tables dropped during the load and rebuilt after
it, and foreign-key triggers off (session_replication_role = replica: the generator only writes ids it
just created). Outbound registry entries, answer documents, attachments, notifications and the audit
log are not generated for the historical requests.
"""

import argparse
import json
import os
import random
import sys
import time
import uuid
from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import psycopg  # noqa: E402

# The generated people and the services' popularity are the demo history's (one place for both).
from primaria.demo.history import FIRST_NAMES, LAST_NAMES, SERVICE_WEIGHTS, STREETS, cnp_for, cui_for  # noqa: E402
from primaria.demo.history import answers_for as plausible_answers  # noqa: E402

BIG_TABLES = [
    "accounts_user", "accounts_party", "accounts_representation",
    "requests_request", "registry_registryentry", "requests_timelineevent",
]

TZ = ZoneInfo("Europe/Bucharest")


STARTED = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - STARTED:7.1f}s] {message}", flush=True)


# --- the database ------------------------------------------------------------------------------------


def recreate_database(url: str) -> dict:
    import dj_database_url

    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("postgresql"):
        sys.exit("DATABASE_URL must point at PostgreSQL.")
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    with psycopg.connect(**_conninfo(config, dbname="postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return config


def _conninfo(config, dbname=None):
    info = {"dbname": dbname or config["NAME"], "user": config.get("USER") or "postgres",
            "host": config.get("HOST") or "127.0.0.1", "port": config.get("PORT") or 5432}
    if config.get("PASSWORD"):
        info["password"] = config["PASSWORD"]
    return info


def bulk_connection(config):
    conn = psycopg.connect(**_conninfo(config))
    conn.execute("SET session_replication_role = replica")  # no FK triggers during the load
    conn.execute("SET synchronous_commit = off")
    return conn


def drop_secondary_indexes(conn, tables) -> list[str]:
    """Drop every index and unique constraint except primary keys; return the DDL that rebuilds them."""
    rebuild = []
    for table in tables:
        for name, definition in conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        ).fetchall():
            conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        for name, definition in conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND i.indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        ).fetchall():
            conn.execute(f'DROP INDEX "{name}"')
            rebuild.append(definition)
    conn.commit()
    return rebuild


def rebuild_indexes(config, statements):
    """Rebuild on two connections at once (this is a 2-core machine; each build may use parallel workers)."""
    import threading

    queue = list(statements)
    lock = threading.Lock()

    def worker():
        with psycopg.connect(**_conninfo(config), autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            while True:
                with lock:
                    if not queue:
                        return
                    statement = queue.pop(0)
                conn.execute(statement)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def reset_sequences(conn, tables):
    for table in tables:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE((SELECT max(id) FROM \"{table}\"), 1))"
        )
    conn.commit()


def next_id(conn, table) -> int:
    return conn.execute(f'SELECT COALESCE(max(id), 0) + 1 FROM "{table}"').fetchone()[0]


# --- generators ----------------------------------------------------------------------------------------


def answers_for(service, fields, rnd) -> str:
    """A plausible, already cleaned set of answers (stored as JSON text) for one request."""
    return json.dumps(plausible_answers(fields, rnd), ensure_ascii=False)


def seed_people(config, *, applicants: int, rnd) -> dict:
    from django.contrib.auth.hashers import make_password

    from primaria.demo.loader import DEMO_PASSWORD

    conn = bulk_connection(config)
    user_id = next_id(conn, "accounts_user")
    party_id = next_id(conn, "accounts_party")
    representation_id = next_id(conn, "accounts_representation")
    password = make_password(DEMO_PASSWORD)  # one PBKDF2 hash shared by every generated account
    joined = datetime(2019, 1, 1, tzinfo=UTC)
    persons, companies = [], []
    user_ids = []
    with conn.cursor() as cur:
        with cur.copy(
            "COPY accounts_user (id, password, last_login, is_superuser, first_name, last_name, is_staff, is_active, "
            "date_joined, email, email_verified, phone) FROM STDIN"
        ) as copy:
            for i in range(applicants):
                first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
                uid = user_id + i
                user_ids.append((uid, f"{first} {last}"))
                copy.write_row((uid, password, None, False, first, last, False, True,
                                joined + timedelta(minutes=rnd.randint(0, 2_000_000)),
                                f"bench{i:07d}@example.ro", True, f"07{rnd.randint(20000000, 99999999)}"))
        with cur.copy(
            "COPY accounts_party (id, public_id, kind, name, cnp, cui, registration_code, email, phone, address, "
            "user_id, created_at) FROM STDIN"
        ) as copy:
            for i, (uid, name) in enumerate(user_ids):
                pid = party_id + i
                persons.append((pid, uid, name, cnp_for(i)))
                copy.write_row((pid, uuid.uuid4(), "person", name, cnp_for(i), "", "", f"bench{i:07d}@example.ro",
                                "", f"{rnd.choice(STREETS)} nr. {rnd.randint(1, 200)}, Municipiul Demo", uid, joined))
            # 3% of the residents also represent a company of their own.
            for n, i in enumerate(range(0, applicants, 33)):
                pid = party_id + applicants + n
                uid = user_ids[i][0]
                companies.append((pid, uid, f"Firma {n + 1} SRL", cui_for(n)))
                copy.write_row((pid, uuid.uuid4(), "company", f"Firma {n + 1} SRL", "", cui_for(n),
                                f"J35/{n + 1}/2015", f"firma{n + 1}@example.ro", "", "Calea Aradului nr. 1, Municipiul Demo",
                                None, joined))
        with cur.copy("COPY accounts_representation (id, user_id, company_id, capacity, status, proof_kind, refusal_reason, "
                      "note, revocation_reason, login_method, assurance_level, created_at) FROM STDIN") as copy:
            for n, (pid, uid, _name, _cui) in enumerate(companies):
                copy.write_row((representation_id + n, uid, pid, "Administrator", "verified", "certificat_constatator", "",
                                "", "", "", "", joined))
    conn.commit()
    conn.close()
    return {"persons": persons, "companies": companies}


class Catalog:
    """What the generator needs to know about services, departments and officials."""

    def __init__(self, rnd):
        from primaria.catalog.models import Service
        from primaria.institutions.models import Position, Role

        self.services = list(Service.objects.select_related("department", "institution").prefetch_related("fields")
                             .filter(active=True).order_by("pk"))
        self.fields = {s.pk: list(s.fields.all()) for s in self.services}
        self.answers = {s.pk: [answers_for(s, self.fields[s.pk], rnd) for _ in range(30)] for s in self.services}
        specialists, heads = {}, {}
        for p in Position.objects.filter(active=True).select_related("user"):
            label = p.user.get_full_name() or p.user.email
            if p.role == Role.SPECIALIST:
                specialists[p.department_id] = (p.user_id, label)
            elif p.role == Role.HEAD:
                heads[p.department_id] = (p.user_id, label)
        clerks = {p.department.institution_id: (p.user_id, p.user.get_full_name())
                  for p in Position.objects.filter(role=Role.REGISTRY_CLERK).select_related("user", "department")}
        self.specialists, self.heads, self.clerks = specialists, heads, clerks
        self.persons_services = [s for s in self.services if s.for_persons]
        self.company_services = [s for s in self.services if s.for_companies]
        self.weights = [SERVICE_WEIGHTS.get(s.slug, 1) for s in self.services]
        self.cumulative = list(accumulate(self.weights))

    def pick(self, rnd):
        return self.services[bisect_left(self.cumulative, rnd.random() * self.cumulative[-1])]


_term_cache = {}


def due_date(start: date, days: int, unit: str) -> date:
    from primaria.core import terms

    key = (start, days, unit)
    if key not in _term_cache:
        _term_cache[key] = terms.add_term(start, days, unit)
    return _term_cache[key]


def seed_requests(config, people, *, requests: int, years: float, draft_share: float, rnd):
    from django.utils import timezone

    catalog = Catalog(rnd)
    persons, companies = people["persons"], people["companies"]
    now = timezone.now()
    today = timezone.localdate(now)
    start = now - timedelta(days=365 * years)
    span = (now - start).total_seconds()

    # Pass 1: when each request was created (ordered, so ids grow with time like in production),
    # which service, who, and when it was registered.
    log("generating request times")
    created = []
    while len(created) < requests:
        t = start + timedelta(seconds=rnd.random() * span)
        if t.astimezone(TZ).weekday() >= 5 and rnd.random() < 0.75:  # fewer filings at the weekend
            continue
        created.append(t)
    created.sort()
    submitted = [None] * requests
    for i, t in enumerate(created):
        if rnd.random() >= draft_share:
            submitted[i] = min(t + timedelta(minutes=rnd.expovariate(1 / 40)), now - timedelta(seconds=1))

    # Registry numbers follow the order of registration, 1..n per institution and year.
    log("numbering the register")
    catalog_services = [catalog.pick(rnd) for _ in range(requests)]
    order = sorted((i for i in range(requests) if submitted[i] is not None), key=submitted.__getitem__)
    conn_r = bulk_connection(config)
    registry_base = next_id(conn_r, "registry_registryentry")
    registry_id, registry_number = {}, {}
    counters = {}
    for position, i in enumerate(order):
        key = (catalog_services[i].institution_id, submitted[i].astimezone(TZ).year)
        counters[key] = counters.get(key, 0) + 1
        registry_id[i] = registry_base + position
        registry_number[i] = counters[key]
    del order

    conn_q = bulk_connection(config)
    conn_t = bulk_connection(config)
    request_base = next_id(conn_q, "requests_request")
    timeline_id = next_id(conn_t, "requests_timelineevent")
    stats = {"draft": 0, "registered": 0, "in_review": 0, "awaiting_applicant": 0, "pending_approval": 0,
             "resolved": 0, "withdrawn": 0, "overdue": 0, "timeline": 0}
    open_requests = []
    request_columns = (
        "id, public_id, institution_id, service_id, applicant_id, filed_by_id, channel, status, outcome, data, urgent, "
        "registry_entry_id, department_id, assignee_id, created_at, updated_at, submitted_at, status_changed_at, "
        "due_date, term_unit, paused_on, resolved_at, completion_request, proposed_outcome, resolution_text, "
        "answer_document_id, outbound_entry_id, claim_code, extended_days, login_method, assurance_level"
    )
    registry_columns = (
        "id, institution_id, year, number, registered_at, direction, channel, sender, sender_reference, sender_date, "
        "summary, pages, annexes, department_id, recipient, outcome, closed_at, in_reply_to_id, document_id, registered_by_id"
    )
    timeline_columns = (
        "id, request_id, at, action, status_from, status_to, actor_id, actor_label, department_id, message, note, public"
    )
    log("writing requests, registry entries and timelines (COPY on three connections)")
    with conn_q.cursor() as cq, conn_r.cursor() as cr, conn_t.cursor() as ct, \
            cq.copy(f"COPY requests_request ({request_columns}) FROM STDIN") as copy_q, \
            cr.copy(f"COPY registry_registryentry ({registry_columns}) FROM STDIN") as copy_r, \
            ct.copy(f"COPY requests_timelineevent ({timeline_columns}) FROM STDIN") as copy_t:
        for i in range(requests):
            service = catalog_services[i]
            if service.for_companies and companies and (not service.for_persons or rnd.random() < 0.12):
                party_id, user_id, party_name, identifier = rnd.choice(companies)
            else:
                if not service.for_persons:  # a company-only service but no companies generated
                    service = rnd.choice(catalog.persons_services)
                party_id, user_id, party_name, identifier = rnd.choice(persons)
            department = service.department
            counter = rnd.random() < 0.15
            channel = "counter" if counter else "online"
            urgent = service.urgent_term_days is not None and rnd.random() < 0.08
            term = service.urgent_term_days if urgent else service.term_days
            created_at = created[i]
            sub = submitted[i]
            data = rnd.choice(catalog.answers[service.pk])
            row = {
                "status": "draft", "outcome": "", "registry": None, "assignee": None, "submitted": None,
                "changed": created_at, "due": None, "paused": None, "resolved": None, "resolution": "",
                "completion": "", "proposed": "", "updated": created_at,
            }
            events = []
            if sub is None:
                stats["draft"] += 1
            else:
                day = sub.astimezone(TZ).date()
                due = due_date(day, term, service.term_unit)
                calendar_term = max(1, (due - day).days)
                # How long handling takes: mostly within the legal term, some late, a few stuck for months.
                if rnd.random() < 0.03:
                    takes = calendar_term * rnd.uniform(1.5, 8)
                else:
                    takes = calendar_term * rnd.triangular(0.05, 1.2, 0.55)
                done = sub + timedelta(days=takes)
                specialist = catalog.specialists.get(department.pk) or catalog.heads.get(department.pk)
                head = catalog.heads.get(department.pk) or specialist
                assigned_at = sub + timedelta(days=takes * rnd.uniform(0.05, 0.3))
                reference = f"{registry_number[i]}/{sub.astimezone(TZ):%d.%m.%Y}"
                actor = (catalog.clerks.get(service.institution_id, (None, "Registratură"))
                         if counter else (user_id, party_name))
                events.append((sub, "submit", "draft", "registered", actor, (
                    f"Cererea a fost înregistrată cu nr. {reference} și trimisă la {department.name}. "
                    f"Termenul de soluționare este {due:%d.%m.%Y}.")))
                row.update(submitted=sub, due=due, registry=registry_id[i], changed=sub)
                if done <= now:
                    if rnd.random() < 0.02:
                        row.update(status="withdrawn", changed=done, updated=done)
                        events.append((done, "withdraw", "registered", "withdrawn", (user_id, party_name),
                                       "Ați retras cererea. Nu mai este necesar niciun demers."))
                        registry_outcome = "Retrasă de solicitant"
                    else:
                        outcome = "granted" if rnd.random() < 0.85 else "rejected"
                        verdict = "admisă" if outcome == "granted" else "respinsă"
                        row.update(status="resolved", outcome=outcome, proposed=outcome, assignee=specialist[0],
                                   resolved=done, changed=done, updated=done,
                                   resolution="" if outcome == "granted" else "Documentația depusă este incompletă.")
                        events.append((min(assigned_at, done), "assign", "registered", "in_review", head,
                                       f"Documentele sunt verificate de un specialist din {department.name}."))
                        events.append((done, "approve", "pending_approval", "resolved", head,
                                       f"Cererea a fost soluționată: {verdict}. Răspunsul se află în dosarul "
                                       "dumneavoastră și poate fi descărcat."))
                        registry_outcome = f"Soluționată ({verdict})"
                    closed = done
                else:
                    closed, registry_outcome = None, ""
                    progress = (now - sub) / (done - sub)
                    if progress < 0.1 or assigned_at > now:
                        row["status"] = "registered"
                    else:
                        row.update(assignee=specialist[0], changed=assigned_at, updated=assigned_at)
                        events.append((assigned_at, "assign", "registered", "in_review", head,
                                       f"Documentele sunt verificate de un specialist din {department.name}."))
                        step = assigned_at + (now - assigned_at) * rnd.uniform(0.2, 0.9)
                        r = rnd.random()
                        if progress > 0.7 and r < 0.5:
                            row.update(status="pending_approval", proposed="granted", changed=step, updated=step)
                            events.append((step, "propose", "in_review", "pending_approval", specialist,
                                           "Răspunsul a fost pregătit și așteaptă aprobarea conducerii "
                                           f"{department.name}."))
                        elif r < 0.15:
                            what = "Vă rugăm să atașați o copie lizibilă a actului de proprietate."
                            row.update(status="awaiting_applicant", completion=what, changed=step, updated=step,
                                       paused=step.astimezone(TZ).date())
                            events.append((step, "ask_completion", "in_review", "awaiting_applicant", specialist,
                                           f"Vă rugăm să completați cererea: {what} Termenul de soluționare este "
                                           "suspendat până când trimiteți completările."))
                        else:
                            row["status"] = "in_review"
                    if row["paused"] is None and due < today:
                        stats["overdue"] += 1
                stats[row["status"]] += 1
                copy_r.write_row((
                    registry_id[i], service.institution_id, sub.astimezone(TZ).year, registry_number[i], sub, "in",
                    channel, f"{party_name} ({identifier if len(identifier) != 13 else identifier[0] + '••••••••' + identifier[-4:]})",
                    "", None, f"{service.name}{' (urgent)' if urgent else ''}", 1 + rnd.randint(0, 6), "",
                    department.pk, "", registry_outcome, closed, None, None, actor[0],
                ))
            rid = request_base + i
            copy_q.write_row((
                rid, uuid.uuid4(), service.institution_id, service.pk, party_id, user_id, channel, row["status"],
                row["outcome"], data, urgent, row["registry"], department.pk, row["assignee"], created_at,
                row["updated"], row["submitted"], row["changed"], row["due"], service.term_unit, row["paused"],
                row["resolved"], row["completion"], row["proposed"], row["resolution"], None, None, "", 0,
                "password" if channel == "online" else "", "scăzut" if channel == "online" else "",
            ))
            if row["status"] in OPEN:
                open_requests.append((rid, service.pk, department.pk, row["status"], row["changed"]))
            for at, action, status_from, status_to, (actor_id, actor_label), message in events:
                copy_t.write_row((timeline_id, rid, at, action, status_from, status_to, actor_id, actor_label or "Sistem",
                                  department.pk, message[:500], "", True))
                timeline_id += 1
                stats["timeline"] += 1
            if i and i % 100000 == 0:
                log(f"  {i} requests")
    for conn in (conn_q, conn_r, conn_t):
        conn.commit()
        conn.close()
    return stats, counters, open_requests


OPEN = ("registered", "in_review", "awaiting_applicant", "pending_approval")


def seed_processes(open_requests, rnd) -> dict:
    """Every open request runs its service's process: one instance and the steps ready now, as the inbox,
    "Pașii mei" and the overview read them (the engine's own state is not generated: no benchmarked page
    loads it). Requests in review wait for a technical analysis, or for two opinions from other departments."""
    import uuid

    from primaria.institutions.models import Department
    from primaria.workflow.models import Kind, ProcessDefinition, ProcessInstance, WorkflowTask

    definitions = dict(ProcessDefinition.objects.filter(is_current=True).values_list("service_id", "pk"))
    opinion_departments = {(d.institution_id, d.code): d.pk for d in Department.objects.filter(code__in=["jur", "itl"])}
    institution_of = dict(Department.objects.values_list("pk", "institution_id"))
    instances = [ProcessInstance(request_id=rid, definition_id=definitions[service_id], state="")
                 for rid, service_id, *_ in open_requests]
    ProcessInstance.objects.bulk_create(instances, batch_size=5000)
    instance_of = dict(ProcessInstance.objects.values_list("request_id", "pk"))
    tasks, counts = [], {"instances": len(instances), "steps": 0, "opinions": 0}

    def step(rid, department_id, step_id, label, kind, since, hours, **extra):
        tasks.append(WorkflowTask(
            instance_id=instance_of[rid], request_id=rid, spiff_task_id=uuid.uuid4(), step_id=step_id, label=label,
            kind=kind, department_id=department_id, due_at=since + timedelta(hours=hours), **extra))

    for rid, _service_id, department_id, status, since in open_requests:
        if status == "registered":
            step(rid, department_id, "verificare", "Verificarea documentelor", Kind.CHECK, since, 48)
        elif status == "pending_approval":
            step(rid, department_id, "semnare", "Semnarea răspunsului", Kind.SIGNATURE, since, 72)
        else:
            others = [pk for (institution, code), pk in opinion_departments.items()
                      if institution == institution_of[department_id] and pk != department_id]
            paused = {"paused_at": since} if status == "awaiting_applicant" else {}
            if status == "in_review" and others and rnd.random() < 0.25:
                for other in others:
                    step(rid, other, f"aviz_{other}", "Avizul compartimentului", Kind.OPINION, since, 120,
                         elsewhere=True, **paused)
                    counts["opinions"] += 1
            else:
                step(rid, department_id, "analiza", "Analiza tehnică", Kind.ANALYSIS, since, 120, **paused)
    WorkflowTask.objects.bulk_create(tasks, batch_size=5000)
    counts["steps"] = len(tasks)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--applicants", type=int, default=100_000)
    parser.add_argument("--years", type=float, default=3.0, help="how far back the requests go")
    parser.add_argument("--drafts", type=float, default=0.03, help="share of requests never submitted")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/primaria_bench")
    rnd = random.Random(args.seed)

    log(f"recreating the database ({url})")
    config = recreate_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    from primaria.archive.demo import load_nomenclator
    from primaria.demo.loader import load_demo_city

    call_command("migrate", verbosity=0, interactive=False)
    log("migrated; loading the demo city")
    city = load_demo_city()
    load_nomenclator(city)  # as `manage.py load_demo_city` does: resolved requests are archived, not left waiting

    conn = bulk_connection(config)
    log("dropping secondary indexes of the big tables")
    rebuild = drop_secondary_indexes(conn, BIG_TABLES)

    log(f"adding {args.applicants} applicants")
    people = seed_people(config, applicants=args.applicants, rnd=rnd)
    log(f"adding {args.requests} requests")
    stats, counters, open_requests = seed_requests(config, people, requests=args.requests, years=args.years,
                                                   draft_share=args.drafts, rnd=rnd)

    log(f"rebuilding {len(rebuild)} indexes and constraints")
    rebuild_indexes(config, rebuild)
    reset_sequences(conn, BIG_TABLES)
    conn.close()

    log(f"starting the processes of {len(open_requests)} open requests")
    stats["processes"] = seed_processes(open_requests, rnd)

    from primaria.registry.models import RegisterCounter

    for (institution_id, year), last in counters.items():
        RegisterCounter.objects.update_or_create(institution_id=institution_id, year=year,
                                                 defaults={"last_number": last})
    log("VACUUM ANALYZE")
    with psycopg.connect(**_conninfo(config), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        sizes = conn.execute(
            "SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid)) FROM pg_stat_user_tables "
            "WHERE relname = ANY(%s) ORDER BY relname", [BIG_TABLES + ["registry_registercounter"]],
        ).fetchall()
        database_size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    log("done")
    print(json.dumps({"requests": stats, "counters": {f"{k[0]}/{k[1]}": v for k, v in sorted(counters.items())}},
                     ensure_ascii=False, indent=1))
    for name, rows, size in sizes:
        print(f"  {name:28} {rows:>10} rows  {size}")
    print(f"  database size: {database_size}")


if __name__ == "__main__":
    main()
