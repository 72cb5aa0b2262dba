"""What a person waits for after a click: signing in, signing an answer, opening the public verification page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/primaria_bench_taxes REDIS_URL=redis://127.0.0.1:6379/4 \
        .venv/bin/python benchmarks/interactive.py

On any benchmark database holding the demo city (benchmarks/seed.py or benchmarks/taxes_payments.py), with the
production shape (gunicorn, 3 sync workers, the outbox worker at nice 10, Redis), one person at a time, the
way the targets are worded ("answers in under half a second"):

1. **sign-in**: the login form's POST with e-mail and password (Argon2id, 64 MiB, 3 passes) until its answer, for
   residents; for officials also the second step, the code of their authenticator app;
2. **signature**: the official's click on "Semnează" on an answer whose turn is theirs, until the page answers
   (PAdES signature, timestamp from the local TSA, and for the last signer the long-term validation data);
3. **verification**: the public page of an issued document by its code (`/verificare/<code>/`), which checks
   its signatures;
4. the ceiling: the minimal signed-in page `/_plafon/` on the same server, in the same run.

Each is timed from the client (the whole HTTP exchange) `--repeat` times, one after the other; the machine is
first left to quieten. Results: a Markdown table and benchmarks/results/interactive-<date>.json.
"""

import argparse
import html
import json
import os
import random
import re
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as common  # noqa: E402

ROOT = common.ROOT
BASE = f"http://{common.HOST}:{common.PORT}"
log = common.log
PASSWORD = "Bench-Parola-2026!"


def _csrf(session, path):
    import requests  # noqa: F401 - the session is a requests.Session

    page = session.get(BASE + path, timeout=30)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    return html.unescape(match.group(1)) if match else ""


