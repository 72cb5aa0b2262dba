"""Local taxes and card payments at a city's size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/primaria_bench_taxes REDIS_URL=redis://127.0.0.1:6379/4 \
        .venv/bin/python benchmarks/taxes_payments.py --seed-parties 1000000

1. **seed** (only with `--seed-parties N`): drops and recreates the database named in DATABASE_URL (the name
   must contain "bench"), migrates, loads the demo city, then gives the benchmark's taxpayer (a resident with an
   account) 50 items through the taxes domain functions (30 buildings, 12 plots of land, 8 vehicles, some held
   in shares, two sold last year, one leased public property), emits the year with the real emission and
   applies a partial payment in the legal order. Then N taxpayers with one building each, its dated fact, its
   holding, their account and the year's two instalments (each with its own payment reference, check digits
   computed by PostgreSQL) go in with `INSERT … SELECT generate_series`, so that the statement is read among N
   parties and 2N debts.
2. **statement**: closed loop, 16 clients, `GET /taxe/` for the taxpayer with 50 items (increases computed to
   the day of viewing, payments, references), on the production shape (gunicorn, 3 sync workers, the outbox
   worker at nice 10, Redis); in the same run the ceiling `/_plafon/` (a minimal signed-in page) on the same
   server.
3. **notifications**: 200 taxpayers each open a card payment of their first instalment through the NETOPIA
   sandbox (a second server, waitress, plays the gateway on another port); the payments are paid at the
   gateway; then their 200 IPNs are posted at once, each twice (400 posts from 400 threads, released by one
   barrier), to the platform. Each IPN is verified (RS512 JWT over the body's SHA-512), the gateway is asked the
   payment's status, the payment settled; the `payment.settled` handlers apply it to the debt and seal a
   receipt. Measured: the answers' latencies and the time until every effect is done. Checked: 200 payments
   confirmed, one `payment.settled` event each, each debt paid once, 200 receipts, 200 notifications accepted
   and 200 recorded as repeats.

Results: a Markdown table on stdout and benchmarks/results/taxes-<date>.json.
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as common  # noqa: E402 - the closed-loop benchmark's server, CPU meter and helpers

ROOT = common.ROOT
HOST, PORT = common.HOST, common.PORT
GATEWAY_PORT = PORT + 7
log = common.log
TAXPAYER_EMAIL = "contribuabil.50@bench.primaria.test"
YEAR = date.today().year


# --- seed -------------------------------------------------------------------------------------------------------


def recreate_database(url: str):
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name:
        sys.exit(f"Refusing to recreate {name!r}: the benchmark's database name must contain 'bench'.")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _taxpayer_items():
    """(kind, label, attrs, starts_on, share, concession, ends_on) of the 50 items."""
    items = []
    zones, uses = "ABCD", ["rezidentiala"] * 3 + ["nerezidentiala"]
    for n in range(30):
        attrs = {"use": uses[n % 4], "area": str(40 + 7 * n), "zone": zones[n % 4], "rank": "II",
                 "year_built": 1950 + n * 2}
        if attrs["use"] == "nerezidentiala":
            attrs["value"] = str(150000 + 10000 * n)
        ends = date(YEAR - 1, 6, 30) if n in (3, 17) else None  # sold last year: no tax this year
        share = "0.5" if n % 5 == 0 else "1"
        items.append(("cladire", f"Str. Bench nr. {n + 1}, Municipiul Demo", attrs, date(2010 + n % 10, 3, 1),
                      share, False, ends))
    for n in range(12):
        attrs = {"area": str(150 + 25 * n), "category": "curti-constructii" if n % 2 else "arabil",
                 "location": "intravilan", "zone": zones[n % 4], "rank": "II"}
        items.append(("teren", f"Tarla {n + 1}, parcela {n + 7}, Municipiul Demo", attrs, date(2015, 1, 10), "1",
                      n == 11, date(YEAR, 12, 31) if n == 11 else None))
    for n in range(8):
        attrs = {"vehicle": "autoturism" if n < 6 else "motocicleta", "engine_cc": 1200 + 250 * n}
        items.append(("auto", f"DM-{10 + n}-BEN", attrs, date(2020, 5, 1 + n), "1", False, None))
    return items


def seed(args):
    recreate_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    from primaria.demo.loader import load_demo_city

    load_demo_city()
    log(f"demo city loaded in {time.monotonic() - started:.0f} s")

    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from primaria.accounts.models import Party
    from primaria.taxes import selectors as tax_selectors
    from primaria.taxes import services as taxes
    from primaria.taxes.models import Debt

    user = get_user_model().objects.create_user(email=TAXPAYER_EMAIL, password="bench-Parola-2026!",
                                                first_name="Contribuabil", last_name="Cincizeci",
                                                email_verified=True)
    party = Party.objects.create(kind="person", name="Contribuabil Cincizeci", cnp="1750505350011",
                                 email=TAXPAYER_EMAIL, user=user)
    for kind, label, attrs, starts_on, share, concession, ends_on in _taxpayer_items():
        taxes.add_item(actor=None, party=party, kind=kind, label=label, attrs=attrs, starts_on=starts_on,
                       share=share, concession=concession, ends_on=ends_on, source="benchmark")
    taxes.emit_year(actor=None, year=YEAR, today=date(YEAR, 1, 5))
    owed = [row for row in tax_selectors.debt_rows(party, date.today()) if row.open > 0]
    first = owed[0].debt
    taxes.apply_payment(payment_id=10 ** 9, party_id=party.pk, reference=first.reference,
                        amount=(sum(r.open for r in owed) / 3).quantize(Decimal("0.01")),
                        paid_at=datetime.now().astimezone(), source="benchmark")
    log(f"taxpayer with {len(_taxpayer_items())} items: {Debt.objects.filter(party=party).count()} debts")

    started = time.monotonic()
    n, year, yy = args.seed_parties, YEAR, YEAR % 100
    facts = json.dumps({"use": "rezidentiala", "area": "70", "zone": "B", "rank": "II", "year_built": 1985})
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # foreign keys: the ids are made here
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_party")
        party0 = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM taxes_fiscalitem")
        item0 = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO accounts_party (id, public_id, kind, name, cnp, cui, registration_code, email, phone, "
            "address, created_at, user_id) "
            "SELECT %s + g, gen_random_uuid(), 'person', 'Contribuabil ' || g, '9' || lpad(g::text, 12, '0'), "
            "'', '', '', '', 'Str. Generată nr. ' || g || ', Municipiul Demo', now(), NULL "
            "FROM generate_series(1, %s) g", [party0, n])
        cursor.execute(
            "INSERT INTO taxes_fiscalitem (id, kind, label, identifier, created_at) "
            "SELECT %s + g, 'cladire', 'Str. Generată nr. ' || g || ', Municipiul Demo', 'GEN-' || g, now() "
            "FROM generate_series(1, %s) g", [item0, n])
        cursor.execute(
            "INSERT INTO taxes_itemfact (valid_from, attrs, source, recorded_at, item_id) "
            "SELECT date '2015-01-01', %s::jsonb, 'import', now(), %s + g FROM generate_series(1, %s) g",
            [facts, item0, n])
        cursor.execute(
            "INSERT INTO taxes_holding (share, starts_on, ends_on, concession, reduction, source, recorded_at, "
            "item_id, party_id) SELECT 1, date '2015-01-01', NULL, false, '', 'import', now(), %s + g, %s + g "
            "FROM generate_series(1, %s) g", [item0, party0, n])
        cursor.execute("INSERT INTO taxes_account (credit, party_id) SELECT 0, %s + g FROM generate_series(1, %s) g",
                       [party0, n])
        # Two instalments each; the reference is YY + 10 digits + ISO 7064 MOD 97-10 check digits, as
        # taxes.references.make gives, with numbers from 9e9 up so that they never meet the random ones.
        cursor.execute(
            "INSERT INTO taxes_debt (year, kind, category, term, monthly, amount, due_date, reference, executory, "
            "title, created_at, party_id, item_id) "
            "SELECT %s, 'cladire', 'principal', t, false, 52.50, "
            "  CASE WHEN t = 1 THEN make_date(%s, 3, 31) ELSE make_date(%s, 9, 30) END, "
            "  b || lpad((98 - ((b || '00')::numeric %% 97))::text, 2, '0'), false, '', now(), %s + g, %s + g "
            "FROM generate_series(1, %s) g CROSS JOIN (VALUES (1), (2)) AS terms(t) "
            "CROSS JOIN LATERAL (SELECT lpad(%s::text, 2, '0') || lpad((9000000000 + 2 * g + t)::text, 10, '0') "
            "AS b) ref", [year, year, year, party0, item0, n, yy])
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in ("accounts_party", "taxes_fiscalitem", "taxes_itemfact", "taxes_holding", "taxes_account",
                      "taxes_debt"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    log(f"{n} taxpayers, {n} items and {2 * n} debts in {time.monotonic() - started:.0f} s")
    common.vacuum()


# --- the statement --------------------------------------------------------------------------------------------


class Fixed:
    """One request, over and over (closed loop)."""

    expected = 200

    def __init__(self, path, session):
        self.item = ("GET", path, {"Cookie": f"sessionid={session}"}, None)

    def next(self):
        return self.item


def statement_run(args, env, var_dir, report):
    from django.contrib.auth import get_user_model
    from open_loop import verified_session

    user = get_user_model().objects.get(email=TAXPAYER_EMAIL)
    session = verified_session(user)
    worker = common.start_task_worker(env, Path(var_dir) / "worker.log")
    server = common.start_server(env, Path(var_dir) / "server.log", port=PORT, workers=args.gunicorn_workers,
                                 worker_class="sync")
    try:
        pids = common.process_tree(server.pid)
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        conn.request("GET", "/taxe/", headers={"Cookie": f"sessionid={session}"})
        page = conn.getresponse().read().decode()
        conn.close()
        references = page.count("Referință") + page.count("referinț")
        log(f"statement page: {len(page)} bytes")
        for name, path in (("ceiling", "/_plafon/"), ("statement", "/taxe/")):
            scenario = Fixed(path, session)
            common.run_load(scenario, args.clients, 3)  # warm-up
            busy = common.wait_for_quiet(60)
            with common.CpuMeter(pids, [worker.pid]) as meter:
                latencies, errors, wall = common.run_load(scenario, args.clients, args.seconds)
            row = common.summarize(name, args.clients, latencies, errors, wall)
            row.update(meter.result, busy_before_pct=busy)
            report["statement"].append(row)
            log(f"  {name}: {row['rps']} req/s, p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, "
                f"errors {row['errors']}, machine {row['machine_busy_pct']}%")
        report["statement_page"] = {"bytes": len(page), "reference_mentions": references}
    finally:
        server.terminate()
        worker.terminate()
        server.wait(30)
        worker.wait(30)


# --- 200 notifications at once ----------------------------------------------------------------------------------


def _gateway_settings(var_dir) -> dict:
    """The platform talks to the sandbox as to a remote gateway: its URL, keys and public key file."""
    from primaria.payments.sandbox import store

    key_file = Path(var_dir) / "gateway-public.pem"
    key_file.write_text(store.public_key_pem())
    return {"PRIMARIA_NETOPIA_URL": f"http://{HOST}:{GATEWAY_PORT}/netopia-sandbox",
            "PRIMARIA_NETOPIA_API_KEY": store.API_KEY, "PRIMARIA_NETOPIA_POS_SIGNATURE": store.POS_SIGNATURE,
            "PRIMARIA_NETOPIA_PUBLIC_KEY": str(key_file), "PRIMARIA_NETOPIA_SANDBOX_SEND_IPN": "0",
            "PRIMARIA_SITE_URL": f"http://{HOST}:{PORT}"}


def open_payments(count):
    """`count` generated taxpayers get an account and open a card payment of their first instalment."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from primaria.accounts.models import Party
    from primaria.payments import services as payments
    from primaria.taxes.models import Debt

    parties = list(Party.objects.filter(cnp__startswith="9", user__isnull=True).order_by("pk")[:count])
    User = get_user_model()
    opened = []
    for party in parties:
        user = User.objects.create_user(email=f"platitor{party.pk}@bench.primaria.test", password=None,
                                        first_name="Plătitor", last_name=str(party.pk), email_verified=True)
        Party.objects.filter(pk=party.pk).update(user=user)
        party.refresh_from_db()
        debt = Debt.objects.filter(party=party, term=1).get()
        payment, _url = payments.start_payment(actor=user, party=party, provider_id="netopia",
                                               keys=[f"taxe-locale:{debt.reference}"])
        opened.append(payment)
    log(f"  {len(opened)} payments opened at {settings.PRIMARIA_NETOPIA_URL}")
    return opened


