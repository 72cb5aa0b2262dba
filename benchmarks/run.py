"""Load benchmark of Primăria Digitală against a seeded PostgreSQL database (see benchmarks/seed.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/primaria_bench .venv/bin/python benchmarks/run.py

It starts the app under waitress (16 threads) or, with --gunicorn-workers N, under gunicorn as deployed
(PRIMARIA_DEBUG=0, the dummy e-mail backend), and the task worker consuming the queue at a lower CPU
priority unless --no-task-worker; it creates logged-in sessions directly in the session store, prepares complete drafts through the domain services (start_draft + save_draft), then
runs a closed-loop load generator (threads, one keep-alive http.client connection each) at 1 and 16
concurrent clients for a fixed time per scenario:

  mine      GET  /cereri/                       a random applicant's "my requests" page
  inbox     GET  /birou/                        Direcția Urbanism's inbox, as its head (urb.sef@)
  overview  GET  /birou/situatie/               the management overview, as the mayor (primar@)
  submit    POST /cereri/<id>/verificare/       submit a complete draft: latency until the 302 to the
                                                confirmation page, i.e. until it has its registry number

Each scenario first runs a short warm-up whose results are discarded. Afterwards every endpoint is
requested once more in-process (Django test client) to count its SQL queries and EXPLAIN ANALYZE the
slowest one. Results are printed as a Markdown table and saved to benchmarks/results/.
"""

import argparse
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST, PORT = "127.0.0.1", 8765
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "PRIMARIA_DEBUG": "0",
    "PRIMARIA_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "PRIMARIA_TASKS_IMMEDIATE": "0",
    "PRIMARIA_LOG_LEVEL": "WARNING",
    # The load generator is one address standing for thousands of residents: the per-address limits are off.
    "PRIMARIA_RATE_LIMITS": "sign_in=0,sign_up=0,mail=0,verification=0,search=0,queue_ticket=0,report=0",
}
DRAFT_SERVICES = ["petitie", "sesizare", "informatii-de-interes-public", "cerere-audienta"]
TARGETS_MS = {"mine": 100, "inbox": 100, "overview": 100, "submit": 50}  # p99 at 16 clients


def log(message):
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


# --- preparing users, sessions and drafts (in this process, on the same database) ----------------------


