"""Open-loop benchmarks: residents and officials arrive at a fixed rate, whatever the server's answers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/primaria_bench REDIS_URL=redis://127.0.0.1:6379/3 \
        .venv/bin/python benchmarks/open_loop.py --rates 50,100,200,300 --filing-rates 25,50

On the database seeded by benchmarks/seed.py (a million requests), under the production shape (gunicorn
sync workers, the outbox worker at nice 10, Redis for the cache and the queue), it measures:

1. **the ceiling**: a minimal signed-in page (`/_plafon/`, benchmarks/ceiling_urls.py) through every
   middleware of the product, on the same server, closed loop at 16 clients (its throughput) and open loop
   at each rate below (its latency): what the machine gives any page before the page's own work;
2. **filing alone**, open loop: complete drafts submitted at each of `--filing-rates` per second, latency
   until the answer that carries the registry number (the 302 to the confirmation);
3. **the mix**, open loop at each of `--rates`: each arrival is one of the actions below, drawn with these
   shares. The writes (filing, steps, signatures) change the lists and inboxes the reads then show, so
   the cached pages are renewed as in real use:

   residents  catalog     GET  /servicii/                the catalog
              mine        GET  /cereri/                  their requests
              request     GET  /cereri/<id>/             one of their requests
              file        POST /cereri/<id>/verificare/  a complete draft filed (10% of all arrivals)
   officials  inbox       GET  /birou/                   their department's inbox
              office      GET  /birou/cereri/<id>/       a request of their department
              step        POST /birou/pasi/<id>/         a step of a process finished (checks, opinions,
                                                        approvals: "favorabil" / "aprobat")
              sign        POST /birou/cereri/<id>/       the answer signed by the signer whose turn it is
                                                        (PAdES, timestamped); the last signature issues it

Arrivals follow a Poisson process scheduled in advance; a pool of client threads sends each at its time,
and latency is counted from the scheduled time, so a slow server cannot slow the load down and hide its own
queue (the delay between the scheduled time and the send is reported too). After each rate the outbox
worker's backlog is reported and awaited before the next rate. Results: a Markdown table on stdout and
benchmarks/results/open-<date>.json.
"""

import argparse
import http.client
import json
import os
import queue
import random
import sys
import threading
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as common  # noqa: E402 - the closed-loop benchmark's server, CPU meter and helpers

ROOT = common.ROOT
HOST, PORT = common.HOST, common.PORT
MIX = {"catalog": 12, "mine": 20, "request": 18, "file": 10, "inbox": 15, "office": 12, "step": 9, "sign": 4}
PAGE_TARGET_MS, FILING_TARGET_MS, FILING_ALONE_TARGET_MS = 100, 100, 50
log = common.log


# --- what the users will do: prepared through the domain, as they would have done it --------------------------


def verified_session(user) -> str:
    """A signed-in session as after the login form (and, for an official, their second factor)."""
    from django.contrib.sessions.backends.db import SessionStore

    key = common.new_session(user)
    session = SessionStore(session_key=key)
    session["primaria_login"] = {"method": "password", "loa": "scăzut", "at": datetime.now().isoformat()}
    session.save()
    return key


class Pool:
    """Items handed out once each, thread-safe; `put` returns one (a request whose next signer may sign)."""

    def __init__(self, items=()):
        self.items = list(items)
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            return self.items.pop() if self.items else None

    def put(self, item):
        with self.lock:
            self.items.insert(0, item)

    def __len__(self):
        return len(self.items)


def residents(rnd, count):
    """Applicants with at least one filed request: their sessions and their requests' ids."""
    from django.db.models import Max

    from primaria.requests.models import Request, Status

    top = Request.objects.aggregate(top=Max("pk"))["top"]
    found = defaultdict(list)
    for user_id, public_id in (Request.objects.filter(pk__in=rnd.sample(range(1, top + 1), count * 4),
                                                          applicant__user__isnull=False)
                                   .exclude(status=Status.DRAFT)
                                   .values_list("applicant__user_id", "public_id")):
        found[user_id].append(str(public_id))
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(list(found)[:count])
    return [(verified_session(user), found[pk]) for pk, user in users.items()]