def residents(count):
    """Residents with a person each and the benchmark's password (made once, reused by later runs)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from primaria.accounts.models import Party, PartyKind
    from primaria.demo.history import cnp_for

    User = get_user_model()
    password = make_password(PASSWORD)
    made = []
    for i in range(count):
        email = f"bench.ui.{i:03d}@example.ro"
        user, created = User.objects.get_or_create(email=email, defaults={
            "first_name": "Ana", "last_name": f"Bench{i}", "email_verified": True, "password": password})
        if created:
            Party.objects.create(kind=PartyKind.PERSON, name=f"Ana Bench{i}", cnp=cnp_for(900_000 + i), user=user)
        made.append(user)
    return made


def officials_with_codes():
    """Heads and specialists with their TOTP device (the demo's), so the code step can be timed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from primaria.demo.loader import DEMO_PASSWORD
    from primaria.institutions.models import Position, Role

    users = {p.user for p in Position.objects.filter(active=True, role__in=[Role.HEAD, Role.SPECIALIST])
             .select_related("user")}
    return [(u, DEMO_PASSWORD, TOTPDevice.objects.filter(user=u, confirmed=True).first()) for u in
            sorted(users, key=lambda u: u.email)]


def _code(device):
    from base64 import b32encode

    import pyotp

    return pyotp.TOTP(b32encode(bytes.fromhex(device.key)).decode()).now()


def time_sign_in(email, password, device=None) -> dict:
    import requests

    session = requests.Session()
    token = _csrf(session, "/cont/intrare/")
    started = time.perf_counter()
    answer = session.post(BASE + "/cont/intrare/", data={"username": email, "password": password,
                                                          "csrfmiddlewaretoken": token},
                          headers={"Referer": BASE + "/cont/intrare/"}, allow_redirects=False, timeout=60)
    password_s = time.perf_counter() - started
    ok = answer.status_code == 302
    result = {"password_s": password_s, "ok": ok}
    if device is not None and ok:
        token = _csrf(session, "/cont/securitate/verificare/")
        started = time.perf_counter()
        answer = session.post(BASE + "/cont/securitate/verificare/", data={
            "code": _code(device), "csrfmiddlewaretoken": token, "next": "/birou/"},
            headers={"Referer": BASE + "/cont/securitate/verificare/"}, allow_redirects=False, timeout=60)
        result.update(code_s=time.perf_counter() - started, ok=answer.status_code == 302 and
                      "/verificare/" not in answer.headers.get("Location", ""))
    return result


def time_get(session_key, path, expected=200) -> float:
    import requests

    started = time.perf_counter()
    answer = requests.get(BASE + path, cookies={"sessionid": session_key} if session_key else {}, timeout=60,
                          allow_redirects=False)
    elapsed = time.perf_counter() - started
    if answer.status_code != expected:
        raise RuntimeError(f"{path} answered {answer.status_code}")
    return elapsed


def time_signature(public_id, session_key) -> float:
    import requests

    session = requests.Session()
    session.cookies.set("sessionid", session_key)
    token = _csrf(session, f"/birou/cereri/{public_id}/")
    started = time.perf_counter()
    answer = session.post(BASE + f"/birou/cereri/{public_id}/", data={"action": "sign", "csrfmiddlewaretoken": token},
                          headers={"Referer": BASE + f"/birou/cereri/{public_id}/"}, allow_redirects=False, timeout=120)
    elapsed = time.perf_counter() - started
    if answer.status_code != 302 or public_id not in answer.headers.get("Location", ""):
        raise RuntimeError(f"signature of {public_id}: {answer.status_code} {answer.text[:200]}")
    return elapsed


def wait_for_outbox(max_wait) -> float:
    """Until no effect of the preparation is left for the worker (processes started, e-mails, archiving)."""
    from django.utils import timezone

    from primaria.outbox.models import Delivery

    started = time.monotonic()
    while time.monotonic() - started < max_wait:
        if not Delivery.objects.filter(status__in=["pending", "running"], waiting=False,
                                       available_at__lte=timezone.now()).exists():
            break
        time.sleep(2)
    return time.monotonic() - started


def stats(values) -> dict:
    ms = sorted(v * 1000 for v in values)
    return {"n": len(ms), "p50_ms": round(common.percentile(ms, 50), 1), "p90_ms": round(common.percentile(ms, 90), 1),
            "max_ms": round(ms[-1], 1)} if ms else {"n": 0}


def prepare_signatures(count):
    """Answers drafted and waiting for signatures (through the domain), and who signs each next."""
    import open_loop

    from primaria.accounts.models import Party

    # open_loop.drafts takes its applicants among persons whose account's e-mail starts with "bench"
    people = residents(max(4, count // 3))
    assert Party.objects.filter(user__in=people).count() == len(people)
    staff = open_loop.officials()
    ready = open_loop.answers_to_sign(random.Random(7), count, staff)
    return ready


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--signatures", type=int, default=8, help="answers to sign (each has 2-4 signers)")
    parser.add_argument("--var-dir", default=None)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a benchmark PostgreSQL database holding the demo city.")
    var_dir, env = common.prepare_processes(args.var_dir)
    import open_loop

    log("preparing answers to sign")
    to_sign = prepare_signatures(args.signatures)
    people = residents(args.repeat)
    officials = [o for o in officials_with_codes() if o[2] is not None]
    report = {"machine": common.machine(), "args": vars(args), "results": {}}
    worker = common.start_task_worker(env, Path(var_dir) / "worker.log")
    server = common.start_server(env, Path(var_dir) / "server.log", port=common.PORT, workers=3, worker_class="sync")
    try:
        time.sleep(3)
        log(f"the worker caught up with the preparation's effects in {wait_for_outbox(600):.0f} s")
        log(f"machine {common.wait_for_quiet(120, threshold=15)}% busy before measuring")
        ceiling_session = open_loop.verified_session(people[0])
        for _ in range(5):
            time_get(ceiling_session, "/_plafon/")
        for user in people[-3:]:  # each web process has signed someone in once (its first Argon2 call)
            time_sign_in(user.email, PASSWORD)
        results = report["results"]
        results["ceiling"] = stats([time_get(ceiling_session, "/_plafon/") for _ in range(args.repeat)])
        results["sign_in_resident"] = stats([time_sign_in(u.email, PASSWORD)["password_s"] for u in people])
        official_runs = [time_sign_in(u.email, password, device) for u, password, device in officials[:args.repeat]]
        results["sign_in_official_password"] = stats([r["password_s"] for r in official_runs])
        results["sign_in_official_code"] = stats([r["code_s"] for r in official_runs if "code_s" in r])
        results["sign_in_failures"] = sum(1 for r in official_runs if not r["ok"])
        signatures, sessions, last = [], {}, []
        for _round in range(6):
            for public_id in to_sign:
                session_key = open_loop.signer_session(public_id, sessions)
                if session_key is not None:
                    signatures.append(time_signature(public_id, session_key))
                    if open_loop.signer_session(public_id, sessions) is None:
                        last.append(signatures[-1])  # the last signer's: validation data and archive timestamp
        results["signature"] = stats(signatures)
        results["signature_last_signer"] = stats(last)
        results["signature_other_signers"] = stats([s for s in signatures if s not in last])
        from primaria.documents.models import OutgoingDocument

        codes = list(OutgoingDocument.objects.filter(status="issued").exclude(verification_code="")
                     .order_by("-pk").values_list("verification_code", flat=True)[:args.repeat])
        results["verification"] = stats([time_get(None, f"/verificare/{code}/") for code in codes])
    finally:
        server.terminate()
        worker.terminate()
        server.wait(30)
        worker.wait(30)
    out = ROOT / "benchmarks" / "results" / f"interactive-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print("| action | n | p50 ms | p90 ms | max ms |\n|---|---|---|---|---|")
    for name, row in report["results"].items():
        if isinstance(row, dict) and row.get("n"):
            print(f"| {name} | {row['n']} | {row['p50_ms']} | {row['p90_ms']} | {row['max_ms']} |")
    log(f"saved {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
