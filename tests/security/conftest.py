import time
from base64 import b32encode

import pyotp
import pytest

DEMO_PASSWORD = "Demo-2026!"


def code_for(device, at=None) -> str:
    """What the official's authenticator app shows for this device (RFC 6238, computed by pyotp)."""
    return pyotp.TOTP(b32encode(device.bin_key).decode()).at(at or time.time())


def log_in(client, email, password=DEMO_PASSWORD):
    response = client.post("/cont/intrare/", {"username": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.fixture
def official(users):
    """An official (head of Urbanism) with no second factor yet."""
    from django_otp import devices_for_user

    user = users.urb_head
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    return user
