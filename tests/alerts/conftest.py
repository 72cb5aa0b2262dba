import datetime
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

SMS_KEY = "cheie-de-test"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmsBox:
    def __init__(self, gateway_dir: Path, port: int):
        self.directory, self.port = gateway_dir, port

    def messages(self):
        import json

        return sorted((json.loads(p.read_text("utf-8")) for p in self.directory.glob("*.json")),
                      key=lambda m: m["received_at"])

    def to(self, number):
        return [m for m in self.messages() if m["to"] == number]

    def clear(self):
        for path in self.directory.glob("*.json"):
            path.unlink()


@pytest.fixture(scope="session")
def sms_server():
    """The local SMS gateway on a free port, as `manage.py smsgateway` runs it."""
    from primaria.notifications.smsgateway import start

    directory = Path(tempfile.mkdtemp(prefix="primaria-sms-"))
    port = _free_port()
    server = start(directory, SMS_KEY, port=port)
    yield SmsBox(directory, port)
    server.shutdown()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def sms(sms_server, settings):
    sms_server.clear()
    settings.PRIMARIA_SMS_URL = f"http://127.0.0.1:{sms_server.port}/api/v1/sms"
    settings.PRIMARIA_SMS_KEY = SMS_KEY
    settings.PRIMARIA_SMS_SENDER = "Primaria"
    return sms_server


def drain():
    from primaria.outbox import runner

    runner.drain()


@pytest.fixture
def publisher(city):
    """An official of the public-domain administration (ADP), who publishes alerts."""
    from primaria.accounts.models import User

    return User.objects.get(email="adp.sef@primaria-demo.ro")


@pytest.fixture
def department(publisher):
    from primaria.alerts.rules import departments_for

    return departments_for(publisher).first()


def polygon(west, south, east, north):
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}


@pytest.fixture
def make_alert(publisher, department):
    from django.utils import timezone

    from primaria.alerts import services

    def make(geometry, *, topic="apa", publish=True, title="Întrerupere apă pe strada de test", hours=(-1, 24)):
        now = timezone.now()
        alert = services.save_draft(
            actor=publisher, topic=topic, title=title, description="Descrierea alertei din teste, destul de lungă.",
            geometry_value=geometry, starts_at=now + datetime.timedelta(hours=hours[0]),
            ends_at=now + datetime.timedelta(hours=hours[1]), department_id=department.pk)
        if publish:
            alert = services.publish(actor=publisher, alert_id=alert.pk)
        return alert

    return make


def resident(email, first="Rezident"):
    from primaria.accounts.models import User

    return User.objects.create_user(email=email, password="Parola-Test-2026!", first_name=first, last_name="Test")