def pay_at_gateway(payments_opened):
    """What the payers do on the gateway's card page: each order is paid there."""
    from primaria.payments.sandbox import store, views

    bodies = []
    for payment in payments_opened:
        order = store.load(payment.provider_reference)
        order.update(status=views.PAID, code="00", message="Approved")
        store.save(order)
        body = views.ipn_body(order)
        bodies.append((body, views.sign_notification(body)))
    return bodies


def notifications_run(args, env, var_dir, report):
    from django.db.models import Count

    from primaria.outbox.models import Delivery, Event
    from primaria.payments.models import Payment, ProviderNotification, Receipt, Status
    from primaria.taxes.models import PaymentApplication

    gateway_env = {**env, **_gateway_settings(var_dir), "PRIMARIA_NETOPIA_SANDBOX": "1"}
    os.environ.update(_gateway_settings(var_dir))
    from django.conf import settings

    for name in ("PRIMARIA_NETOPIA_URL", "PRIMARIA_NETOPIA_API_KEY", "PRIMARIA_NETOPIA_POS_SIGNATURE",
                 "PRIMARIA_NETOPIA_PUBLIC_KEY"):
        setattr(settings, name, os.environ[name])
    settings.PRIMARIA_NETOPIA_SANDBOX_SEND_IPN = False
    settings.SITE_URL = f"http://{HOST}:{PORT}"
    gateway = common.start_server({**gateway_env, "PRIMARIA_NETOPIA_URL": ""}, Path(var_dir) / "gateway.log",
                                  port=GATEWAY_PORT, threads=16)
    worker = server = None
    try:
        opened = open_payments(args.notifications)
        bodies = pay_at_gateway(opened)
        worker = common.start_task_worker(gateway_env, Path(var_dir) / "worker-ipn.log")
        server = common.start_server(gateway_env, Path(var_dir) / "server-ipn.log", port=PORT,
                                     workers=args.gunicorn_workers, worker_class="sync")
        pids = common.process_tree(server.pid)
        posts = [item for item in bodies for _ in range(2)]
        barrier = threading.Barrier(len(posts))
        latencies, errors, lock = [], [], threading.Lock()

        def post(body, token):
            conn = http.client.HTTPConnection(HOST, PORT, timeout=300)
            barrier.wait()
            started = time.perf_counter()
            try:
                conn.request("POST", "/plati/notificare/netopia/", body=body,
                             headers={"Content-Type": "application/json", "Verification-token": token})
                response = conn.getresponse()
                answer = response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if response.status != 200 or json.loads(answer).get("errorType") not in (0, None):
                        errors.append(f"{response.status} {answer[:200]!r}")
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                conn.close()

        common.wait_for_quiet(60)
        ids = [p.pk for p in opened]
        with common.CpuMeter(pids, [worker.pid]) as meter:
            threads = [threading.Thread(target=post, args=item) for item in posts]
            for thread in threads:
                thread.start()
            started = time.perf_counter()
            for thread in threads:
                thread.join()
            answered = time.perf_counter() - started
            while True:
                left = Delivery.objects.filter(event__name="payment.settled", event__subject_id__in=[str(i) for i in ids]) \
                    .exclude(status=Delivery.Status.DONE).count()
                confirmed = Payment.objects.filter(pk__in=ids, status=Status.CONFIRMED).count()
                if (confirmed == len(ids) and not left) or time.perf_counter() - started > args.drain_wait:
                    break
                time.sleep(0.5)
            applied = time.perf_counter() - started
        settled_events = dict(Event.objects.filter(name="payment.settled", subject_id__in=[str(i) for i in ids])
                              .values_list("subject_id").annotate(n=Count("id")).values_list("subject_id", "n"))
        verdicts = dict(ProviderNotification.objects.filter(payment_id__in=ids).values_list("verdict")
                        .annotate(n=Count("id")).values_list("verdict", "n"))
        applications = dict(PaymentApplication.objects.filter(payment_id__in=ids).values_list("payment_id")
                            .annotate(n=Count("id")).values_list("payment_id", "n"))
        receipts = Receipt.objects.filter(payment_id__in=ids).count()
        ms = sorted(v * 1000 for v in latencies)
        row = {
            "notifications": len(ids), "posts": len(posts), "errors": len(errors), "error_samples": errors[:3],
            "all_answered_s": round(answered, 2), "all_applied_s": round(applied, 2),
            "p50_ms": round(common.percentile(ms, 50), 1), "p99_ms": round(common.percentile(ms, 99), 1),
            "max_ms": round(ms[-1], 1),
            "confirmed": Payment.objects.filter(pk__in=ids, status=Status.CONFIRMED).count(),
            "settled_events_per_payment": sorted(set(settled_events.values())),
            "payments_with_settled_event": len(settled_events),
            "applications_per_payment": sorted(set(applications.values())),
            "payments_applied": len(applications), "receipts": receipts, "verdicts": verdicts,
            **meter.result,
        }
        report["notifications"] = row
        log(f"  {len(posts)} posts answered in {answered:.1f} s (p99 {row['p99_ms']} ms), all applied in "
            f"{applied:.1f} s; confirmed {row['confirmed']}, applied {row['payments_applied']} "
            f"(per payment {row['applications_per_payment']}), receipts {receipts}, verdicts {verdicts}")
    finally:
        for process in (server, worker, gateway):
            if process is not None:
                process.terminate()
                process.wait(30)


