"""Fault scripts: residents file requests at a steady rate while a part of the deployment fails, then nothing
acknowledged may be missing and nothing a filing implies may be left undone.

    nice -n 10 .venv/bin/python benchmarks/faults.py broker --rate 4 --seconds 60
    nice -n 10 .venv/bin/python benchmarks/faults.py --all

Each scenario starts its own production-shaped deployment (as scripts/run-production.sh does): PostgreSQL on
its own database (`primaria_faults`, dropped and made again; a name without "faults" is refused), Redis on
its own database number, an S3 API (moto), the local SMTP mailbox, gunicorn with several sync workers and two
huey workers, on free ports. The shared cache and the task queue each go through a small TCP proxy
(benchmarks/faults_settings.py), so that either can be cut alone.

Scenarios (the fault starts at a third of the run):

  web       SIGKILL one gunicorn worker, then the master; the master is started again as systemd would
            (KillMode=mixed, Restart=on-failure: what is left of the group is stopped, then a new master)
  worker    SIGKILL each huey worker while it carries out a delivery, started again 2 s later (Restart=always)
  database  every connection to the database ended with pg_terminate_backend, three times, 4 s apart
  cache     the shared cache unreachable for a third of the run (its proxy closed), then back
  broker    the task queue unreachable for a third of the run (its proxy closed), then back

The load is open loop: filings arrive as a Poisson process at --rate per second whatever the answers (each
one three requests, as in a browser: start the draft, save the answers with a photo and a PDF, submit), and
reads (the resident's requests, the catalog) at twice that rate. A filing counts as acknowledged when the
submit answers with the redirect to its confirmation; its registration number is then read from that page.

After the load the workers are given --drain seconds to finish, then the script prints what was acknowledged,
what the database holds under those numbers, what is missing (must be 0), duplicate numbers (must be 0), for
every outbox handler the effects recorded and done (missing must be 0), the mails in the mailbox, the failed
requests by status, and latency before, during and after the fault. It exits with 1 when anything
acknowledged or any effect is missing. Results: benchmarks/results/faults-<scenario>-<date>.json.
"""

import argparse
import faulthandler
import io
import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_PY = ROOT / ".venv" / "bin" / "python"
PY = str(VENV_PY) if VENV_PY.exists() else sys.executable
TEMPLATE_DATABASE = "primaria_faults_template"
SCENARIOS = ["web", "worker", "database", "cache", "broker"]
SERVICES = ["sesizare", "petitie"]  # filed with a photo (or an annex) and a PDF of evidence
SERVER_ENV = {
    "PRIMARIA_DEBUG": "0", "PRIMARIA_TASKS_IMMEDIATE": "0", "PRIMARIA_LOG_LEVEL": "WARNING",
    # The load generator is one address standing for many residents: the per-address limits are off.
    "PRIMARIA_RATE_LIMITS": "sign_in=0,sign_up=0,mail=0,verification=0,search=0,queue_ticket=0,report=0",
    "PRIMARIA_NETOPIA_SANDBOX": "1", "AWS_ACCESS_KEY_ID": "primaria-local",
    "AWS_SECRET_ACCESS_KEY": "primaria-local-secret", "PRIMARIA_S3_BUCKET": "primaria-documente",
    "PRIMARIA_S3_REGION": "eu-central-1",
}
# The sweep hands out due deliveries nobody took once a minute, those due for 30 s: a delayed handler's
# delivery may wait that long after it is due before it is missing.
SWEEP_LAG = timedelta(seconds=100)
REFERENCE = re.compile(rb'data-testid="registration-number">\s*([^<\s]+)')


def log(message):
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a TCP proxy that can be cut ------------------------------------------------------------------------------


