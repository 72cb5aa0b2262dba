"""Processes killed with SIGKILL in the middle of a load of filings and signings lose nothing.

A real web server (gunicorn) and a real task worker (`manage.py run_huey`) run against the test database.
Residents file through the API while the worker is killed and the web process is killed and started again;
officials then assign, answer and sign while the worker is killed again. Once a worker is back, every change
that was acknowledged has all its effects: the timeline line, the e-mail, the process, the archive (for
the resolved ones) and the search index, each once. A client that lost its answer to a submit asks again
and gets the registration it has.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
SLUG = "adeverinta-nomenclatura-stradala"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Processes:
    """The web server and the worker, started and killed as a machine's service manager would."""

    def __init__(self, env):
        self.env = env
        self.port = _free_port()
        self.web = self.worker = None

    def _start(self, args):
        return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)

    def start_web(self):
        self.web = self._start(["-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                                "--workers", "1", "--threads", "4", "--worker-class", "gthread", "--timeout", "120"])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/servicii/", timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the web server did not start")

    def start_worker(self):
        self.worker = self._start(["manage.py", "run_huey", "--workers", "2", "--worker-type", "thread"])

    @staticmethod
    def kill(process):
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def stop(self):
        self.kill(self.web)
        self.kill(self.worker)


class Api:
    def __init__(self, processes: Processes, email: str):
        self.processes = processes
        from primaria.accounts.models import User
        from primaria.security.tokens import create_token

        self.user = User.objects.get(email=email)
        self.auth = "Token " + create_token(user=self.user)[1]

    def call(self, method, path, body=None, *, files=None):
        headers = {"Authorization": self.auth, "Accept": "application/json"}
        if path.endswith("/sign/"):  # signing proves the second factor with a one-time code in the call
            from tests.test_api import one_time_code

            headers["X-OTP-Code"] = one_time_code(self.user)
        data = None
        if files is not None:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in (body or {}).items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
            for name, (filename, content) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                             f"Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
            data = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(f"http://127.0.0.1:{self.processes.port}/api/v1/{path}", data=data,
                                         headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def insist(self, method, path, body=None, *, files=None, tries=60):
        """Call until the server answers (it may be dead and starting again): what a client does on a lost answer."""
        for _ in range(tries):
            try:
                return self.call(method, path, body, files=files)
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        raise AssertionError(f"{method} {path}: the server never answered")


@pytest.mark.django_db(transaction=True)
def test_killed_worker_and_web_process_lose_no_effect_of_an_acknowledged_change(
        city, users, pki, settings, tmp_path, smtp_server):
    from primaria.archive import demo as archive_demo
    from primaria.archive.models import ArchiveDocument
    from primaria.catalog.models import Service
    from primaria.notifications.models import Notification
    from primaria.outbox import runner
    from primaria.outbox.models import Delivery, Event
    from primaria.requests.models import Request, TimelineEvent
    from primaria.workflow.models import ProcessInstance
    from tests.factories import answers_for, complete_process_steps, pay_fees, pdf_bytes

    archive_demo.load_nomenclator(city)
    smtp_server.clear()
    var = tmp_path / "var"
    var.mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": _database_url(),
           "PRIMARIA_VAR_DIR": str(var), "PRIMARIA_MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "PRIMARIA_SEARCH_DIR": str(tmp_path / "search"), "PRIMARIA_PKI_DIR": str(settings.PRIMARIA_PKI_DIR),
           "PRIMARIA_TASKS_IMMEDIATE": "0", "PRIMARIA_OUTBOX_LEASE_SECONDS": "3", "PRIMARIA_EMAIL_PORT":
           str(smtp_server.port), "PRIMARIA_LOG_LEVEL": "ERROR", "PRIMARIA_LOGIN_FAILURE_LIMIT": "1000"}
    env.pop("REDIS_URL", None)
    settings.PRIMARIA_SEARCH_DIR = str(tmp_path / "search")
    processes = Processes(env)
    service = Service.objects.get(slug=SLUG)
    answers = answers_for(service)
    slots = {f"doc_{r.pk}": pdf_bytes(r.document_type.name) for r in service.required_documents.all() if r.required}
    acknowledged, lock = {}, threading.Lock()

    def file_one(n):
        api = Api(processes, "ion.popescu@example.ro" if n % 2 else "maria.ionescu@example.ro")
        status, draft = api.insist("POST", "requests/", {"service": SLUG})
        assert status == 201, draft
        public_id = draft["public_id"]
        assert api.insist("PATCH", f"requests/{public_id}/", {"answers": answers})[0] == 200
        for slot, content in slots.items():
            assert api.insist("POST", f"requests/{public_id}/attachments/", {"slot": slot},
                              files={"file": ("act.pdf", content)})[0] == 201
        status, submitted = api.insist("POST", f"requests/{public_id}/submit/")
        assert status == 200 and submitted["reference"], submitted
        with lock:
            acknowledged[public_id] = submitted["reference"]

    try:
        processes.start_web()
        processes.start_worker()
        threads = [threading.Thread(target=file_one, args=(n,)) for n in range(8)]
        for n, thread in enumerate(threads):
            thread.start()
            if n == 2:
                time.sleep(1.0)
                processes.kill(processes.worker)  # the worker dies with deliveries in hand
            if n == 5:
                processes.kill(processes.web)  # the web process dies with requests in flight...
                processes.start_web()  # ...and the service manager starts it again
        for thread in threads:
            thread.join(timeout=300)
        assert len(acknowledged) == 8
        processes.start_worker()

        # Officials answer and sign through the API while the worker is killed once more.
        head, specialist = Api(processes, "urb.sef@primaria-demo.ro"), Api(processes, "urb.specialist@primaria-demo.ro")
        signed = []
        for n, public_id in enumerate(list(acknowledged)[:4]):
            assert head.insist("POST", f"office/requests/{public_id}/assign/",
                               {"assignee": users.urb_specialist.pk})[0] == 200
            request = Request.objects.get(public_id=public_id)
            for _ in range(100):  # the process starts in the worker
                if ProcessInstance.objects.filter(request=request).exists():
                    break
                time.sleep(0.2)
            complete_process_steps(request)
            pay_fees(request)
            status, body = specialist.insist("POST", f"office/requests/{public_id}/propose/", {"outcome": "granted"})
            assert status == 200, body
            if n == 1:
                processes.kill(processes.worker)
            for _ in range(6):
                request.refresh_from_db()
                if request.status != "pending_approval":
                    break
                signer = request.outgoing_documents.get(status="signing").steps.get(status="current").signer
                status, body = Api(processes, signer.email).insist("POST", f"office/requests/{public_id}/sign/")
                assert status == 200, body
            request.refresh_from_db()
            assert request.status == "resolved"
            signed.append(request.pk)
            if n == 1:
                processes.start_worker()

        # The worker is back: what is due is handed to it (the periodic sweep, run here now and then).
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            open_work = Delivery.objects.exclude(status__in=[Delivery.Status.DONE, Delivery.Status.FAILED])
            if not open_work.exists():
                break
            runner.sweep(grace_seconds=0)
            time.sleep(1)
    finally:
        processes.stop()

    assert not Delivery.objects.exclude(status=Delivery.Status.DONE).exists(), list(
        Delivery.objects.exclude(status=Delivery.Status.DONE).values("handler", "status", "last_error"))
    for public_id, reference in acknowledged.items():
        request = Request.objects.get(public_id=public_id)
        assert request.reference == reference
        assert TimelineEvent.objects.filter(request=request, action="submit").count() == 1
        assert Event.objects.filter(name="request.submit", subject_id=str(request.pk)).count() == 1
        assert ProcessInstance.objects.filter(request=request).count() == 1
        told = Notification.objects.filter(object_id=str(request.pk), object_type="requests.request")
        assert told.exists() and set(told.values_list("status", flat=True)) == {Notification.Status.SENT}
        assert any(reference in m["subject"] for m in smtp_server.messages())
    for pk in signed:
        request = Request.objects.get(pk=pk)
        archived = ArchiveDocument.objects.filter(request=request)
        assert archived.count() == 2 + request.attachments.count(), "archived once, every document"
        assert archived.filter(doc_type="Răspuns", document=request.answer_document).exists()
        assert Delivery.objects.filter(handler="archive.index", status="done").exists()