def markdown(report) -> str:
    lines = ["| scenario | clients | req/s | p50 ms | p99 ms | errors | machine busy % |", "|---|---|---|---|---|---|---|"]
    for row in report["statement"]:
        lines.append(f"| {row['endpoint']} | {row['clients']} | {row['rps']} | {row['p50_ms']} | {row['p99_ms']} | "
                     f"{row['errors']} | {row['machine_busy_pct']} |")
    note = report.get("notifications")
    if note:
        lines += ["", f"Notifications: {note['notifications']} payments, {note['posts']} posts at once; all answered in "
                  f"{note['all_answered_s']} s (p50 {note['p50_ms']} ms, p99 {note['p99_ms']} ms), all applied in "
                  f"{note['all_applied_s']} s; confirmed {note['confirmed']}, applied once each: "
                  f"{note['applications_per_payment'] == [1] and note['payments_applied'] == note['notifications']}, "
                  f"receipts {note['receipts']}, verdicts {note['verdicts']}, errors {note['errors']}."]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed-parties", type=int, default=0, help="recreate the database with this many taxpayers")
    parser.add_argument("--only", default="statement,notifications")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--notifications", type=int, default=200)
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    parser.add_argument("--drain-wait", type=float, default=600)
    parser.add_argument("--var-dir", default=None)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    var_dir, env = common.server_environment(args.var_dir)
    if args.seed_parties:
        seed(args)
    common.prepare_django(var_dir)  # and the demo PKI: the seal of the receipts
    from primaria.accounts.models import Party
    from primaria.taxes.models import Debt

    report = {"machine": common.machine(), "args": vars(args), "statement": [],
              "dataset": {"parties": Party.objects.count(), "debts": Debt.objects.count()}}
    log(f"dataset: {report['dataset']}")
    only = set(args.only.split(","))
    if "statement" in only:
        statement_run(args, env, var_dir, report)
    if "notifications" in only:
        notifications_run(args, env, var_dir, report)
    out = ROOT / "benchmarks" / "results" / f"taxes-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str))
    print(markdown(report))
    log(f"saved {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
