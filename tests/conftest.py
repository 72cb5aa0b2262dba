import email
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from primaria.notifications.mailbox import start as start_mailbox


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What the test SMTP server received, as parsed messages."""

    def __init__(self, directory: Path, port: int):
        self.directory = directory
        self.port = port

    def messages(self):
        result = []
        for path in sorted(self.directory.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes())
            body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
            subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
            result.append({"to": message["To"], "subject": subject, "body": body})
        return result

    def to(self, address):
        return [m for m in self.messages() if m["to"] == address]

    def clear(self):
        for path in self.directory.glob("*.eml"):
            path.unlink()


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on this machine; Django's e-mail backend sends to it."""
    directory = Path(tempfile.mkdtemp(prefix="primaria-mail-"))
    port = _free_port()
    controller = start_mailbox(directory, port=port)
    yield Mailbox(directory, port)
    controller.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def mailbox(smtp_server):
    smtp_server.clear()
    return smtp_server


@pytest.fixture(autouse=True)
def _mail_and_media(smtp_server, settings, tmp_path):
    # Django's test set-up swaps in the in-memory e-mail backend; the suite sends real SMTP instead.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = smtp_server.port
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from django.core.cache import caches

    caches["default"].clear()
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Romanian: a page opened in English leaves its language active in the thread (Django's
    LocaleMiddleware activates, as every request does, and never deactivates)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """`client.force_login(official)` stands for the whole login, second factor included: the session is
    marked verified by a TOTP device of the user. Tests of the second factor log in through the pages."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def verify_session(client, user):
    """Mark the test client's session as past the second factor now (for officials and staff)."""
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from primaria.security import mfa

    if not mfa.needs_second_factor(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session[mfa.VERIFIED_AT_KEY] = int(time.time())
    session.save()


@pytest.fixture
def city(db):
    """The demo city, loaded as `make run` loads it."""
    from primaria.demo.loader import load_demo_city

    return load_demo_city()


@pytest.fixture
def users(city):
    from primaria.accounts.models import User

    class Users:
        def __getattr__(self, name):
            emails = {
                "ion": "ion.popescu@example.ro", "maria": "maria.ionescu@example.ro",
                "clerk": "registratura@primaria-demo.ro", "urb_specialist": "urb.specialist@primaria-demo.ro",
                "urb_head": "urb.sef@primaria-demo.ro", "itl_specialist": "itl.specialist@primaria-demo.ro",
                "itl_head": "itl.sef@primaria-demo.ro", "mayor": "primar@primaria-demo.ro",
                "secretary": "secretar@primaria-demo.ro", "admin": "admin@primaria-demo.ro",
                "adp_clerk": "adp.registratura@primaria-demo.ro", "reg_head": "reg.sef@primaria-demo.ro",
                "reg_specialist": "reg.specialist@primaria-demo.ro", "deputy": "viceprimar@primaria-demo.ro",
            }
            return User.objects.get(email=emails[name])

    return Users()


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory) -> Path:
    """The demo PKI of this test session: keys are made once, later tests only reuse them."""
    return tmp_path_factory.mktemp("pki")


@pytest.fixture(autouse=True)
def _signing_settings(settings, pki_dir):
    settings.PRIMARIA_PKI_DIR = pki_dir
    settings.PRIMARIA_TSA_URL = ""
    settings.PRIMARIA_SIGNING_TRUST_ROOTS = ["demo"]
    settings.PRIMARIA_SIGNING_PROVIDER = "local"
    settings.PRIMARIA_CSC_URL = ""
    settings.PRIMARIA_CSC_SERVER_ACCOUNTS = ""


@pytest.fixture
def pki(city):
    """create_demo_pki as `make run` runs it: CAs, a seal per institution, a certificate per official."""
    from io import StringIO

    from django.core.management import call_command

    from primaria.signing.pki import DemoPKI

    call_command("create_demo_pki", stdout=StringIO())
    return DemoPKI()


@pytest.fixture
def nssdb(pki, pki_dir) -> str:
    """An NSS database that trusts the demo root CA, for poppler's pdfsig."""
    directory = pki_dir / "nss"
    if not directory.exists():
        directory.mkdir()
        subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{directory}"], check=True)
        subprocess.run(["certutil", "-A", "-n", "demo-root", "-t", "CT,C,C", "-i", str(pki_dir / "ca" / "root.pem"),
                        "-d", f"sql:{directory}"], check=True)
    return f"sql:{directory}"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(fn, *args, **kwargs): run a domain function and the after-commit work it queued (request_changed)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