def new_session(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    _second_factor_passed(session, user)
    session.create()
    return session.session_key


def _second_factor_passed(session, user) -> None:
    """An official's session, as after the code of their authenticator app (office pages need it)."""
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from primaria.security import mfa

    if mfa.needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \
            TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
        session["otp_device_id"] = device.persistent_id
        session[mfa.VERIFIED_AT_KEY] = int(time.time())


def valid_answers(service) -> dict:
    """Raw form answers that pass the service's checks (what a resident would type)."""
    from primaria.catalog.models import FieldKind

    values = {
        FieldKind.ADDRESS: "Str. Florilor nr. 3, Municipiul Demo", FieldKind.NUMBER: "2",
        FieldKind.DATE: "23.11.2026", FieldKind.YES_NO: "da", FieldKind.EMAIL: "rezident@example.ro",
        FieldKind.PHONE: "0722123456", FieldKind.CNP: "1800101350018", FieldKind.CUI: "18547290",
        FieldKind.IBAN: "RO49AAAA1B31007593840000",
        FieldKind.LONG_TEXT: "Vă rog să analizați situația descrisă și să luați măsurile necesare.",
        FieldKind.TEXT: "Text de test pentru benchmark",
    }
    answers = {}
    for field in service.fields.all():
        if field.kind == FieldKind.FILE:
            continue
        answers[field.name] = field.choice_list[0] if field.kind == FieldKind.CHOICE else values.get(field.kind, "x")
    return answers


def prepare(args, rnd):
    from django.contrib.auth import get_user_model

    from primaria.accounts.models import Party, PartyKind
    from primaria.catalog.models import Service
    from primaria.requests import services
    from primaria.requests.models import Request

    User = get_user_model()
    applicants = list(
        Party.objects.filter(kind=PartyKind.PERSON, user__isnull=False, user__email_verified=True,
                             user__email__startswith="bench").values_list("user_id", flat=True)
    )
    if not applicants:
        sys.exit("No generated applicants: run benchmarks/seed.py first.")
    log(f"{len(applicants)} generated applicants; creating {args.sessions} applicant sessions")
    sampled = rnd.sample(applicants, min(args.sessions, len(applicants)))
    users = User.objects.in_bulk(sampled)
    mine_sessions = [new_session(users[pk]) for pk in sampled]

    head = User.objects.get(email="urb.sef@primaria-demo.ro")
    mayor = User.objects.get(email="primar@primaria-demo.ro")
    sessions = {"head": new_session(head), "mayor": new_session(mayor)}

    log(f"creating {args.drafts} complete drafts through start_draft + save_draft")
    catalog = [s for s in Service.objects.filter(slug__in=DRAFT_SERVICES, active=True)]
    answers = {s.pk: valid_answers(s) for s in catalog}
    draft_users = User.objects.in_bulk(rnd.sample(applicants, min(len(applicants), max(1, args.drafts // 3))))
    draft_sessions = {}
    drafts = []
    started = time.monotonic()
    for n in range(args.drafts + 2):  # two spare drafts for the query profile
        user = draft_users[rnd.choice(list(draft_users))]
        service = rnd.choice(catalog)
        party = user.person
        draft = services.start_draft(actor=user, party=party, service=service)
        services.save_draft(actor=user, request_id=draft.pk, answers=answers[service.pk])
        if n < 3:
            missing = services.missing_items(Request.objects.get(pk=draft.pk))
            if missing:
                sys.exit(f"Draft for {service.slug} is not complete: {missing}")
        if user.pk not in draft_sessions:
            draft_sessions[user.pk] = new_session(user)
        drafts.append((str(draft.public_id), draft_sessions[user.pk], draft.pk))
    log(f"  {len(drafts)} drafts in {time.monotonic() - started:.0f}s")
    return {"mine": mine_sessions, "sessions": sessions, "drafts": drafts, "head": head, "mayor": mayor}


# --- the load generator -----------------------------------------------------------------------------------


class Scenario:
    """Hands out the next request to send; thread-safe; None when there is nothing left (drafts)."""

    def __init__(self, name, make, expected):
        self.name, self.make, self.expected = name, make, expected
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            return self.make()


def csrf_token():
    from django.middleware.csrf import _get_new_csrf_string

    return _get_new_csrf_string()


def scenarios(prepared, rnd):
    mine, sessions = prepared["mine"], prepared["sessions"]
    drafts = list(prepared["drafts"][2:])
    rnd.shuffle(drafts)
    token = csrf_token()

    def get(path, session):
        return "GET", path, {"Cookie": f"sessionid={session}"}, None

    def submit():
        if not drafts:
            return None
        public_id, session, _pk = drafts.pop()
        return ("POST", f"/cereri/{public_id}/verificare/",
                {"Cookie": f"sessionid={session}; csrftoken={token}", "X-CSRFToken": token,
                 "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "0"}, b"")

    return {
        "mine": Scenario("mine", lambda: get("/cereri/", rnd.choice(mine)), 200),
        "inbox": Scenario("inbox", lambda: get("/birou/", sessions["head"]), 200),
        "overview": Scenario("overview", lambda: get("/birou/situatie/", sessions["mayor"]), 200),
        "submit": Scenario("submit", submit, 302),
    }


def vacuum():
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    with psycopg.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"],
                         port=settings["PORT"] or 5432, password=settings["PASSWORD"] or None,
                         autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def prime_sessions(sessions, port):
    """One page per session before measuring: a user signs in and then browses, so the session and who is
    signed in are already in the shared cache when they open "my requests"."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    for session in sessions:
        conn.request("GET", "/", headers={"Cookie": f"sessionid={session}"})
        conn.getresponse().read()
    conn.close()


def run_load(scenario, clients, seconds, ports=(PORT,)):
    """Closed loop: each client sends its next request as soon as the previous answer is read.

    With several server processes, client i talks to ports[i % len(ports)] (client-side balancing).
    """
    latencies, errors, samples = [], [], []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    first_start = time.perf_counter()

    def client(port):
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        mine, bad = [], []
        while time.perf_counter() < stop_at:
            item = scenario.next()
            if item is None:
                break
            method, path, headers, body = item
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as exc:
                bad.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                continue
            elapsed = time.perf_counter() - t0
            location = response.getheader("Location", "")
            if response.status != scenario.expected or (scenario.expected == 302 and "/confirmare/" not in location):
                bad.append(f"{method} {path} -> {response.status} {location} {payload[:200]!r}")
            else:
                mine.append(elapsed)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)
            samples.append(time.perf_counter())

    threads = [threading.Thread(target=client, args=(ports[i % len(ports)],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = max(samples) - first_start if samples else seconds
    return latencies, errors, wall


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def summarize(name, clients, latencies, errors, wall):
    ms = [v * 1000 for v in latencies]
    return {
        "endpoint": name, "clients": clients, "requests": len(ms), "errors": len(errors),
        "error_samples": errors[:3], "seconds": round(wall, 1),
        "rps": round(len(ms) / wall, 1) if wall else None,
        "p50_ms": round(percentile(ms, 50), 1) if ms else None,
        "p90_ms": round(percentile(ms, 90), 1) if ms else None,
        "p99_ms": round(percentile(ms, 99), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
    }


# --- where the CPU went ---------------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid) -> float:
    """CPU seconds (user + system) a process has used so far; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _machine_cpu():
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) / TICK, idle / TICK


def _steal():
    """CPU time the hypervisor gave other machines while this one wanted it (counted as busy by _machine_cpu)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return values[7] / TICK if len(values) > 7 else 0.0


def bench_backends() -> list[int]:
    """PostgreSQL backends connected to the benchmark database (the app's and this script's)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return [row[0] for row in cursor.fetchall()]


def process_tree(pid) -> list[int]:
    """A server process and its children (gunicorn's workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid] + [int(c) for c in children]


class CpuMeter:
    """CPU used during one scenario by the server process(es), the benchmark DB's PostgreSQL backends,
    this load generator, and everything else on the machine (other jobs sharing it), each in % of one
    core (a 2-core machine has 200%).

    Backends come and go (CONN_MAX_AGE recycles connections), so a thread samples them every 0.25 s and
    keeps the last value seen for each; a backend's last fraction of a second before it exits is lost.
    """

    def __init__(self, server_pids, worker_pids=()):
        self.server_pids = server_pids
        self.worker_pids = list(worker_pids)
        self.stop = threading.Event()

    def _sample(self):

        for pid in bench_backends():
            if pid not in self.first:
                self.first[pid] = _proc_cpu(pid) if self.starting else 0.0
            value = _proc_cpu(pid)
            if value:
                self.last[pid] = value

    def _sampler(self):
        from django.db import connection

        try:
            while not self.stop.wait(0.25):
                self._sample()
        finally:
            connection.close()

    def __enter__(self):
        self.first, self.last, self.starting = {}, {}, True
        self._sample()
        self.starting = False
        self.server_start = sum(_proc_cpu(pid) for pid in self.server_pids)
        self.worker_start = sum(_proc_cpu(pid) for pid in self.worker_pids)
        self.self_start = sum(os.times()[:2])
        self.machine_start = _machine_cpu()
        self.steal_start = _steal()
        self.thread = threading.Thread(target=self._sampler, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        machine_end = _machine_cpu()
        server = sum(_proc_cpu(pid) for pid in self.server_pids) - self.server_start
        worker = sum(_proc_cpu(pid) for pid in self.worker_pids) - self.worker_start
        loadgen = sum(os.times()[:2]) - self.self_start
        self.stop.set()
        self.thread.join()
        self._sample()
        postgres = sum(max(0.0, self.last.get(pid, start) - start) for pid, start in self.first.items())
        total = machine_end[0] - self.machine_start[0]
        busy = total - (machine_end[1] - self.machine_start[1])
        wall = total / (os.cpu_count() or 1)

        def pct(value):
            return round(100 * value / wall, 1) if wall else None

        self.result = {
            "machine_busy_pct": pct(busy), "server_cpu_pct": pct(server), "worker_cpu_pct": pct(worker),
            "postgres_cpu_pct": pct(postgres), "loadgen_cpu_pct": pct(loadgen),
            "other_cpu_pct": pct(max(0.0, busy - server - worker - postgres - loadgen)),
            "steal_pct": pct(_steal() - self.steal_start),  # part of "other": taken by the hypervisor
        }
        return False


def wait_for_quiet(max_wait, threshold=25.0):
    """Wait (up to max_wait s) until the machine is mostly idle, so other jobs do not skew a scenario."""
    deadline = time.monotonic() + max_wait
    while True:
        start = _machine_cpu()
        time.sleep(2)
        end = _machine_cpu()
        total = end[0] - start[0]
        busy = 100 * (total - (end[1] - start[1])) / total if total else 0
        if busy < threshold or time.monotonic() >= deadline:
            return round(busy, 1)
        log(f"  machine {busy:.0f}% busy with other work; waiting")


# --- the server ---------------------------------------------------------------------------------------------


def start_task_worker(env, log_path):
    """The task queue's consumer, as `make run` starts it (at a lower CPU priority than the web processes,
    so that periodic jobs do not hold pages up): its CPU is measured with the rest."""
    out = open(log_path, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(["nice", "-n", "10", sys.executable, "manage.py", "run_huey", "--workers", "2",
                             "--worker-type", "thread"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def pending_tasks() -> int:
    from huey.contrib.djhuey import HUEY

    return HUEY.pending_count()


def wait_for_worker(max_wait):
    """Let the worker catch up before measuring: the queue empty and no e-mail due in the outbox (a fresh
    database has its overdue steps escalated on the first run, with an e-mail each)."""
    from django.utils import timezone

    from primaria.notifications.models import Notification

    deadline = time.monotonic() + max_wait
    while time.monotonic() < deadline:
        due = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now()).count()
        queued = pending_tasks()
        if not due and not queued:
            return
        log(f"  the worker is catching up: {queued} tasks queued, {due} e-mails due")
        time.sleep(10)


def start_server(env, log_path, port=PORT, threads=16, workers=0, worker_class="gthread"):
    """waitress (one process) or, with workers > 0, gunicorn with that many worker processes."""
    if workers:
        command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", str(workers),
                   "--worker-class", worker_class, "--config", "python:config.gunicorn",
                   "config.wsgi:application"]
        if worker_class == "gthread":
            command[-1:-1] = ["--threads", str(threads)]
    else:
        command = [sys.executable, "-m", "waitress", f"--listen={HOST}:{port}", "--threads", str(threads),
                   "config.wsgi:application"]
    out = open(log_path, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"waitress exited with {process.returncode}; see {log_path}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("waitress did not answer within 60 s")


def server_environment(var_dir: str | None) -> tuple[str, dict]:
    """The environment the benchmarks' servers get (the product's settings plus the ceiling page, a var
    directory of their own), also set for this process."""
    import tempfile

    var_dir = var_dir or tempfile.mkdtemp(prefix="primaria-bench-")
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **SERVER_ENV, "DJANGO_SETTINGS_MODULE": "benchmarks.ceiling_settings",
           "PRIMARIA_VAR_DIR": var_dir}
    os.environ.update({"PRIMARIA_VAR_DIR": var_dir, **{k: v for k, v in SERVER_ENV.items()
                                                        if k != "DJANGO_SETTINGS_MODULE"}})
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return var_dir, env


def prepare_processes(var_dir: str | None) -> tuple[str, dict]:
    """The server environment, then Django on the benchmark database, its migrations, and the demo PKI (the
    officials' keys and the seals) in the var directory."""
    var_dir, env = server_environment(var_dir)
    prepare_django(var_dir)
    return var_dir, env


def prepare_django(var_dir: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from primaria.signing.models import SigningCredential

    if not SigningCredential.objects.filter(active=True).exists() or not (Path(var_dir) / "pki").exists():
        call_command("create_demo_pki", with_demo_city=True, renew=True)


# --- query profile --------------------------------------------------------------------------------------------


def query_profile(prepared):
    """Each endpoint once more in-process: number of queries, DB time, the slowest query and its plan.

    The overview is profiled twice: as users mostly get it (figures from the cache) and with the cache
    emptied first (what the first visitor after each expiry pays).
    """
    from django.core.cache import cache
    from django.db import connection

    spare = prepared["drafts"][:2]
    cases = [
        ("mine", "get", "/cereri/", prepared["mine"][0], False),
        ("inbox", "get", "/birou/", prepared["sessions"]["head"], False),
        ("overview", "get", "/birou/situatie/", prepared["sessions"]["mayor"], False),
        ("overview (cold cache)", "get", "/birou/situatie/", prepared["sessions"]["mayor"], True),
        ("submit", "post", f"/cereri/{spare[0][0]}/verificare/", spare[0][1], False),
    ]
    profile = {}
    for name, method, path, session, cold in cases:
        try:
            profile[name] = _profile_one(client_for(session), method, path, cold, cache, connection)
        except Exception as exc:  # noqa: BLE001 - the code under test may be mid-edit; keep the load results
            profile[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
    return profile


def client_for(session):
    from django.test import Client

    client = Client()
    client.cookies["sessionid"] = session
    return client


def _profile_one(client, method, path, cold, cache, connection):
    if method == "get":
        client.get(path)  # warm the templates and the connection
    if cold:
        cache.clear()
    queries = []

    def timer(execute, sql, params, many, context, queries=queries):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            try:
                text = connection.ops.last_executed_query(context["cursor"], sql, params)
            except Exception:  # noqa: BLE001 - the text is only for the report
                text = sql
            queries.append({"sql": text, "ms": elapsed})

    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = getattr(client, method)(path)
        total = time.perf_counter() - started
    selects = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    slowest = max(selects, key=lambda q: q["ms"]) if selects else None
    plan = None
    if slowest:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
    return {
        "status": response.status_code, "view_ms": round(total * 1000, 1), "queries": len(queries),
        "db_ms": round(sum(q["ms"] for q in queries), 1),
        "slowest": {"sql": slowest["sql"], "ms": round(slowest["ms"], 2)} if slowest else None,
        "plan": plan,
        "top": [(round(q["ms"], 2), q["sql"][:200]) for q in sorted(queries, key=lambda q: -q["ms"])[:8]],
    }


# --- main ----------------------------------------------------------------------------------------------------


def machine():
    from django.db import connection

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "0")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit", "max_connections"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT (SELECT count(*) FROM requests_request), (SELECT count(*) FROM requests_request WHERE status = 'draft'), "
            "(SELECT count(*) FROM registry_registryentry), (SELECT count(*) FROM requests_timelineevent), "
            "(SELECT count(*) FROM accounts_party), (SELECT count(*) FROM accounts_user), "
            "pg_size_pretty(pg_database_size(current_database()))"
        )
        counts = dict(zip(["requests", "drafts", "registry_entries", "timeline_events", "parties", "users", "db_size"],
                          cursor.fetchone(), strict=True))
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"), "cpu": cpu, "nproc": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1), "postgres": pg, "pg_settings": settings,
        "python": platform.python_version(), "dataset": counts,
    }


def markdown(rows):
    lines = ["| endpoint | clients | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms | p99 target | "
             "CPU % of one core: server / postgres / loadgen / other |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in rows:
        target = TARGETS_MS[r["endpoint"]]
        verdict = ""
        if r["clients"] >= 16 and r["p99_ms"] is not None:
            verdict = f"≤ {target}: {'met' if r['p99_ms'] <= target else 'missed'}"
        c = r.get("cpu", {})
        lines.append(f"| {r['endpoint']} | {r['clients']} | {r['requests']} | {r['errors']} | {r['rps']} | {r['p50_ms']} | "
                     f"{r['p90_ms']} | {r['p99_ms']} | {r['max_ms']} | {verdict} | {c.get('server_cpu_pct')} / "
                     f"{c.get('postgres_cpu_pct')} / {c.get('loadgen_cpu_pct')} / {c.get('other_cpu_pct')} |")
    return "\n".join(lines)


def save(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))


def source_fingerprint(*relative):
    """Which version of a piece of code was measured (it may change between runs)."""
    import hashlib

    digest = hashlib.sha256()
    for name in relative:
        for path in sorted((ROOT / name).rglob("*.py")) + sorted((ROOT / name).rglob("*.html")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="measured time per scenario and concurrency")
    parser.add_argument("--warmup", type=float, default=3, help="discarded warm-up per scenario and concurrency")
    parser.add_argument("--clients", default="1,16", help="concurrency levels, comma-separated")
    parser.add_argument("--only", default="mine,inbox,overview,submit", help="scenarios to run, comma-separated")
    parser.add_argument("--sessions", type=int, default=1000, help="distinct applicants for the 'mine' scenario")
    parser.add_argument("--drafts", type=int, default=3000, help="complete drafts prepared for the submit scenario")
    parser.add_argument("--processes", type=int, default=1,
                        help="waitress processes (ports 8765, 8766, ...); the default, 1, is the documented setup")
    parser.add_argument("--threads", type=int, default=16, help="threads per server process")
    parser.add_argument("--gunicorn-workers", type=int, default=0,
                        help="serve with gunicorn and this many worker processes instead of waitress")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"],
                        help="gunicorn's worker class: gthread (--threads per process) or sync (one request at a time)")
    parser.add_argument("--no-task-worker", dest="task_worker", action="store_false",
                        help="do not run the task queue's consumer (queued work then waits, unmeasured)")
    parser.add_argument("--drain-wait", type=float, default=900,
                        help="wait up to this many seconds for the task worker to catch up before measuring")
    parser.add_argument("--quiet-wait", type=float, default=60,
                        help="before each scenario wait up to this many seconds for other jobs to leave the CPU idle")
    parser.add_argument("--var-dir", default=None, help="PRIMARIA_VAR_DIR for the app (default: a scratch directory)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the seeded PostgreSQL database (see benchmarks/seed.py).")

    var_dir = args.var_dir or tempfile.mkdtemp(prefix="primaria-bench-")
    env = {**os.environ, **SERVER_ENV, "PRIMARIA_VAR_DIR": var_dir}
    os.environ.update({k: v for k, v in env.items() if k in SERVER_ENV or k == "PRIMARIA_VAR_DIR"})
    import django

    django.setup()
    from django.core.management import call_command

    # The code may have gained migrations since the database was seeded; measure it on its own schema.
    call_command("migrate", verbosity=0, interactive=False)
    from django.urls import get_resolver

    assert get_resolver().url_patterns  # import the views now, as the server will, so both measure the same code
    rnd = random.Random(args.seed)
    info = machine()
    info["overview_code"] = source_fingerprint("primaria/overview")
    log(f"dataset: {info['dataset']}")

    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(exist_ok=True)
    out = results_dir / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    prepared = prepare(args, rnd)
    log("VACUUM ANALYZE after preparing, so that autovacuum does not start during a scenario")
    vacuum()
    ports = tuple(PORT + i for i in range(args.processes))
    servers = []
    rows = []
    worker = None
    try:
        if args.task_worker:
            log(f"starting the task worker (log: {Path(var_dir) / 'worker.log'})")
            worker = start_task_worker(env, Path(var_dir) / "worker.log")
            time.sleep(5)
            wait_for_worker(args.drain_wait)
        for port in ports:
            server_log = Path(var_dir) / f"server-{port}.log"
            how = (f"gunicorn with {args.gunicorn_workers} {args.worker_class} workers" if args.gunicorn_workers
                   else f"waitress with {args.threads} threads")
            log(f"starting {how} on {port} (log: {server_log})")
            servers.append(start_server(env, server_log, port=port, threads=args.threads,
                                        workers=args.gunicorn_workers, worker_class=args.worker_class))
        load = scenarios(prepared, rnd)
        if "mine" in args.only:
            log(f"each of the {len(prepared['mine'])} applicants opens one page first, as after signing in")
            prime_sessions(prepared["mine"], ports[0])
        for name in [n.strip() for n in args.only.split(",") if n.strip()]:
            for clients in [int(c) for c in args.clients.split(",")]:
                scenario = load[name]
                idle = wait_for_quiet(args.quiet_wait) if args.quiet_wait else None
                run_load(scenario, clients, args.warmup if name != "submit" else min(args.warmup, 1), ports)
                with CpuMeter([pid for s in servers for pid in process_tree(s.pid)],
                              [worker.pid] if worker else ()) as meter:
                    latencies, errors, wall = run_load(scenario, clients, args.seconds, ports)
                row = summarize(name, clients, latencies, errors, wall)
                row["cpu"] = meter.result
                row["tasks_pending_after"] = pending_tasks()
                row["machine_busy_before_pct"] = idle
                rows.append(row)
                save(out, {"machine": info, "args": vars(args), "results": rows})
                log(f"{name:9} c={clients:<3} n={row['requests']:<6} err={row['errors']:<3} {row['rps']} req/s  "
                    f"p50={row['p50_ms']} p99={row['p99_ms']} ms cpu={meter.result} "
                    f"pending={row['tasks_pending_after']} {row['error_samples'][:1]}")
    finally:
        for process in [*servers, worker]:
            if process is not None:
                process.terminate()
        for process in [*servers, worker]:
            if process is not None:
                process.wait(timeout=30)
    log("query profile")
    profile = query_profile(prepared)
    for name, p in profile.items():
        if "error" in p:
            log(f"{name:22} could not be profiled: {p['error']}")
            continue
        log(f"{name:22} status={p['status']} queries={p['queries']} db={p['db_ms']} ms view={p['view_ms']} ms "
            f"slowest={p['slowest']['ms'] if p['slowest'] else None} ms")

    table = markdown(rows)
    print("\n" + table + "\n")
    for name, p in profile.items():
        if p.get("slowest"):
            print(f"--- {name}: slowest query ({p['slowest']['ms']} ms)\n{p['slowest']['sql']}\n{p['plan']}\n")
    save(out, {"machine": info, "args": vars(args), "results": rows, "profile": profile, "table": table})
    log(f"saved {out}")


if __name__ == "__main__":
    main()