def drafts(rnd, count):
    """Complete drafts of applicants, through start_draft + save_draft, each with its owner's session."""
    from django.contrib.auth import get_user_model

    from primaria.accounts.models import Party, PartyKind
    from primaria.catalog.models import Service
    from primaria.requests import services

    applicants = list(Party.objects.filter(kind=PartyKind.PERSON, user__email__startswith="bench",
                                           user__email_verified=True).values_list("user_id", flat=True)[:20000])
    owners = get_user_model().objects.in_bulk(rnd.sample(applicants, min(len(applicants), max(1, count // 3))))
    catalog = list(Service.objects.filter(slug__in=common.DRAFT_SERVICES, active=True))
    answers = {s.pk: common.valid_answers(s) for s in catalog}
    sessions, made = {}, []
    for _ in range(count):
        user = owners[rnd.choice(list(owners))]
        service = rnd.choice(catalog)
        draft = services.start_draft(actor=user, party=user.person, service=service)
        services.save_draft(actor=user, request_id=draft.pk, answers=answers[service.pk])
        if user.pk not in sessions:
            sessions[user.pk] = verified_session(user)
        made.append((str(draft.public_id), sessions[user.pk], draft.pk))
    return made


def officials():
    """The heads and specialists of the departments that handle requests, with a session each."""
    from primaria.institutions.models import Position, Role

    users = {p.user_id: p.user for p in Position.objects.filter(active=True, role__in=[Role.HEAD, Role.SPECIALIST])
             .select_related("user")}
    return {pk: (user, verified_session(user)) for pk, user in users.items()}


def office_pages(rnd, staff, per_official=40):
    from primaria.core import rules
    from primaria.requests.models import OPEN_STATUSES

    pages = []
    for user, session in staff.values():
        ids = list(rules.official_requests(user).filter(status__in=OPEN_STATUSES)
                   .order_by("-pk").values_list("public_id", flat=True)[:400])
        pages += [(session, str(public_id)) for public_id in rnd.sample(ids, min(per_official, len(ids)))]
    return pages


STEP_OUTCOMES = {"opinion": "favorabil", "approval": "aprobat"}


def filed(rnd, count):
    """Requests filed through the domain, their processes started by the outbox (run here, now)."""
    from primaria.outbox import runner
    from primaria.requests import services
    from primaria.requests.models import Request

    made = []
    for public_id, _session, pk in drafts(rnd, count):
        services.submit(actor=Request.objects.select_related("applicant__user").get(pk=pk).applicant.user,
                        request_id=pk)
        made.append((public_id, pk))
    runner.drain()
    return made


def next_step(request_pk, staff, sessions):
    """The first ready step of the request's process and the session of an official who may finish it now."""
    from primaria.workflow import services as workflow
    from primaria.workflow.models import HUMAN_KINDS, WorkflowTask

    for task in (WorkflowTask.objects.filter(request_id=request_pk, status=WorkflowTask.Status.READY,
                                             kind__in=list(HUMAN_KINDS)).select_related("request").order_by("pk")):
        for user, session in staff.values():
            if workflow.may_complete(user, task):
                return (session, task.pk, STEP_OUTCOMES.get(task.kind, ""), request_pk)
    return None


def steps(rnd, staff, count):
    """Ready steps of processes started for freshly filed requests (about three steps each), each with an
    official who may finish it; a finished step's request comes back with its next step between rates."""
    chosen = []
    for _public_id, pk in filed(rnd, count // 3 + 1):
        item = next_step(pk, staff, {})
        if item:
            chosen.append(item)
    return chosen


def answers_to_sign(rnd, count, staff):
    """Filed requests taken through their process up to the answer, drafted and waiting for signatures."""
    from primaria.core import rules
    from primaria.outbox import runner
    from primaria.requests import services
    from primaria.requests.models import Request, Status
    from primaria.workflow import services as workflow
    from primaria.workflow.models import WorkflowTask

    people = [user for user, _session in staff.values()]
    ready = []
    for public_id, pk in filed(rnd, count):
        for _round in range(12):
            runner.drain()
            request = Request.objects.get(pk=pk)
            if request.status == Status.PENDING_APPROVAL:
                ready.append(public_id)
                break
            proposer = next((u for u in people if rules.can(u, request, "propose")), None)
            if proposer:
                services.propose(actor=proposer, request_id=pk, outcome="granted",
                                 resolution="Cererea a fost analizată și se admite.")
                continue
            step = next_step(pk, staff, {})
            if step:
                _session, task_id, outcome, _pk = step
                actor = next(u for u in people if workflow.may_complete(u, WorkflowTask.objects.get(pk=task_id)))
                workflow.complete_step(actor=actor, task_id=task_id, outcome=outcome)
                continue
            taker = next((u for u in people if rules.can(u, request, "take")), None)
            if taker:
                services.assign(actor=taker, request_id=pk, assignee=taker)
                continue
            break
    runner.drain()
    return ready


def signer_session(public_id, sessions):
    """The session of the signer whose turn it is on the request's answer (None when it is issued)."""
    from primaria.documents.models import SignatureStep

    step = (SignatureStep.objects.filter(document__request__public_id=public_id, status=SignatureStep.Status.CURRENT,
                                         document__status="signing").values_list("signer_id", flat=True).first())
    if step is None:
        return None
    if step not in sessions:
        from django.contrib.auth import get_user_model

        sessions[step] = verified_session(get_user_model().objects.get(pk=step))
    return sessions[step]


# --- the actions ------------------------------------------------------------------------------------------------


def actions(prepared, rnd, token):
    """name -> function returning (method, path, headers, body, check, after) or None (nothing left to do)."""
    rnd_lock = threading.Lock()

    def choice(items):
        with rnd_lock:
            return rnd.choice(items)

    def get(path, session):
        return "GET", path, {"Cookie": f"sessionid={session}"}, None, (lambda status, location: status == 200), None

    def post(path, session, fields, check, after=None):
        body = urlencode(fields).encode()
        return ("POST", path, {"Cookie": f"sessionid={session}; csrftoken={token}", "X-CSRFToken": token,
                               "Content-Type": "application/x-www-form-urlencoded",
                               "Content-Length": str(len(body))}, body, check, after)

    people, staff_sessions = prepared["residents"], [s for _u, s in prepared["officials"].values()]

    def catalog():
        return get("/servicii/", choice(people)[0])

    def mine():
        return get("/cereri/", choice(people)[0])

    def request_page():
        session, ids = choice(people)
        return get(f"/cereri/{choice(ids)}/", session)

    def file():
        draft = prepared["drafts"].take()
        if draft is None:
            return None
        public_id, session, _pk = draft
        return post(f"/cereri/{public_id}/verificare/", session, {},
                    lambda status, location: status == 302 and "/confirmare/" in location)

    def inbox():
        return get("/birou/", choice(staff_sessions))

    def office():
        session, public_id = choice(prepared["office_pages"])
        return get(f"/birou/cereri/{public_id}/", session)

    def step():
        item = prepared["steps"].take()
        if item is None:
            return None
        session, task_id, outcome, request_pk = item
        prepared["steps_sent"].append(task_id)
        prepared["steps_next"].append(request_pk)
        return post(f"/birou/pasi/{task_id}/", session, {"outcome": outcome, "note": ""},
                    lambda status, location: status == 302)

    def sign():
        item = prepared["to_sign"].take()
        if item is None:
            return None
        public_id, session = item

        def after(ok):
            if ok:
                prepared["signed"].append(public_id)
            prepared["to_sign_next"].append(public_id)  # its next signer's turn, looked up between rates

        return post(f"/birou/cereri/{public_id}/", session, {"action": "sign"},
                    lambda status, location: status == 302 and public_id in location, after)

    return {"catalog": catalog, "mine": mine, "request": request_page, "file": file, "inbox": inbox,
            "office": office, "step": step, "sign": sign}


def refill_steps(prepared):
    """Requests whose step was finished during the last rate go back to the pool with their next step."""
    for request_pk in prepared["steps_next"]:
        item = next_step(request_pk, prepared["officials"], {})
        if item:
            prepared["steps"].put(item)
    prepared["steps_next"].clear()


def refill_signatures(prepared):
    """Requests signed during the last rate go back to the pool with their next signer (if any is left)."""
    for public_id in prepared["to_sign_next"]:
        session = signer_session(public_id, prepared["signer_sessions"])
        if session:
            prepared["to_sign"].put((public_id, session))
    prepared["to_sign_next"].clear()


# --- the open-loop generator ------------------------------------------------------------------------------------


def open_loop(make, pick, rate, seconds, rnd, threads=96, port=PORT):
    """Send `make[pick()]()` at Poisson arrival times of `rate` per second for `seconds`.

    Returns one record per arrival: (action, scheduled, sent, done, ok, detail), times relative to the start.
    """
    arrivals, t = [], 0.0
    while True:
        t += rnd.expovariate(rate)
        if t >= seconds:
            break
        arrivals.append((t, pick()))
    work = queue.SimpleQueue()
    records, lock = [], threading.Lock()
    start = time.perf_counter() + 0.3

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        mine = []
        while True:
            item = work.get()
            if item is None:
                break
            offset, name = item
            request = make[name]()
            if request is None:
                mine.append((name, offset, None, None, False, "nothing left to do"))
                continue
            method, path, headers, body, check, after = request
            sent = time.perf_counter() - start
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                ok = check(response.status, response.getheader("Location", ""))
                detail = "" if ok else f"{method} {path} -> {response.status} {payload[:160]!r}"
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                ok, detail = False, f"{method} {path}: {type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=120)
            done = time.perf_counter() - start
            if after:
                after(ok)
            mine.append((name, offset, sent, done, ok, detail))
        conn.close()
        with lock:
            records.extend(mine)

    pool = [threading.Thread(target=client, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for offset, name in arrivals:
        delay = start + offset - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        work.put((offset, name))
    for _ in pool:
        work.put(None)
    for thread in pool:
        thread.join()
    return records


def summarize(records, seconds):
    rows = {}
    by_action = defaultdict(list)
    for record in records:
        by_action[record[0]].append(record)
    for name, items in sorted(by_action.items()):
        answered = [r for r in items if r[3] is not None]
        latencies = [1000 * (r[3] - r[1]) for r in answered if r[4]]
        delays = [1000 * (r[2] - r[1]) for r in answered]
        rows[name] = {
            "arrivals": len(items), "ok": len(latencies), "errors": sum(1 for r in answered if not r[4]),
            "skipped": sum(1 for r in items if r[3] is None), "per_second": round(len(items) / seconds, 1),
            "p50_ms": _pct(latencies, 50), "p90_ms": _pct(latencies, 90), "p99_ms": _pct(latencies, 99),
            "max_ms": round(max(latencies), 1) if latencies else None,
            "send_delay_p99_ms": _pct(delays, 99),
            "error_samples": [r[5] for r in answered if not r[4]][:2],
        }
    return rows


def _pct(values, q):
    value = common.percentile(values, q)
    return round(value, 1) if value is not None else None


# --- outbox backlog -----------------------------------------------------------------------------------------------


def backlog() -> int:
    from django.db.models import Q
    from django.utils import timezone

    from primaria.outbox.models import Delivery

    # Due work only: a delivery that failed and waits for its retry later is not work the worker could do now.
    due = Q(status=Delivery.Status.PENDING, available_at__lte=timezone.now()) | Q(status=Delivery.Status.RUNNING)
    return Delivery.objects.filter(due).count()


def failed() -> int:
    from primaria.outbox.models import Delivery

    return Delivery.objects.filter(status=Delivery.Status.FAILED).count()


def wait_for_worker(max_wait):
    """Seconds until the worker has carried out every due delivery (None if it did not within max_wait)."""
    started = time.monotonic()
    while time.monotonic() - started < max_wait:
        if not backlog():
            return round(time.monotonic() - started, 1)
        time.sleep(1)
    return None


# --- main -----------------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="50,100,200,300", help="arrivals per second of the mix")
    parser.add_argument("--filing-rates", default="25,50", help="arrivals per second of filing alone")
    parser.add_argument("--seconds", type=float, default=40, help="measured time per rate")
    parser.add_argument("--warmup", type=float, default=5, help="discarded warm-up before each rate")
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--clients", type=int, default=96, help="client threads of the load generator")
    parser.add_argument("--only", default="ceiling,filing,mix")
    parser.add_argument("--drain-wait", type=float, default=600)
    parser.add_argument("--var-dir", default=None)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the seeded PostgreSQL database (see benchmarks/seed.py).")
    var_dir, env = common.prepare_processes(args.var_dir)
    rnd = random.Random(args.seed)
    rates = [float(r) for r in args.rates.split(",") if r]
    filing_rates = [float(r) for r in args.filing_rates.split(",") if r]
    only = set(args.only.split(","))
    span = args.seconds + args.warmup
    need = {name: int(share / 100 * sum(rates) * span * 1.15) + 20 for name, share in MIX.items()} if "mix" in only else {}
    filing_need = int(sum(filing_rates) * span * 1.1) + 20 if "filing" in only else 0
    info = common.machine()
    log(f"dataset: {info['dataset']}")

    log(f"preparing {args.residents} residents and the officials' sessions")
    prepared = {"residents": residents(rnd, args.residents), "officials": officials(),
                "steps_sent": [], "steps_next": [], "signed": [], "to_sign_next": [], "signer_sessions": {}}
    prepared["office_pages"] = office_pages(rnd, prepared["officials"])
    log(f"  {len(prepared['residents'])} residents, {len(prepared['officials'])} officials, "
        f"{len(prepared['office_pages'])} office pages")
    started = time.monotonic()
    prepared["drafts"] = Pool(drafts(rnd, need.get("file", 0) + filing_need))
    log(f"  {len(prepared['drafts'])} complete drafts in {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    prepared["steps"] = Pool(steps(rnd, prepared["officials"], need.get("step", 0)))
    log(f"  {len(prepared['steps'])} ready steps with an official who may finish each, {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    signing = answers_to_sign(rnd, need.get("sign", 0) // 2 + 1, prepared["officials"]) if "mix" in only else []
    prepared["to_sign"] = Pool()
    prepared["to_sign_next"] = list(signing)
    refill_signatures(prepared)
    log(f"  {len(prepared['to_sign'])} answers waiting for a signature, {time.monotonic() - started:.0f} s")
    log("VACUUM ANALYZE")
    common.vacuum()

    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(exist_ok=True)
    out = results_dir / f"open-{datetime.now():%Y%m%d-%H%M%S}.json"
    report = {"machine": info, "args": vars(args), "mix": MIX, "ceiling": {}, "filing": {}, "mix_results": {}}
    worker = server = None
    token = common.csrf_token()
    ceiling_session = prepared["residents"][0][0]
    make = actions(prepared, rnd, token)
    make["ceiling"] = lambda: ("GET", "/_plafon/", {"Cookie": f"sessionid={ceiling_session}"}, None,
                               (lambda status, location: status == 200), None)
    try:
        worker = common.start_task_worker(env, Path(var_dir) / "worker.log")
        time.sleep(5)
        log(f"worker caught up in {wait_for_worker(args.drain_wait)} s")
        server = common.start_server(env, Path(var_dir) / "server.log", port=PORT, threads=args.threads,
                                     workers=args.gunicorn_workers, worker_class=args.worker_class)
        pids = common.process_tree(server.pid)

        def measure(label, pick, rate):
            busy = common.wait_for_quiet(60)
            open_loop(make, pick, rate, args.warmup, rnd, args.clients)
            with common.CpuMeter(pids, [worker.pid]) as meter:
                records = open_loop(make, pick, rate, args.seconds, rnd, args.clients)
            row = {"rate": rate, "actions": summarize(records, args.seconds), "cpu": meter.result,
                   "machine_busy_before_pct": busy, "backlog_after": backlog()}
            row["worker_caught_up_s"] = wait_for_worker(args.drain_wait)
            row["failed_deliveries"] = failed()
            every = [r for r in records if r[3] is not None and r[4]]
            row["all_p99_ms"] = _pct([1000 * (r[3] - r[1]) for r in every], 99)
            log(f"{label} {rate:>5.0f}/s  " + "  ".join(
                f"{name} p50={a['p50_ms']} p99={a['p99_ms']} err={a['errors']}" for name, a in row["actions"].items())
                + f"  cpu={meter.result} backlog={row['backlog_after']} caught up in {row['worker_caught_up_s']} s")
            return row

        if "ceiling" in only:
            scenario = common.Scenario("ceiling", lambda: ("GET", "/_plafon/",
                                                           {"Cookie": f"sessionid={ceiling_session}"}, None), 200)
            common.run_load(scenario, 16, 3)
            with common.CpuMeter(pids) as meter:
                latencies, errors, wall = common.run_load(scenario, 16, 20)
            report["ceiling"]["closed_16"] = {**common.summarize("ceiling", 16, latencies, errors, wall),
                                              "cpu": meter.result}
            log(f"ceiling, closed loop at 16 clients: {report['ceiling']['closed_16']}")
            for rate in rates:
                report["ceiling"][str(rate)] = measure("ceiling", lambda: "ceiling", rate)
                out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
        if "filing" in only:
            for rate in filing_rates:
                report["filing"][str(rate)] = measure("filing", lambda: "file", rate)
                out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
        if "mix" in only:
            names, weights = list(MIX), list(MIX.values())
            pick_rnd = random.Random(args.seed + 1)
            for rate in rates:
                refill_signatures(prepared)
                refill_steps(prepared)
                report["mix_results"][str(rate)] = measure(
                    "mix", lambda: pick_rnd.choices(names, weights)[0], rate)
                out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
            report["steps_done"] = steps_done(prepared["steps_sent"])
            report["signatures_stored"] = len(prepared["signed"])
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
        for process in (server, worker):
            if process is not None:
                process.wait(timeout=30)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(markdown(report))
    log(f"saved {out}")


def steps_done(task_ids):
    from primaria.workflow.models import WorkflowTask

    done = WorkflowTask.objects.filter(pk__in=task_ids, status=WorkflowTask.Status.COMPLETED).count()
    return {"sent": len(task_ids), "completed": done}


def markdown(report):
    lines = []
    closed = report["ceiling"].get("closed_16")
    if closed:
        lines.append(f"Ceiling (`/_plafon/`, closed loop, 16 clients): {closed['rps']} req/s, p99 {closed['p99_ms']} ms\n")
    for title, section in (("ceiling", report["ceiling"]), ("filing alone", report["filing"]),
                           ("mix", report["mix_results"])):
        rows = [(rate, row) for rate, row in section.items() if rate != "closed_16"]
        if not rows:
            continue
        lines.append(f"\n{title}\n\n| rate/s | action | arrivals/s | p50 ms | p99 ms | errors | send delay p99 ms | "
                     "CPU % web / worker / pg / loadgen | backlog → caught up s |")
        lines.append("|---:|---|---:|---:|---:|---:|---:|---|---|")
        for rate, row in rows:
            c = row["cpu"]
            for name, a in row["actions"].items():
                lines.append(f"| {rate} | {name} | {a['per_second']} | {a['p50_ms']} | {a['p99_ms']} | "
                             f"{a['errors']}{'+' + str(a['skipped']) + ' skipped' if a['skipped'] else ''} | "
                             f"{a['send_delay_p99_ms']} | {c['server_cpu_pct']} / {c['worker_cpu_pct']} / "
                             f"{c['postgres_cpu_pct']} / {c['loadgen_cpu_pct']} | {row['backlog_after']} → "
                             f"{row['worker_caught_up_s']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
