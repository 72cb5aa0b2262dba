"""Uploads scanned by a real clamd (Debian's clamav-daemon) over its INSTREAM protocol.

No signature database can be downloaded here, so the test starts its own clamd on a temporary unix socket
with a database of one signature: the EICAR test string (a harmless text every antivirus treats as a virus).
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from primaria.accounts.selectors import person_of
from primaria.catalog.models import FieldKind, FormField, Service
from primaria.core import antivirus
from primaria.core.files import check_upload
from primaria.documents.models import Document
from primaria.requests import services
from tests.factories import answers_for, pdf_bytes

CLAMD = "/usr/sbin/clamd"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SLUG = "adeverinta-nomenclatura-stradala"

pytestmark = pytest.mark.skipif(not Path(CLAMD).exists(), reason="clamav-daemon is not installed "
                                "(scripts/install-system-packages.sh installs it)")


def ping(path: str) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(path)
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def clamd():
    home = Path(tempfile.mkdtemp(prefix="clamd-"))  # short: a unix socket path has at most 107 bytes
    (home / "db").mkdir()
    (home / "db" / "eicar.ndb").write_text(f"Primaria-Test-EICAR:0:*:{EICAR.hex()}\n")
    sock = home / "clamd.sock"
    config = home / "clamd.conf"
    config.write_text(f"Foreground yes\nLocalSocket {sock}\nDatabaseDirectory {home / 'db'}\nLogFile {home / 'clamd.log'}\n"
                      f"PidFile {home / 'clamd.pid'}\nStreamMaxLength 60M\n")
    process = subprocess.Popen([CLAMD, f"--config-file={config}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not ping(str(sock)):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (home / "clamd.log").read_text() if (home / "clamd.log").exists() else ""
                pytest.fail(f"clamd did not start: {process.stderr.read().decode()} {log}")
            time.sleep(0.2)
        yield str(sock)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def scanning(settings, clamd):
    settings.PRIMARIA_CLAMAV_SOCKET = clamd
    return settings


def infected_pdf() -> bytes:
    """A valid PDF that carries the EICAR string in a comment before its end: it passes every other check."""
    data = pdf_bytes("Adeverință")
    return data + b"%" + EICAR + b"\n"


def upload(data, name="act.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_clean_pdf_is_accepted(scanning):
    assert check_upload(upload(pdf_bytes("Adeverință curată"))) == ("pdf", "application/pdf")


def test_an_infected_pdf_is_refused_in_romanian(scanning):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(infected_pdf(), "factura.pdf"))
    assert caught.value.code == "infected"
    assert "Fișierul „factura.pdf” a fost refuzat: scanarea antivirus" in caught.value.messages[0]
    assert "Primaria-Test-EICAR" in caught.value.messages[0]


def test_without_a_socket_nothing_is_scanned(settings):
    settings.PRIMARIA_CLAMAV_SOCKET = ""
    assert check_upload(upload(infected_pdf()))[0] == "pdf"


def test_an_unreachable_clamd_refuses_the_upload_and_shows_on_the_health_report(settings, tmp_path):
    settings.PRIMARIA_CLAMAV_SOCKET = str(tmp_path / "absent.sock")
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(pdf_bytes("Adeverință curată")))
    assert caught.value.code == "not_scanned"
    assert "nu a putut fi verificat acum de antivirus" in caught.value.messages[0]
    report = antivirus.antivirus["clamd"].check_config()
    assert not report.ok and "nu răspunde" in report.message


@pytest.mark.django_db
def test_the_health_page_shows_a_clamd_that_does_not_answer(client, users, settings, tmp_path):
    settings.PRIMARIA_CLAMAV_SOCKET = str(tmp_path / "absent.sock")
    client.force_login(users.admin)
    page = client.get("/admin/sanatate/").content.decode()
    row = page[page.index("antivirus: ClamAV"):][:600]
    assert "problemă" in row and "Încărcările de fișiere sunt refuzate" in row


def test_the_health_report_of_a_running_clamd(scanning):
    report = antivirus.antivirus["clamd"].check_config()
    assert report.ok and "ClamAV" in report.message


@pytest.mark.django_db
def test_an_infected_file_sent_with_a_request_keeps_nothing(client, users, city, scanning):
    service = Service.objects.get(slug=SLUG)
    FormField.objects.create(service=service, order=90, name="anexa_x", label="Anexă", kind=FieldKind.FILE,
                             required=False, allowed_types="pdf")
    draft = services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    documents = Document.objects.count()
    client.force_login(users.ion)
    form = {**answers_for(service), "action": "save", "anexa_x": upload(infected_pdf(), "plan.pdf")}
    response = client.post(f"/cereri/{draft.public_id}/completare/", form)
    assert response.status_code == 200
    assert "scanarea antivirus a găsit în el un program periculos" in response.content.decode()
    assert Document.objects.count() == documents
    draft.refresh_from_db()
    assert not draft.attachments.exists()
    form["anexa_x"] = upload(pdf_bytes("Plan curat"), "plan.pdf")
    assert client.post(f"/cereri/{draft.public_id}/completare/", form).status_code == 302
    assert draft.attachments.get(field_name="anexa_x").document.mime == "application/pdf"