class Proxy:
    """Forwards a local port to Redis. `cut()` closes the port and every connection through it (clients then
    see "connection refused", as with a Redis that is down); `restore()` opens it again."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets: set = set()
        self.listener = None
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(256)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        with self.lock:
            self.listener.close()
            for s in list(self.sockets):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        with self.lock:
            self.sockets.discard(source)
            self.sockets.discard(sink)


# --- the deployment -------------------------------------------------------------------------------------------


class Stack:
    def __init__(self, args):
        if "faults" not in args.database:
            sys.exit(f"Baza de date „{args.database}” nu conține „faults” în nume: scriptul o șterge, refuz.")
        self.args = args
        self.var_dir = Path(args.var_dir).resolve()
        self.port, self.s3_port, self.mail_port = free_port(), free_port(), free_port()
        self.cache_proxy, self.queue_proxy = Proxy(args.redis_port), Proxy(args.redis_port)
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
        self.env = {**os.environ, **SERVER_ENV,
                    "DJANGO_SETTINGS_MODULE": "benchmarks.faults_settings",
                    "DATABASE_URL": self.database_url, "PRIMARIA_VAR_DIR": str(self.var_dir),
                    "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/{args.redis_db}",
                    "FAULTS_CACHE_URL": f"redis://127.0.0.1:{self.cache_proxy.port}/{args.redis_db}",
                    "FAULTS_QUEUE_URL": f"redis://127.0.0.1:{self.queue_proxy.port}/{args.redis_db}",
                    "PRIMARIA_S3_ENDPOINT": f"http://127.0.0.1:{self.s3_port}",
                    "PRIMARIA_EMAIL_PORT": str(self.mail_port), "PRIMARIA_SITE_URL": self.url,
                    "PRIMARIA_SECRET_KEY": "faults-" + "x" * 50,
                    "PROMETHEUS_MULTIPROC_DIR": str(self.var_dir / "metrics")}
        self.env.pop("PRIMARIA_EMAIL_BACKEND", None)  # real SMTP, to the mailbox, so the mails can be counted
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs = self.var_dir / "logs"

    # starting ---------------------------------------------------------------------------------------------

    def spawn(self, name, command):
        out = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - kept by the process
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        return self.processes[name]

    def manage(self, *command, timeout=600):
        result = subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=self.env, capture_output=True,
                                text=True, timeout=timeout)
        if result.returncode:
            sys.exit(f"manage.py {' '.join(command)} a eșuat:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")

    def fingerprint(self) -> str:
        """What the prepared state depends on: the migrations and the demo city's code."""
        import hashlib

        digest = hashlib.blake2b(digest_size=8)
        for path in sorted([*ROOT.glob("primaria/*/migrations/0*.py"), *ROOT.glob("primaria/demo/*.py"),
                            *ROOT.glob("primaria/*/demo.py"), *ROOT.glob("primaria/signing/**/*.py")]):
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
        return digest.hexdigest()

    def sql(self, statement):
        import psycopg

        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as connection:
            return connection.execute(statement).fetchall() if statement.startswith("SELECT") else \
                connection.execute(statement)

    def prepare(self):
        """A fresh database, var directory and bucket, as after migrate, the demo PKI and the demo city. The first
        time they are made and kept as a template (a PostgreSQL template database, a copy of the var directory
        and of the bucket); the next runs with the same code start from a copy of it in seconds."""
        import shutil

        import redis

        started = time.monotonic()
        shutil.rmtree(self.var_dir, ignore_errors=True)
        template, kept = TEMPLATE_DATABASE, Path(self.args.template_dir).resolve()
        fresh = not (kept / self.fingerprint()).exists() or not self.sql(
            f"SELECT 1 FROM pg_database WHERE datname = '{template}'")
        self.sql(f'DROP DATABASE IF EXISTS "{self.args.database}" WITH (FORCE)')
        redis.Redis(port=self.args.redis_port, db=self.args.redis_db).flushdb()
        self.var_dir.mkdir(parents=True)
        self.spawn_s3()
        if fresh:
            self.sql(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            self.sql(f'CREATE DATABASE "{self.args.database}"')
            self.manage("migrate", "--no-input", "-v0")
            self.manage("collectstatic", "--no-input", "-v0")
            self.manage("create_demo_pki", "--with-demo-city")
            # The demo city's institutions, officials, residents and catalog, and the filing plan archiving needs.
            self.manage("shell", "-c", "from primaria.demo.loader import load_demo_city; "
                                       "from primaria.archive.demo import load_nomenclator; "
                                       "load_nomenclator(load_demo_city())")
            self.sql(f'CREATE DATABASE "{template}" TEMPLATE "{self.args.database}"')
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(self.var_dir, kept / "var", ignore=shutil.ignore_patterns("logs"))
            self.bucket_copy(kept / "bucket", save=True)
            (kept / self.fingerprint()).touch()
        else:
            self.sql(f'CREATE DATABASE "{self.args.database}" TEMPLATE "{template}"')
            shutil.copytree(kept / "var", self.var_dir, dirs_exist_ok=True)
            self.bucket_copy(kept / "bucket", save=False)
        for name in ("mail", "metrics"):
            shutil.rmtree(self.var_dir / name, ignore_errors=True)
            (self.var_dir / name).mkdir()
        log(f"database {self.args.database} ready in {time.monotonic() - started:.0f}s"
            + (" (made, kept as the template of the next runs)" if fresh else " (from the template)"))

    def spawn_s3(self):
        self.logs.mkdir(parents=True, exist_ok=True)
        self.spawn("s3", [str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)])
        subprocess.run([PY, "-c", "import sys; sys.path.insert(0, 'scripts'); import prepare_production; "
                            "prepare_production.bucket()"], cwd=ROOT, env=self.env, check=True, capture_output=True)

    def bucket_copy(self, folder: Path, *, save: bool):
        """The files the preparation stored (the S3 stand-in keeps them in its memory only)."""
        import boto3

        client = boto3.client("s3", endpoint_url=self.env["PRIMARIA_S3_ENDPOINT"], region_name="eu-central-1",
                              aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
                              aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"])
        bucket = self.env["PRIMARIA_S3_BUCKET"]
        if save:
            folder.mkdir(parents=True, exist_ok=True)
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for item in page.get("Contents", []):
                    target = folder / item["Key"]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    client.download_file(bucket, item["Key"], str(target))
        else:
            for path in folder.rglob("*"):
                if path.is_file():
                    client.put_object(Bucket=bucket, Key=str(path.relative_to(folder)), Body=path.read_bytes())

    def start(self):
        self.spawn("mailbox", [PY, "manage.py", "mailbox", "--port", str(self.mail_port)])
        for n in (1, 2):
            self.start_worker(n)
        self.start_web()
        self.wait_ready()
        self.warm_up()

    def start_worker(self, n):
        periodic = [] if n == 1 else ["--no-periodic"]
        return self.spawn(f"worker{n}", [PY, "manage.py", "run_huey", "--workers", "4", "--worker-type", "thread",
                                         *periodic])

    def start_web(self):
        return self.spawn("web", [PY, "-m", "gunicorn", "--config", "python:config.gunicorn", "--bind",
                                  f"127.0.0.1:{self.port}", "--workers", str(self.args.web_workers),
                                  "--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "20",
                                  "config.wsgi:application"])

    def warm_up(self):
        """Every web process imports its views on its first requests: done before the measured load."""
        import requests

        for _ in range(4 * self.args.web_workers):
            for path in ("/", "/servicii/", "/cereri/"):
                try:
                    requests.get(self.url + path, timeout=30)
                except requests.RequestException:
                    pass

    def wait_listening(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if not s.connect_ex(("127.0.0.1", self.port)):
                    return time.monotonic()
            time.sleep(0.05)
        raise RuntimeError("the web processes did not listen")

    def wait_ready(self, seconds=120):
        import requests

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/sanatate/pregatit/", timeout=2).status_code == 200:
                    return time.monotonic()
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError("the web processes did not become ready")

    def web_workers(self) -> list[int]:
        import psutil

        try:
            return [c.pid for c in psutil.Process(self.processes["web"].pid).children()]
        except psutil.NoSuchProcess:
            return []

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.cache_proxy.cut()
        self.queue_proxy.cut()


# --- the residents -------------------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Dovada situației sesizate – document de test.</p>").write_pdf()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 90, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def residents_and_forms():
    """Signed-in sessions of the demo residents and, for each service filed, valid answers and the file fields."""
    from django.contrib.auth import get_user_model

    from benchmarks.open_loop import verified_session
    from benchmarks.run import valid_answers
    from primaria.catalog.models import FieldKind, Service
    from primaria.demo.loader import RESIDENTS

    users = get_user_model().objects.filter(email__in=[r[0] for r in RESIDENTS])
    sessions = [verified_session(user) for user in users]
    forms = {}
    for service in Service.objects.filter(slug__in=SERVICES, active=True):
        files = [f.name for f in service.fields.all() if f.kind == FieldKind.FILE]
        files += [f"doc_{required.pk}" for required in service.required_documents.all()]
        forms[service.slug] = (valid_answers(service), files)
    return sessions, forms


class Load:
    """Open-loop filings and reads; every outcome recorded with its scheduled time."""

    def __init__(self, url, sessions, forms, rate, seconds, seed=7):
        from django.middleware.csrf import _get_new_csrf_string

        self.url, self.sessions, self.forms = url, sessions, forms
        self.token = _get_new_csrf_string()
        self.files = {"png": png_bytes(), "pdf": pdf_bytes()}
        rnd = random.Random(seed)
        self.plan = []
        for kind, per_second in (("file", rate), ("read", 2 * rate)):
            t = rnd.expovariate(per_second)
            while t < seconds:
                self.plan.append((t, kind, rnd.random()))
                t += rnd.expovariate(per_second)
        self.plan.sort()
        self.results, self.lock = [], threading.Lock()
        self.local = threading.local()

    def http(self):
        import requests

        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def headers(self, session_key):
        return {"Cookie": f"sessionid={session_key}; csrftoken={self.token}", "X-CSRFToken": self.token,
                "Referer": self.url + "/"}

    def call(self, method, path, session_key=None, **kwargs):
        import requests

        started = time.monotonic()
        try:
            response = self.http().request(method, self.url + path, headers=self.headers(session_key) if session_key
                                           else {}, allow_redirects=False, timeout=30, **kwargs)
            return response.status_code, response.headers.get("Location", ""), response.content, \
                time.monotonic() - started
        except requests.RequestException as exc:
            return type(exc).__name__, "", b"", time.monotonic() - started

    def file(self, pick):
        session_key = self.sessions[int(pick * 1000) % len(self.sessions)]
        slug = SERVICES[int(pick * 10) % len(SERVICES)]
        answers, file_fields = self.forms[slug]
        outcome = {"kind": "file", "service": slug}
        status, location, _body, _ = self.call("POST", f"/cereri/noua/{slug}/", session_key)
        match = re.search(r"/cereri/([0-9a-f-]{36})/completare/", location)
        if status != 302 or not match:
            return {**outcome, "step": "start", "status": status}
        public_id = outcome["public_id"] = match.group(1)
        files = {name: (f"{name}.pdf", self.files["pdf"], "application/pdf") if name.startswith("doc_") else
                 (f"{name}.png", self.files["png"], "image/png") for name in file_fields}
        status, location, _body, _ = self.call("POST", f"/cereri/{public_id}/completare/", session_key,
                                               data={**answers, "action": "continue"}, files=files)
        if status != 302 or "/verificare/" not in location:
            return {**outcome, "step": "save", "status": status}
        status, location, _body, seconds = self.call("POST", f"/cereri/{public_id}/verificare/", session_key)
        outcome["submit_seconds"] = seconds
        if status != 302 or "/confirmare/" not in location:
            return {**outcome, "step": "submit", "status": status}
        outcome.update(step="submit", status=status, acknowledged=True, acknowledged_at=time.monotonic())
        status, _location, body, _ = self.call("GET", f"/cereri/{public_id}/confirmare/", session_key)
        found = REFERENCE.search(body) if status == 200 else None
        outcome["reference"] = found.group(1).decode() if found else ""
        return outcome

    def read(self, pick):
        if pick < 0.5:
            status, *_ = self.call("GET", "/cereri/", self.sessions[int(pick * 1000) % len(self.sessions)])
        else:
            status, *_ = self.call("GET", "/servicii/")
        return {"kind": "read", "step": "read", "status": status}

    def probe(self, seconds):
        """The readiness probe a balancer would ask, once a second: which answers it gets."""
        while (at := time.monotonic() - self.origin) < seconds:
            status, *_ = self.call("GET", "/sanatate/pregatit/")
            with self.lock:
                self.results.append({"kind": "probe", "step": "probe", "status": status, "at": at, "seconds": 0})
            time.sleep(max(0.0, 1 - (time.monotonic() - self.origin - at)))

    def run(self, threads=48):
        self.origin = time.monotonic()
        threading.Thread(target=self.probe, args=(self.plan[-1][0] if self.plan else 0,), daemon=True).start()
        position = iter(self.plan)
        taking = threading.Lock()

        def client():
            while True:
                with taking:
                    item = next(position, None)
                if item is None:
                    return
                at, kind, pick = item
                delay = self.origin + at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                outcome = (self.file if kind == "file" else self.read)(pick)
                # Latency from the scheduled time (open loop): a filing until its acknowledgement.
                outcome.update(at=at, seconds=outcome.get("acknowledged_at", time.monotonic()) - self.origin - at)
                with self.lock:
                    self.results.append(outcome)

        pool = [threading.Thread(target=client, daemon=True) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        return self.results


# --- the faults ----------------------------------------------------------------------------------------------


def kill_web(stack, notes):
    import psutil

    victim = stack.web_workers()[0]
    os.kill(victim, signal.SIGKILL)
    notes.append(f"SIGKILL gunicorn worker {victim}")
    time.sleep(5)
    master = stack.processes["web"]
    workers = stack.web_workers()
    os.kill(master.pid, signal.SIGKILL)
    master.wait()
    killed_at = time.monotonic()
    notes.append(f"SIGKILL gunicorn master {master.pid}")
    # systemd, KillMode=mixed: the rest of the group is stopped (SIGTERM, then SIGKILL), then Restart=.
    for pid in workers:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    gone, alive = psutil.wait_procs([p for p in map(_process, workers) if p], timeout=35)
    for process in alive:
        process.kill()
    stopped = time.monotonic()
    time.sleep(0.1)  # RestartSec's default
    stack.start_web()
    listening = stack.wait_listening()
    ready = stack.wait_ready()
    notes.append(f"the old workers gone {stopped - killed_at:.1f}s after the kill (systemd's stop), the new master "
                 f"{stack.processes['web'].pid} listening after {listening - killed_at:.1f}s, its readiness probe "
                 f"answered (behind the queued load) after {ready - killed_at:.1f}s")


def _process(pid):
    import psutil

    try:
        return psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None


def _running_delivery_of(stack, pid, seconds=15):
    import psycopg

    deadline = time.monotonic() + seconds
    with psycopg.connect(stack.database_url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            row = connection.execute("SELECT id, handler FROM outbox_delivery WHERE status = 'running' AND "
                                     "worker LIKE %s LIMIT 1", [f"%:{pid}:%"]).fetchone()
            if row:
                return row
            time.sleep(0.02)
    return None


def kill_worker(stack, notes):
    for n in (1, 2):
        process = stack.processes[f"worker{n}"]
        caught = _running_delivery_of(stack, process.pid)
        process.kill()
        process.wait()
        notes.append(f"SIGKILL huey worker {n} (pid {process.pid}) " +
                     (f"while it carried out delivery {caught[0]} ({caught[1]})" if caught else "(between deliveries)"))
        time.sleep(2)  # Restart=always, RestartSec=2
        stack.start_worker(n)
        time.sleep(3)


def end_connections(stack, notes, rounds=3):
    import psycopg

    for n in range(rounds):
        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as connection:
            ended = connection.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE datname = %s AND pid <> pg_backend_pid()",
                                       [stack.args.database]).fetchone()[0]
        notes.append(f"pg_terminate_backend: {ended} connections ended")
        if n < rounds - 1:
            time.sleep(4)


def cut(proxy_name, seconds):
    def inject(stack, notes):
        proxy = getattr(stack, proxy_name)
        proxy.cut()
        notes.append(f"{proxy_name.replace('_proxy', '')} unreachable for {seconds:.0f}s")
        time.sleep(seconds)
        proxy.restore()
        notes.append(f"{proxy_name.replace('_proxy', '')} reachable again")
    return inject


def fault(name, seconds):
    return {"web": kill_web, "worker": kill_worker, "database": end_connections,
            "cache": cut("cache_proxy", seconds / 3), "broker": cut("queue_proxy", seconds / 3)}[name]


# --- what the database holds ----------------------------------------------------------------------------------


def drain(started_at, seconds, *, quick=False):
    """Wait until every delivery of the run is done (the sweep hands out what the queue lost once a minute);
    `quick`: not for those left to the sweep whose turn has not come (never tried, due less than SWEEP_LAG ago)."""
    from django.db import connection
    from django.db.models import Q
    from django.utils import timezone

    from primaria.outbox.models import Delivery

    deadline = time.monotonic() + seconds
    while True:
        open_ = Delivery.objects.filter(created_at__gte=started_at).exclude(
            status__in=[Delivery.Status.DONE, Delivery.Status.FAILED])
        if quick:
            open_ = open_.exclude(Q(status=Delivery.Status.PENDING, attempts=0,
                                    available_at__gt=timezone.now() - SWEEP_LAG))
        left = open_.count()
        if not left or time.monotonic() > deadline:
            connection.close()
            return left
        time.sleep(2)


def verify(results, started_at, var_dir, quick=False):
    from django.db.models import Count

    from primaria.outbox.models import Delivery
    from primaria.outbox.services import HANDLERS
    from primaria.registry.models import RegistryEntry
    from primaria.requests.models import Request, Status

    acknowledged = {r["public_id"]: r.get("reference", "") for r in results if r.get("acknowledged")}
    stored = {str(pk): (ref, status) for pk, ref, status in Request.objects.filter(public_id__in=list(acknowledged))
              .exclude(status=Status.DRAFT).filter(registry_entry__isnull=False)
              .values_list("public_id", "registry_entry__number", "status")}
    entries = {str(r.public_id): r.reference for r in Request.objects.filter(public_id__in=list(stored))
               .select_related("registry_entry")}
    wrong_number = [pk for pk, ref in acknowledged.items() if ref and pk in entries and entries[pk] != ref]
    started_ids = {r["public_id"] for r in results if r.get("public_id")}
    filed_unacknowledged = (Request.objects.filter(public_id__in=list(started_ids - set(acknowledged)))
                            .exclude(status=Status.DRAFT).count())
    duplicates = (RegistryEntry.objects.values("institution", "year", "number").annotate(n=Count("pk"))
                  .filter(n__gt=1).count())
    effects = {}
    now = datetime.now().astimezone()
    for handler, status, attempts, available_at in (Delivery.objects.filter(created_at__gte=started_at)
                                                     .values_list("handler", "status", "attempts", "available_at")):
        row = effects.setdefault(handler, Counter())
        row["recorded"] += 1
        spec = HANDLERS.get(handler)
        if status == Delivery.Status.DONE:
            row["done"] += 1
        elif (status == Delivery.Status.PENDING and not attempts and ((spec and spec.delay) or quick)
              and available_at > now - SWEEP_LAG):
            # Left to the periodic sweep (by the handler's delay; with --quick also what the queue lost while
            # it was down), whose turn has not come yet.
            row["scheduled"] += 1
        else:
            row["missing"] += 1
            row[f"missing_{status}"] += 1
    mails = len([p for p in (Path(var_dir) / "mail").rglob("*") if p.is_file()]) if (Path(var_dir) / "mail").exists() else 0
    return {"acknowledged": len(acknowledged), "in_database": len(stored),
            "missing": sorted(set(acknowledged) - set(stored)), "wrong_number": wrong_number,
            "filed_not_acknowledged": filed_unacknowledged, "duplicate_numbers": duplicates,
            "effects": {k: dict(v) for k, v in sorted(effects.items())}, "mails": mails}


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]


def summary(results, window):
    start, end = window
    phases = defaultdict(lambda: defaultdict(list))
    failures = Counter()
    probes = defaultdict(Counter)
    for r in results:
        phase = "before" if r["at"] < start else ("during" if r["at"] < end else "after")
        if r["kind"] == "probe":
            probes[phase][str(r["status"])] += 1
            continue
        if r["kind"] == "file" and r.get("acknowledged"):
            phases[phase]["filing"].append(r["seconds"])
        elif r["kind"] == "read" and r["status"] == 200:
            phases[phase]["read"].append(r["seconds"])
        if not (r.get("acknowledged") or (r["kind"] == "read" and r["status"] == 200)):
            failures[f"{r['step']} {r['status']}"] += 1
    latency = {phase: {kind: {"n": len(v), "p50_ms": round(1000 * percentile(v, 0.5)),
                              "p99_ms": round(1000 * percentile(v, 0.99))} for kind, v in kinds.items()}
               for phase, kinds in phases.items()}
    latency["readiness"] = {phase: dict(counts) for phase, counts in probes.items()}
    return latency, dict(failures)


def report(name, args, info, verified, latency, failures, notes, left):
    missing_effects = sum(row.get("missing", 0) for row in verified["effects"].values())
    lines = [f"## {name} — {args.rate}/s filings for {args.seconds}s, {info['date']}, load average "
             f"{info['load_average']}", "", "Fault: " + "; ".join(notes), "",
             "| filings | count |", "|---|---|"]
    lines += [f"| attempted | {info['filings']} |", f"| acknowledged (number given) | {verified['acknowledged']} |",
              f"| in the database with that number | {verified['in_database']} |",
              f"| **acknowledged but missing** | **{len(verified['missing'])}** |",
              f"| number on the page ≠ number in the database | {len(verified['wrong_number'])} |",
              f"| duplicate registry numbers | {verified['duplicate_numbers']} |",
              f"| filed but not acknowledged (the answer was lost) | {verified['filed_not_acknowledged']} |", "",
              "| effect (outbox handler) | recorded | done | left to the sweep | **missing** |", "|---|---|---|---|---|"]
    for handler, row in verified["effects"].items():
        lines.append(f"| {handler} | {row.get('recorded', 0)} | {row.get('done', 0)} | {row.get('scheduled', 0)} | "
                     f"{row.get('missing', 0)} |")
    lines += [f"| **all** | | | | **{missing_effects}** |", "",
              f"Mails in the mailbox: {verified['mails']}. Deliveries still open at the end of the drain: {left}.", "",
              "Requests that failed (step, status): " + (", ".join(f"{k}: {v}" for k, v in sorted(failures.items()))
                                                         or "none"), "",
              "| phase | filings acknowledged | filing p50 / p99 ms | reads | read p50 / p99 ms | readiness probe |",
              "|---|---|---|---|---|---|"]
    readiness = latency.get("readiness", {})
    for phase in ("before", "during", "after"):
        kinds = latency.get(phase, {})
        f, r = kinds.get("filing", {}), kinds.get("read", {})
        probe = ", ".join(f"{status}: {n}" for status, n in sorted(readiness.get(phase, {}).items())) or "–"
        lines.append(f"| {phase} | {f.get('n', 0)} | {f.get('p50_ms', '–')} / {f.get('p99_ms', '–')} | {r.get('n', 0)} | "
                     f"{r.get('p50_ms', '–')} / {r.get('p99_ms', '–')} | {probe} |")
    print("\n".join(lines), flush=True)
    return not verified["missing"] and not verified["duplicate_numbers"] and not missing_effects


def scenario(name, args) -> bool:
    args.var_dir = str(Path(args.var_dir) / name)  # each scenario's logs stay for reading afterwards
    stack = Stack(args)
    info = {"date": f"{datetime.now():%Y-%m-%d %H:%M}", "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "cores": os.cpu_count()}
    try:
        log(f"{name}: preparing the deployment (database {args.database}, Redis db {args.redis_db})")
        stack.prepare()
        stack.start()
        os.environ.update({k: v for k, v in stack.env.items()})
        import django

        django.setup()
        from django.db import connection
        from django.utils import timezone

        sessions, forms = residents_and_forms()
        started_at = timezone.now()
        connection.close()  # not one of the connections the fault ends
        load = Load(stack.url, sessions, forms, args.rate, args.seconds)
        info["filings"] = sum(1 for item in load.plan if item[1] == "file")
        notes, window = [], [args.seconds / 3, args.seconds / 3]

        def inject():
            time.sleep(args.seconds / 3)
            window[0] = time.monotonic() - load.origin
            fault(name, args.seconds)(stack, notes)
            window[1] = max(time.monotonic() - load.origin, window[0] + 5)

        log(f"{name}: {info['filings']} filings at {args.rate}/s and reads at {2 * args.rate}/s for {args.seconds}s")
        injector = threading.Thread(target=inject, daemon=True)
        injector.start()
        results = load.run()
        injector.join()
        log(f"{name}: load done; waiting up to {args.drain}s for the workers")
        left = drain(started_at, args.drain, quick=args.quick)
        verified = verify(results, started_at, stack.var_dir, quick=args.quick)
        latency, failures = summary(results, window)
        ok = report(name, args, info, verified, latency, failures, notes, left)
        out = Path(args.results) if args.results else \
            ROOT / "benchmarks" / "results" / f"faults-{name}-{time.strftime('%Y%m%d-%H%M', time.gmtime())}.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps({"scenario": name, "rate": args.rate, "seconds": args.seconds, **info,
                                   "fault": notes, "window_s": window, **verified, "latency": latency,
                                   "failures": failures, "open_after_drain": left, "ok": ok}, indent=1))
        return ok
    finally:
        stack.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", nargs="?", choices=SCENARIOS)
    parser.add_argument("--all", action="store_true", help="every scenario, one after the other")
    parser.add_argument("--rate", type=float, default=5, help="filings per second (reads: twice as many)")
    parser.add_argument("--seconds", type=int, default=60, help="length of the load")
    parser.add_argument("--drain", type=int, default=200, help="seconds the workers get to finish afterwards")
    parser.add_argument("--quick", action="store_true",
                        help="do not wait for the effects left to the periodic sweep (a handler's delay, or the queue "
                             "down): never tried and due less than 100 s ago, they count as scheduled later")
    parser.add_argument("--results", help="where the JSON goes (default: benchmarks/results/faults-...json)")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--database", default="primaria_faults")
    parser.add_argument("--redis-port", type=int, default=6379)
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--var-dir", default=str(ROOT / "var" / "faults"))
    parser.add_argument("--template-dir", default=str(ROOT / "var" / "faults-template"),
                        help="the prepared state kept for the next runs (with the database primaria_faults_template)")
    args = parser.parse_args(argv)
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # kill -USR1: where each thread is
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: the deployment is stopped too
    if args.all == bool(args.scenario):
        parser.error("give one scenario or --all")
    if args.all:  # each in its own process: its own Django, its own deployment
        rest = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--all"]
        failed = [name for name in SCENARIOS
                  if subprocess.run([sys.executable, __file__, name, *rest], cwd=ROOT).returncode]
        print(f"\nScenarios that lost something: {', '.join(failed) or 'none'}")
        return 1 if failed else 0
    return 0 if scenario(args.scenario, args) else 1


if __name__ == "__main__":
    sys.exit(main())
